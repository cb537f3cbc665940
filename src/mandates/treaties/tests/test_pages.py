"""Treaty pages: what each role sees and may do, the import page's error report, bounded queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandates.core.testing import with_version
from mandates.treaties.models import Instrument, Participant, TreatyEvent

HEADER = 'Participant,Signature,"Ratification, Accession(a)"\n'


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "reader", "member_state_reader", "finance_officer", "planning_officer"])
def test_everyone_reads_the_treaty_pages(client, untoc, users, role):
    if role:
        client.force_login(users[role])
    for url in ("/treaties/", "/treaties/instruments/XVIII-12/", "/treaties/status-table/", "/treaties/states/",
                "/treaties/states/BRB/", "/treaties/assisted-ratifications/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_instrument_page_shows_counts_as_at_the_chosen_date(client, untoc):
    page = client.get("/treaties/instruments/XVIII-12/", {"as_of": "2009-05-31"}).content.decode()
    assert 'data-testid="parties">149<' in page and "vendor/chart.umd.js" in page and "countries-110m.json" in page
    with_eu = client.get("/treaties/instruments/XVIII-12/", {"as_of": "2009-05-31", "include_rei": "on"}).content.decode()
    assert 'data-testid="parties">150<' in with_eu
    bad = client.get("/treaties/instruments/XVIII-12/", {"as_of": "2009-13-45"})
    assert bad.status_code == 200 and "Showing today" in bad.content.decode()
    before = client.get("/treaties/instruments/XVIII-12/", {"as_of": "2001-01-01"}).content.decode()
    assert 'data-testid="parties">0<' in before and "Not yet" in before


@pytest.mark.django_db
def test_list_page_counts_and_link_to_state_profile(client, untoc):
    page = client.get("/treaties/", {"as_of": "2009-05-31"}).content.decode()
    for figure in ("<strong>149</strong>", "<strong>130</strong>", "<strong>119</strong>"):
        assert figure in page
    profile = client.get("/treaties/states/BRB/").content.decode()
    assert "Not yet party to (3)" in profile and "/countries/BRB/" in profile


@pytest.mark.django_db
def test_status_table_as_csv(client, untoc):
    response = client.get("/treaties/status-table/", {"as_of": "2009-05-31", "format": "csv",
                                                      "instruments": ["XVIII-12", "XVIII-12-b"]})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("participant,iso3,regional_organization,XVIII-12 signature,XVIII-12 consent")
    assert "XVIII-12-a" not in lines[0]
    albania = next(line for line in lines if line.startswith("Albania,"))
    assert albania == "Albania,ALB,,2000-12-12,2002-08-21,ratification,2000-12-12,2002-08-21,ratification"
    assert not any(line.startswith("European Union") for line in lines)
    html = client.get("/treaties/status-table/", {"as_of": "2009-05-31"}).content.decode()
    # UNTC notation: a ratification has no letter, an accession "a"; the EU only with include_rei.
    assert "<td>24 Sep 2003</td>" in html and "<td>7 Jun 2004 a</td>" in html  # Afghanistan, Bahrain
    assert "/treaties/states/EU/" not in html
    assert "/treaties/states/EU/" in client.get("/treaties/status-table/", {"include_rei": "on"}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role, allowed", [
    ("administrator", True), ("planning_officer", True), ("programme_manager", False), ("reader", False),
    ("member_state_reader", False), (None, False),
])
def test_only_planning_officers_and_administrators_import(client, m49, users, role, allowed):
    if role:
        client.force_login(users[role])
    upload = SimpleUploadedFile("status.csv", (HEADER + "France,12 Dec 2000,29 Oct 2002\n").encode(), "text/csv")
    response = client.post("/treaties/import/", {"file": upload, "instrument": "T-1"})
    if allowed:
        assert response.status_code == 302 and TreatyEvent.objects.count() == 2
    else:
        assert response.status_code in (302, 403) and not TreatyEvent.objects.exists()
        assert client.get("/treaties/import/").status_code in (302, 403)


@pytest.mark.django_db
def test_import_page_reports_numbered_lines_and_saves_nothing(client, m49, users):
    client.force_login(users["planning_officer"])
    upload = SimpleUploadedFile("18-99.csv", (HEADER + "France,12 Dec 2000,\nNarnia,1 Jan 2001,\nKenya,30 Feb 2001,\n").encode())
    page = client.post("/treaties/import/", {"file": upload}, follow=True)  # a background job, then its page
    text = page.content.decode()
    assert page.status_code == 200 and "line 3" in text and "Narnia" in text and "line 4" in text and "impossible" in text
    assert "nothing was saved" in text
    assert not Instrument.objects.exists() and not Participant.objects.exists()


@pytest.mark.django_db
def test_import_page_creates_an_unknown_instrument_from_the_file_name(client, m49, users):
    client.force_login(users["planning_officer"])
    upload = SimpleUploadedFile("18-99.csv", (HEADER + "France,12 Dec 2000,\nKenya,,1 Jan 2001 a\n").encode())
    response = client.post("/treaties/import/", {"file": upload, "short_name": "Imaginary Convention", "group": "terrorism"})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert 'href="/treaties/instruments/XVIII-99/"' in client.get(response["Location"]).content.decode()
    inst = Instrument.objects.get(code="XVIII-99")
    assert (inst.short_name, inst.group, inst.events.count()) == ("Imaginary Convention", "terrorism", 2)


@pytest.mark.django_db
def test_linking_assistance_to_a_ratification(client, untoc, users, project):
    event = TreatyEvent.objects.get(participant__code="ALB", instrument__code="XVIII-12", kind="ratification")
    client.force_login(users["reader"])
    assert client.post(f"/treaties/events/{event.pk}/assistance/", {"projects": [project.pk]}).status_code == 403
    client.force_login(users["planning_officer"])
    response = client.post(f"/treaties/events/{event.pk}/assistance/", {"projects": [project.pk]})
    assert response.status_code == 302 and list(event.assisted_by_projects.all()) == [project]
    profile = client.get("/treaties/states/ALB/").content.decode()
    assert "GLOT32" in profile
    report = client.get("/treaties/assisted-ratifications/", {"date_from": "2002-01-01", "date_to": "2002-12-31"})
    row = next(r for r in report.context["rows"] if r.code == "XVIII-12")
    assert row.assisted == 1


@pytest.mark.django_db
def test_instrument_edit_is_validated_and_audited(client, untoc, users):
    client.force_login(users["planning_officer"])
    inst = Instrument.objects.get(code="XVIII-12-a")
    data = {"code": "XVIII-12-a", "short_name": "Trafficking in Persons Protocol", "title": inst.title, "group": "organized_crime",
            "parent": inst.parent_id, "depositary": inst.depositary, "adoption_place": "New York",
            "adoption_date": "2000-11-15", "entry_into_force": "1999-01-01", "untc_url": "", "position": 2}
    page = client.post("/treaties/instruments/XVIII-12-a/edit/", with_version(client, "/treaties/instruments/XVIII-12-a/edit/", data))
    assert page.status_code == 200 and "cannot be before adoption" in page.content.decode()
    data["entry_into_force"] = "2003-12-25"
    data["short_name"] = "Trafficking Protocol"
    data["entry_into_force_source"] = ""
    page = client.post("/treaties/instruments/XVIII-12-a/edit/", with_version(client, "/treaties/instruments/XVIII-12-a/edit/", data))  # a date is a fact only with its source
    assert page.status_code == 200 and "Say where the entry-into-force date comes from" in page.content.decode()
    data["entry_into_force_source"] = "UNODC, Signatories to the Convention and its Protocols"
    assert client.post("/treaties/instruments/XVIII-12-a/edit/", with_version(
        client, "/treaties/instruments/XVIII-12-a/edit/", data)).status_code == 302
    detail = client.get("/treaties/instruments/XVIII-12-a/").content.decode()
    assert "Trafficking Protocol" in detail and "History" in detail
    assert "source: UNODC, Signatories to the Convention and its Protocols" in detail
    client.force_login(users["reader"])
    assert client.get("/treaties/instruments/XVIII-12-a/edit/").status_code == 403


def test_entry_into_force_dates_are_shipped_only_with_their_source():
    """Every date in the data file names where it comes from; an unsourced one is left unknown."""
    from mandates.treaties import reference

    reference.catalogue.cache_clear()
    entries = [e for e in reference.catalogue().values() if "entry_into_force_source" in e]
    assert entries
    for entry in entries:
        if entry["entry_into_force"]:
            assert entry["entry_into_force_source"] and not entry["entry_into_force_source"].startswith("Not sourced")
        else:
            assert entry["entry_into_force_source"].startswith("Not sourced")
    assert reference.catalogue()["XVIII-12"]["entry_into_force"].isoformat() == "2003-09-29"


@pytest.mark.django_db
def test_pages_run_a_bounded_number_of_queries(client, untoc, users, django_assert_max_num_queries):
    assert TreatyEvent.objects.count() > 800
    client.force_login(users["reader"])
    for url, limit in (("/treaties/instruments/XVIII-12/?include_rei=on", 12), ("/treaties/", 4),
                       ("/treaties/status-table/", 6), ("/treaties/states/", 5), ("/treaties/states/FRA/", 8)):
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_import_page_asks_before_a_file_removes_events(client, m49, users):
    """A status file that leaves out recorded events is refused, naming them, until the person ticks
    “Remove the events this file no longer lists” (issue 14)."""
    client.force_login(users["planning_officer"])

    def post(body, **extra):
        upload = SimpleUploadedFile("status.csv", (HEADER + body).encode(), "text/csv")
        return client.post("/treaties/import/", {"file": upload, "instrument": "T-1", **extra})

    assert post("France,12 Dec 2000,29 Oct 2002\nKenya,,16 Jun 2004\n").status_code == 302
    assert TreatyEvent.objects.count() == 3
    refused = post("France,12 Dec 2000,29 Oct 2002\n")  # a background job: its page says why it was refused
    assert refused.status_code == 302 and refused["Location"].startswith("/jobs/")
    job_page = client.get(refused["Location"]).content.decode()
    assert "no longer lists 1 event the instrument has" in job_page and "Kenya" in job_page
    assert TreatyEvent.objects.count() == 3
    assert post("France,12 Dec 2000,29 Oct 2002\n", replace="on").status_code == 302
    assert TreatyEvent.objects.count() == 2
