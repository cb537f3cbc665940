"""The import page a planning officer uses: what the text prints (symbol, body, date, title) is taken
from it and only what is missing is asked for; the review page corrects the document's facts too; the
obligations saved are the parser's, as shown; abandoned drafts expire."""
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from mandates.resolutions import importing, services
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
