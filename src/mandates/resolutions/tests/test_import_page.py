"""The import page a planning officer uses: what the text prints (symbol, body, date, title) is taken
from it and only what is missing is asked for; the review page corrects the document's facts too; the
obligations saved are the parser's, as shown; abandoned drafts expire."""
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from mandates.resolutions import corrections, importing, services
from mandates.resolutions.models import ImportDraft, Obligation, Resolution
from mandates.resolutions.parsing import parse_text

CORPUS = Path(__file__).resolve().parent / "corpus" / "texts"
ARCHIVE_1966 = CORPUS / "1966_ecosoc_1104_archive.txt"  # "1416th Plenary Meeting" above the title, 16/ and */ marks
UNTITLED_GA = CORPUS / "1981_ga_36-168_radicali-partial.txt"  # names the Assembly; no number, no date


def test_the_symbol_body_date_and_title_are_read_from_an_archive_page(client, users, db):
    client.force_login(users["planning_officer"])
    response = client.post(reverse("resolutions:import"), {"text": ARCHIVE_1966.read_text(encoding="utf-8")})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ImportDraft.objects.get()
    assert (draft.symbol, draft.body, str(draft.date)) == ("E/RES/1966/1104(XL)", "ECOSOC", "1966-03-04")
    assert draft.title == "Report of the Commission on Narcotic Drugs"
    assert any("Read from the text: symbol, governing body, date of adoption, title" in n for n in draft.notes), draft.notes


def test_only_what_the_text_does_not_print_is_asked_for_with_field_errors(client, users, db):
    client.force_login(users["planning_officer"])
    url = reverse("resolutions:import")
    text = UNTITLED_GA.read_text(encoding="utf-8")
    page = client.post(url, {"text": text})
    assert page.status_code == 200 and not ImportDraft.objects.exists()
    errors = page.context["form"].errors
    assert "symbol" in errors and "date" in errors  # it prints neither
    assert "body" not in errors and "title" not in errors  # "The General Assembly," and its title it does
    assert "The text does not print its symbol" in errors["symbol"][0]
    page = client.post(url, {"text": text, "symbol": "A/RES/36/168", "date": "not a date"})
    assert "date" in page.context["form"].errors and "symbol" not in page.context["form"].errors
    with translation.override("fr"):
        page = client.post(url, {"text": text}, HTTP_ACCEPT_LANGUAGE="fr")
        assert "Le texte ne donne pas sa date d’adoption" in page.content.decode()
    response = client.post(url, {"text": text, "symbol": "A/RES/36/168", "date": "1981-12-17"})
    assert response.status_code == 302
    draft = ImportDraft.objects.get()
    assert (draft.symbol, draft.body, str(draft.date)) == ("A/RES/36/168", "GA", "1981-12-17")


def test_the_symbol_comes_from_the_number_only_where_the_number_says_it():
    def symbol(number, body):
        parsed = parse_text("The General Assembly,\n\n1. Requests the Secretary-General to report.\n")
        parsed.number_hint = number
        return importing.symbol_from_text(parsed, body)

    assert symbol("2434(XXIII)", "GA") == "A/RES/2434(XXIII)"
    assert symbol("64/179", "GA") == "A/RES/64/179"
    assert symbol("S-20/2", "GA") == "A/RES/S-20/2"
    assert symbol("20/2", "GA") == ""  # before 1976 the Assembly's numbers carry no session this way
    assert symbol("1958/688(XXVI)", "ECOSOC") == "E/RES/1958/688(XXVI)"
    assert symbol("55/3", "CND") == ""  # a Commission's resolution has no document symbol of its own


def test_the_obligations_saved_are_the_parsers_as_the_review_page_shows_them(db):
    parsed = parse_text(ARCHIVE_1966.read_text(encoding="utf-8"), body="ECOSOC")
    draft = services.prepare_import(ARCHIVE_1966.read_text(encoding="utf-8"), save=False)
    shown = [(p["number"], o["actor"], o["deadline_text"]) for p in draft.operative for o in p["obligations"]]
    expected = [(p.number, o.addressee, d.text if d else "") for p, o in parsed.obligations
                if o.addressee_category in ("office", "executive_director", "secretary_general") or o.passive
                for d in (o.deadlines or [None])]
    # paragraph 4 "Recommends that ... the Committee's meetings should be limited": passive, nobody named
    assert shown == [(2, "the Secretary-General", "at each annual session"), (4, "", "")] == expected
    resolution = services.commit_draft(draft, by=None, suggest=False)
    saved = [(o.paragraph.number, o.actor, o.deadline_text, o.recurrence, o.recipient_body)
             for o in Obligation.objects.filter(paragraph__resolution=resolution).order_by("paragraph__number")]
    assert saved == [(2, "the Secretary-General", "at each annual session", "session", "CND"),
                     (4, "", "", "", "ECOSOC")]
    assert Resolution.objects.get().symbol == "E/RES/1966/1104(XL)"


