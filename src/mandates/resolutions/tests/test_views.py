"""The pages: who may see and do what, forms with field errors, corrections, bounded queries."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mandates.core.testing import with_version
from mandates.resolutions import services
from mandates.resolutions.models import ImportDraft, Obligation, Resolution, ResultLink

from .conftest import seed_text


def big_resolution(count: int) -> str:
    lines = ["Money-laundering in many regions", "", "The General Assembly,", "", "Recalling its resolutions,", ""]
    for number in range(1, count + 1):
        lines += [f"{number}. Requests the United Nations Office on Drugs and Crime to assist States against "
                  f"money-laundering in region {number} and to report to the General Assembly at its sixty-fifth "
                  "session;", ""]
    return "\n".join(lines)


@pytest.fixture
def ga(seeds):
    return seeds["A/RES/64/179"]


def test_everyone_reads_the_list_and_a_resolution(client, seeds, ga):
    page = client.get(reverse("resolutions:list"))
    assert page.status_code == 200
    for symbol in seeds:
        assert symbol in page.content.decode()
    assert "Import a resolution" not in page.content.decode()
    detail = client.get(reverse("resolutions:detail", args=[ga.pk])).content.decode()
    assert '<strong class="paragraph__verb">Also requests</strong>' in detail
    assert '<mark class="paragraph__addressee">the Secretary-General</mark>' in detail
    assert "Confirm</button>" not in detail and "History" not in detail


def test_list_filters(client, seeds):
    def listed(**params):
        return [r.symbol for r in client.get(reverse("resolutions:list"), params).context["page_obj"]]

    assert listed(body="GA") == ["A/RES/64/179"]
    assert listed(year="2009", q="regional") == ["E/RES/2009/23"]
    assert listed(q="E/RES/2007") == ["E/RES/2007/12"]
    assert listed(year="not a year") == ["A/RES/64/179", "E/RES/2009/23", "E/RES/2007/12", "E/RES/2004/32"]


def test_planning_officer_sees_decisions_and_history(client, users, ga):
    client.force_login(users["planning_officer"])
    page = client.get(reverse("resolutions:detail", args=[ga.pk])).content.decode()
    assert "Confirm</button>" in page and "Reject</button>" in page and "History" in page
    assert "Correct</a>" in page and "Merge with the next" in page


@pytest.mark.parametrize("role", ["reader", "programme_manager", "finance_officer", "member_state_reader"])
def test_only_planners_and_administrators_import_and_correct(client, users, ga, role):
    client.force_login(users[role])
    assert client.get(reverse("resolutions:import")).status_code == 403
    paragraph = ga.paragraphs.get(kind="operative", number=8)
    assert client.post(reverse("resolutions:paragraph_edit", args=[paragraph.pk]), {}).status_code == 403
    link = ResultLink.objects.filter(paragraph=paragraph).first()
    assert client.post(reverse("resolutions:link_decide", args=[link.pk]), {"state": "confirmed"}).status_code == 403
    assert client.post(reverse("resolutions:delete", args=[ga.pk])).status_code == 403
    link.refresh_from_db()
    assert link.state == "suggested"
    assert client.get(reverse("resolutions:detail", args=[ga.pk])).status_code == 200


def test_the_public_cannot_import(client, db):
    response = client.get(reverse("resolutions:import"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_import_page(client, users, strategy):
    client.force_login(users["planning_officer"])
    assert client.get(reverse("resolutions:import")).status_code == 200
    upload = SimpleUploadedFile("64-179.txt", seed_text("003").encode(), content_type="text/plain")
    response = client.post(reverse("resolutions:import"), {
        "file": upload, "symbol": "A/RES/64/179", "body": "GA", "date": "2009-12-18"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")  # a background job
    assert not Resolution.objects.exists()  # read and split, not saved: the officer reviews it first
    draft = ImportDraft.objects.get(symbol="A/RES/64/179")
    job_page = client.get(response["Location"]).content.decode()
    assert reverse("resolutions:review", args=[draft.pk]) in job_page and "33 operative paragraphs" in job_page
    review = client.get(reverse("resolutions:review", args=[draft.pk])).content.decode()
    assert review.count('class="card paragraph draft-paragraph') == len(draft.paragraphs)
    response = client.post(reverse("resolutions:review_save", args=[draft.pk]))
    resolution = Resolution.objects.get(symbol="A/RES/64/179")
    assert response["Location"] == reverse("resolutions:detail", args=[resolution.pk])
    assert not ImportDraft.objects.exists()
    assert resolution.imported_by == users["planning_officer"] and resolution.corrected_by is None
    assert resolution.paragraphs.filter(kind="operative").count() == 33


def test_import_page_shows_field_errors(client, users, db):
    client.force_login(users["administrator"])
    url = reverse("resolutions:import")
    page = client.post(url, {"symbol": "A/RES/64/179", "body": "GA", "date": "2009-12-18"})
    assert page.status_code == 200 and "Choose a file or paste the text." in page.content.decode()
    page = client.post(url, {"text": "The General Assembly,\n\nRecalling,\n", "symbol": "A/RES/64/1", "body": "GA",
                             "date": "yesterday"})
    assert "Enter a valid date." in page.content.decode()
    page = client.post(url, {"text": "The General Assembly,\n\nRecalling its work,\n", "symbol": "A/RES/64/1",
                             "body": "GA", "date": "2009-12-18"}, follow=True)
    assert "Line 3: no operative paragraph" in page.content.decode()
    services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30")
    page = client.post(url, {"text": seed_text("000"), "symbol": "E/RES/2009/23", "body": "ECOSOC",
                             "date": "2009-07-30"}, follow=True)
    assert "already imported" in page.content.decode()
    assert Resolution.objects.count() == 1


def test_correct_a_paragraph(client, users, ga):
    client.force_login(users["planning_officer"])
    paragraph = ga.paragraphs.get(kind="operative", number=31)
    url = reverse("resolutions:paragraph_edit", args=[paragraph.pk])
    data = {"kind": "operative", "number": 31, "verb": "Recommends", "addressee_category": "other",
            "addressee": "the Conference of the Parties", "text": paragraph.text}
    assert client.post(url, with_version(client, url, data)).status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.addressee == "the Conference of the Parties" and paragraph.edited
    page = client.post(url, with_version(client, url, {**data, "number": 30}))
    assert "Paragraph 30 already exists" in page.content.decode()


def test_merge_and_split_through_the_pages(client, users, ga):
    client.force_login(users["planning_officer"])
    nine = ga.paragraphs.get(kind="operative", number=9)
    ten_text = ga.paragraphs.get(kind="operative", number=10).text
    assert client.post(reverse("resolutions:paragraph_merge", args=[nine.pk])).status_code == 302
    nine.refresh_from_db()
    assert nine.text.endswith(ten_text) and not ga.paragraphs.filter(number=10).exists()
    assert nine.obligations.count() == 2  # paragraph 10's obligation came along
    response = client.post(reverse("resolutions:paragraph_split", args=[nine.pk]),
                           {"at": ten_text[:60], "number": 10})
    assert response.status_code == 302
    ten = ga.paragraphs.get(kind="operative", number=10)
    assert ten.text == ten_text and ten.verb == "Urges" and ten.addressee_category == "office"
    assert ga.paragraphs.filter(kind="operative").count() == 33
    page = client.post(reverse("resolutions:paragraph_split", args=[ten.pk]), {"at": "words not there"})
    assert "These words are not in the paragraph." in page.content.decode()


def test_confirm_a_link_and_see_it_by_result(client, users, ga, strategy):
    client.force_login(users["planning_officer"])
    link = ResultLink.objects.get(paragraph__resolution=ga, paragraph__number=8, result__code="1.2.2")
    response = client.post(reverse("resolutions:link_decide", args=[link.pk]), {"state": "confirmed"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.state == "confirmed" and link.decided_by == users["planning_officer"]
    page = client.get(reverse("resolutions:result", args=["2008-2011", "1.2.2"])).content.decode()
    assert "A/RES/64/179, paragraph 8" in page and "Confirmed by" in page
    index = client.get(reverse("resolutions:results")).content.decode()
    assert "1.2.2" in index
    unanswered = client.get(reverse("resolutions:detail", args=[ga.pk])).context["unanswered"]
    assert 8 not in [p.number for p in unanswered] and 6 in [p.number for p in unanswered]


def test_answer_an_obligation(client, users, ga):
    client.force_login(users["planning_officer"])
    obligation = Obligation.objects.get(paragraph__resolution=ga, paragraph__number=32)
    url = reverse("resolutions:obligation_edit", args=[obligation.pk])
    data = {"kind": "report", "actor": obligation.actor, "recipient_body": "GA", "recipient": "General Assembly",
            "deadline_text": obligation.deadline_text, "deadline": "2010-09-14", "status": "answered"}
    page = client.post(url, with_version(client, url, data))
    assert "Say what answered it" in page.content.decode()
    assert client.post(url, with_version(client, url, {**data, "report_symbol": "A/65/116",
                                                       "report_date": "2010-07-02"})).status_code == 302
    obligation.refresh_from_db()
    assert obligation.state == "answered" and obligation.report_symbol == "A/65/116"
    calendar = client.get(reverse("resolutions:calendar"), {"status": "answered"}).content.decode()
    assert "A/RES/64/179" in calendar
    overdue = client.get(reverse("resolutions:calendar"), {"status": "overdue", "body": "GA", "year": "2010"})
    assert [o.paragraph.number for o in overdue.context["page_obj"]] == [20, 21, 33]  # 32 is answered


def test_pages_run_a_bounded_number_of_queries(client, users, strategy, django_assert_max_num_queries):
    small = services.import_resolution(big_resolution(3), symbol="A/RES/65/1", body="GA", date="2010-12-21")
    large = services.import_resolution(big_resolution(150), symbol="A/RES/65/2", body="GA", date="2010-12-21",
                                       duplicate_reason="the same paragraph, repeated: a test of sizes")
    assert Obligation.objects.filter(paragraph__resolution=large).count() == 150
    assert ResultLink.objects.filter(paragraph__resolution=large).count() >= 150
    client.force_login(users["planning_officer"])
    for resolution in (small, large):
        with django_assert_max_num_queries(16):
            assert client.get(reverse("resolutions:detail", args=[resolution.pk])).status_code == 200
    for url in (reverse("resolutions:list"), reverse("resolutions:calendar"), reverse("resolutions:results"),
                reverse("resolutions:result", args=["2008-2011", "1.2.2"])):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
