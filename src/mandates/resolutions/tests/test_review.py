"""The import review: the split shown before saving, corrected (audited), saved all or nothing; a cut
text warned about; the same text under another symbol flagged on every import path."""
import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from mandates.core.testing import SEEDS_DIR
from mandates.resolutions import services
from mandates.resolutions.models import ImportDraft, Obligation, Paragraph, Resolution

from .conftest import seed_text

GA = {"symbol": "A/RES/64/179", "body": "GA", "date": "2009-12-18"}


def operative(draft) -> dict:
    return {p["number"]: p for p in draft.operative}


def test_review_page_corrections_are_audited_and_the_saved_resolution_records_them(client, users, strategy,
                                                                                   django_assert_max_num_queries):
    planner = users["planning_officer"]
    draft = services.prepare_import(seed_text("003"), by=planner, **GA)
    assert not Resolution.objects.exists() and draft.owner == planner
    client.force_login(planner)
    review, correct = (reverse(f"resolutions:{name}", args=[draft.pk]) for name in ("review", "review_correct"))
    with django_assert_max_num_queries(8):  # the draft is one row, whatever the number of paragraphs
        page = client.get(review).content.decode()
    assert len(re.findall(r'<article class="card paragraph draft-paragraph', page)) == 19 + 33
    assert "2010-06-30" in page and "at its sixty-fifth session" in page  # deadlines, dated, with their words

    # A deadline and its recipient (htmx: the page comes back and the split is swapped in).
    p20 = operative(draft)[20]
    response = client.post(correct, {"action": "obligation", "index": p20["index"], "obligation": 0,
                                     "deadline": "2010-07-15", "recipient_body": "CCPCJ", "recipient": "the Commission"},
                           HTTP_HX_REQUEST="true", follow=True)
    assert response.status_code == 200 and '<time datetime="2010-07-15">' in response.content.decode()
    # A boundary: split paragraph 5 in the middle, then merge the two halves again.
    p5, last = operative(draft)[5], operative(draft)[33]["text"]
    words = p5["text"].split()
    at = " ".join(words[len(words) // 2:len(words) // 2 + 5])
    assert p5["text"].count(at) == 1
    client.post(correct, {"action": "split", "index": p5["index"], "at": at})
    draft.refresh_from_db()
    assert len(draft.operative) == 34 and operative(draft)[6]["text"].startswith(at)
    assert operative(draft)[34]["text"] == last  # the later paragraphs renumbered
    client.post(correct, {"action": "merge", "index": p5["index"]})
    draft.refresh_from_db()
    assert len(draft.operative) == 33 and " ".join(operative(draft)[5]["text"].split()) == " ".join(words)
    # A verb and an addressee.
    client.post(correct, {"action": "paragraph", "index": operative(draft)[7]["index"], "verb": "Calls upon",
                          "addressee_category": "member_states", "addressee": "Member States"})
    # A wrong correction says why and changes nothing.
    response = client.post(correct, {"action": "split", "index": p5["index"], "at": "words not in it"})
    assert response.status_code == 422 and "These words are not in the paragraph." in response.content.decode()
    draft.refresh_from_db()
    assert [c["by"] for c in draft.corrections] == ["planner"] * 4

    response = client.post(reverse("resolutions:review_save", args=[draft.pk]))
    resolution = Resolution.objects.get()
    assert response["Location"] == reverse("resolutions:detail", args=[resolution.pk])
    assert resolution.corrected_by == planner and len(resolution.corrections) == 4
    assert "Merged operative paragraph 5" in resolution.corrections[2]["what"]
    assert resolution.paragraphs.filter(kind="operative").count() == 33
    obligation = Obligation.objects.get(paragraph__resolution=resolution, paragraph__number=20)
    assert (str(obligation.deadline), obligation.recipient_body) == ("2010-07-15", "CCPCJ")
    assert obligation.deadline_rule == "set by hand at the import review"
    seventh = resolution.paragraphs.get(kind="operative", number=7)
    assert (seventh.verb, seventh.addressee, seventh.edited) == ("Calls upon", "Member States", True)
    assert not ImportDraft.objects.exists()
    # The audit trail names the officer: each correction of the draft, and the saved resolution.
    corrections = LogEntry.objects.filter(content_type__model="importdraft", actor=planner, action=LogEntry.Action.UPDATE)
    assert corrections.count() == 4 and all("corrections" in e.changes_dict for e in corrections)
    created = LogEntry.objects.get_for_object(resolution).get(action=LogEntry.Action.CREATE)
    assert created.actor == planner and "corrected_by" in created.changes_dict
    page = client.get(reverse("resolutions:detail", args=[resolution.pk])).content.decode()
    assert '<time datetime="2010-07-15">' in page and "4 corrections by" in page


def test_a_draft_is_its_importers_until_saved(client, users, db):
    draft = services.prepare_import(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30",
                                    by=users["planning_officer"])
    client.force_login(users["administrator"])
    assert client.get(reverse("resolutions:review", args=[draft.pk])).status_code == 404
    client.force_login(users["reader"])
    assert client.get(reverse("resolutions:review", args=[draft.pk])).status_code == 403
    client.force_login(users["planning_officer"])
    client.post(reverse("resolutions:review_cancel", args=[draft.pk]))
    assert not ImportDraft.objects.exists() and not Resolution.objects.exists()


def test_nothing_is_half_saved_when_saving_fails_in_the_middle(client, users, db):
    planner = users["planning_officer"]
    draft = services.prepare_import(seed_text("003"), by=planner, **GA)
    # A stored draft damaged after half its paragraphs: paragraph 32's deadline is no date.
    operative(draft)[32]["obligations"][0]["deadline"] = "2010-02-30"
    draft.save()
    with pytest.raises(ValidationError):
        services.commit_draft(draft, by=planner)
    assert (Resolution.objects.count(), Paragraph.objects.count(), Obligation.objects.count()) == (0, 0, 0)
    client.force_login(planner)
    response = client.post(reverse("resolutions:review_save", args=[draft.pk]))
    assert response.status_code == 422 and "is not a date" in response.content.decode()
    assert not Resolution.objects.exists() and ImportDraft.objects.filter(pk=draft.pk).exists()


def test_a_cut_text_is_imported_with_a_warning_naming_the_last_complete_paragraph(db):
    text = seed_text("003")
    line = next(line for line in text.split("\n") if line.strip().startswith("20.\t"))
    cut = text[:text.index(line) + len(line) // 2].rstrip(" ,;.")
    draft = services.prepare_import(cut, save=False, **GA)
    warning = next(w for w in draft.warnings if "cut" in w or "partial" in w.lower())
    assert re.search(r"last complete paragraph is (?:operative paragraph )?19\b", warning)
    assert draft.paragraphs[-1]["number"] == 20 and draft.paragraphs[-1]["unsure"]
    resolution = services.commit_draft(draft, by=None)
    assert resolution.paragraphs.filter(kind="operative").count() == 20 and warning in resolution.import_warnings


def test_a_report_is_refused_and_nothing_saved(db):
    report = SEEDS_DIR / "004_84aaecac288c9f6c.txt"  # A/64/123, a report of the Secretary-General
    if not report.exists():
        pytest.skip("the shared seeds are not on this machine")
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(report, **GA)
    message = caught.value.message_dict["source"][0]
    assert "the text reads like a report" in message and "Report of the Secretary-General" in message
    assert not Resolution.objects.exists() and not ImportDraft.objects.exists()


def test_the_same_text_under_another_symbol_is_flagged_on_every_import_path(client, users, db, tmp_path, capsys):
    planner = users["planning_officer"]
    council = {"body": "ECOSOC", "date": "2009-07-30"}
    first = services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", **council)
    assert len(first.operative_hash) == 64
    # The same text, copied differently (blank lines between the paragraphs, Windows line ends).
    again = seed_text("000").replace("\n", "\r\n\r\n")
    draft = services.prepare_import(again, symbol="E/RES/2009/99", by=planner, **council)
    assert (draft.duplicate_of, draft.duplicate_score) == (first, 1.0)
    client.force_login(planner)
    page = client.get(reverse("resolutions:review", args=[draft.pk])).content.decode()
    assert "This is the same text as E/RES/2009/23, imported on" in page and "Import anyway" in page
    response = client.post(reverse("resolutions:review_save", args=[draft.pk]))
    assert response.status_code == 422 and "give the reason to import it anyway" in response.content.decode()
    client.post(reverse("resolutions:review_save", args=[draft.pk]), {"duplicate_reason": "Corrected reissue"})
    saved = Resolution.objects.get(symbol="E/RES/2009/99")
    assert (saved.duplicate_of, saved.duplicate_reason) == (first, "Corrected reissue")
    page = client.get(reverse("resolutions:detail", args=[saved.pk])).content.decode()
    assert "imported anyway: Corrected reissue" in page
    entry = LogEntry.objects.get_for_object(saved).get(action=LogEntry.Action.CREATE)
    assert entry.actor == planner and entry.changes_dict["duplicate_reason"][1] == "Corrected reissue"

    # Nearly the same: a paragraph reworded and the last one left out.
    near = seed_text("000").replace("Welcomes the adoption", "Notes with appreciation the adoption")
    near = near[:near.index("- 13.")]
    draft = services.prepare_import(near, symbol="E/RES/2009/98", save=False, **council)
    assert draft.duplicate_of == first and 0.9 <= draft.duplicate_score < 1
    # Another resolution is not.
    assert services.prepare_import(seed_text("001"), symbol="E/RES/2004/32", body="ECOSOC", date="2004-07-21",
                                   save=False).duplicate_of is None

    # The command line and the API keep the same rule.
    path = tmp_path / "2009-23.txt"
    path.write_text(seed_text("000"), encoding="utf-8")
    args = [str(path), "--symbol", "E/RES/2009/97", "--body", "ECOSOC", "--date", "2009-07-30"]
    with pytest.raises(CommandError, match="same text as E/RES/2009/23"):
        call_command("import_resolution", *args)
    call_command("import_resolution", *args, "--duplicate-reason", "Test of the command line")
    assert Resolution.objects.get(symbol="E/RES/2009/97").duplicate_reason == "Test of the command line"
    api = APIClient()
    api.force_authenticate(planner)
    data = {"text": seed_text("000"), "symbol": "E/RES/2009/96", **council}
    response = api.post("/api/v1/resolutions/import", data, format="json")
    assert response.status_code == 400 and "same text as E/RES/2009/23" in response.json()["duplicate_reason"][0]
    response = api.post("/api/v1/resolutions/import", {**data, "duplicate_reason": "API test"}, format="json")
    assert response.status_code == 201 and response.json()["operative_count"] == 13
    api.force_authenticate(users["reader"])
    assert api.post("/api/v1/resolutions/import", data, format="json").status_code == 403


def test_the_import_page_refuses_a_file_over_the_limit_and_reads_a_pdf(client, users, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mandates.resolutions.readers import MAX_UPLOAD_BYTES

    from .documents import make_pdf

    client.force_login(users["planning_officer"])
    url = reverse("resolutions:import")
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * MAX_UPLOAD_BYTES, content_type="application/pdf")
    page = client.post(url, {"file": big, "symbol": "E/RES/2009/23", "body": "ECOSOC", "date": "2009-07-30"})
    assert page.status_code == 200 and "the limit is 10.0" in page.content.decode()
    pdf = SimpleUploadedFile("E_RES_2009_23.pdf", make_pdf(seed_text("000"), "E/RES/2009/23"))
    response = client.post(url, {"file": pdf, "symbol": "E/RES/2009/23", "body": "ECOSOC", "date": "2009-07-30"})
    assert response.status_code == 302 and not ImportDraft.objects.get().duplicate_of
    draft = ImportDraft.objects.get()
    assert (draft.source_format, draft.source_name, len(draft.operative)) == ("pdf", "E_RES_2009_23.pdf", 13)