def test_the_review_page_corrects_the_documents_facts_audited_keeping_deadlines_set_by_hand(client, users, db):
    planner = users["planning_officer"]
    text = (CORPUS / "1958_ecosoc_688_archive.txt").read_text(encoding="utf-8")
    draft = services.prepare_import(text, by=planner)
    assert (draft.symbol, str(draft.date)) == ("E/RES/1958/688(XXVI)", "1958-07-28")
    second = next(p for p in draft.operative if p["number"] == 2)
    assert [o["deadline"] for o in second["obligations"]] == ["1959-04-01", "1959-06-01"]
    client.force_login(planner)
    review, correct = (reverse(name, args=[draft.pk]) for name in ("resolutions:review", "resolutions:review_correct"))
    page = client.get(review).content.decode()
    assert "Correct the title, symbol, body or date" in page and 'value="E/RES/1958/688(XXVI)"' in page

    # Wrong input: field errors on the form, what was typed kept, nothing changed.
    response = client.post(correct, {"action": "document", "symbol": "not a symbol", "body": "ECOSOC",
                                     "date": "1958-07-28", "title": "Technical assistance"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "is not a document symbol" in page and 'value="not a symbol"' in page
    response = client.post(correct, {"action": "document", "symbol": "E/RES/688(XXVI)", "body": "ECOSOC",
                                     "date": "1958-07-28", "title": ""})
    assert response.status_code == 422 and "This field is required" in response.content.decode()
    draft.refresh_from_db()
    assert draft.symbol == "E/RES/1958/688(XXVI)" and not draft.corrections

    # The officer dates the Commission's session by hand, then corrects the symbol and the date: the
    # paragraph corrected by hand keeps its deadline.
    corrections.draft_edit_obligation(draft, second["index"], 0, by=planner,
                                   deadline="1959-04-27", recipient_body="CND", recipient="")
    response = client.post(correct, {"action": "document", "symbol": "E/RES/688(XXVI)", "body": "ECOSOC",
                                     "date": "1958-07-29", "title": "Technical assistance for narcotics control"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.symbol, str(draft.date)) == ("E/RES/688(XXVI)", "1958-07-29")
    assert "Corrected the document: symbol “E/RES/1958/688(XXVI)” → “E/RES/688(XXVI)”; date of adoption" in \
        draft.corrections[-1]["what"] and draft.corrections[-1]["by"] == planner.username
    second = next(p for p in draft.operative if p["number"] == 2)
    assert [o["deadline"] for o in second["obligations"]] == ["1959-04-27", "1959-06-01"]
    resolution = services.commit_draft(draft, by=planner, suggest=False)
    assert (resolution.symbol, str(resolution.date), resolution.corrected_by) == ("E/RES/688(XXVI)", "1958-07-29",
                                                                                  planner)
    assert resolution.corrections[-1]["what"].startswith("Corrected the document")


def test_a_partial_text_names_its_last_complete_paragraph_on_the_review_page(client, users, db):
    planner = users["planning_officer"]
    draft = services.prepare_import((CORPUS / "1974_ga_3279_archive-partial.txt").read_text(encoding="utf-8"),
                                    by=planner, symbol="A/RES/3279(XXIX)")
    client.force_login(planner)
    page = client.get(reverse("resolutions:review", args=[draft.pk])).content.decode()
    warning = next(w for w in draft.warnings if "looks cut" in w)
    assert "The last complete paragraph is operative paragraph" in warning and warning in page
    assert "draft-paragraph--unsure" in page


def test_an_abandoned_draft_expires_on_the_workers_schedule_and_its_link_says_so(client, users, db, settings):
    import datetime

    from auditlog.models import LogEntry
    from django.utils import timezone

    from mandates.jobs import schedule

    planner = users["planning_officer"]
    settings.RESOLUTION_DRAFT_DAYS = 7
    old, fresh = (services.prepare_import(ARCHIVE_1966.read_text(encoding="utf-8"), by=planner, symbol=symbol)
                  for symbol in ("E/RES/1966/1104(XL)", "E/RES/1966/9999"))
    ImportDraft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=8))
    assert "resolutions.expire_drafts" in schedule.entries()
    schedule.run_due(force=True)  # what the worker runs
    assert list(ImportDraft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert LogEntry.objects.filter(object_pk=str(old.pk), action=LogEntry.Action.DELETE).exists()
    client.force_login(planner)
    for name in ("resolutions:review", "resolutions:review_save", "resolutions:review_correct"):
        url = reverse(name, args=[old.pk])
        response = client.get(url) if name == "resolutions:review" else client.post(url, {"action": "merge"})
        assert response.status_code == 404
        assert "more than 7 days and removed" in response.content.decode()
    assert client.get(reverse("resolutions:review", args=[fresh.pk])).status_code == 200


def test_the_api_and_the_command_line_also_take_what_the_text_prints(users, db, tmp_path, capsys):
    from django.core.management import CommandError, call_command
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(users["planning_officer"])
    response = api.post("/api/v1/resolutions/import", {"text": ARCHIVE_1966.read_text(encoding="utf-8")},
                        format="json")
    assert response.status_code == 201 and response.json()["symbol"] == "E/RES/1966/1104(XL)"
    response = api.post("/api/v1/resolutions/import", {"text": UNTITLED_GA.read_text(encoding="utf-8")},
                        format="json")
    assert response.status_code == 400 and set(response.json()) == {"symbol", "date"}
    path = tmp_path / "1958-688.txt"
    path.write_text((CORPUS / "1958_ecosoc_688_archive.txt").read_text(encoding="utf-8"), encoding="utf-8")
    call_command("import_resolution", str(path))
    assert "E/RES/1958/688(XXVI): 1 preambular and 2 operative paragraphs, 3 obligations" in capsys.readouterr().out
    path.write_text(UNTITLED_GA.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        call_command("import_resolution", str(path))
    except CommandError as exc:
        assert "symbol: The text does not print its symbol" in str(exc) and "date:" in str(exc)
    else:
        raise AssertionError("a text without its symbol and date was imported")
