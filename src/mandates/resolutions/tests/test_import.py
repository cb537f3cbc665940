"""Importing resolutions: the seeds, Word documents, the command, bad input (nothing saved)."""
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from mandates.resolutions import services
from mandates.resolutions.models import Obligation, Paragraph, Resolution, ResultLink

from .conftest import SEEDS, seed_text

D = datetime.date


def obligations_of(resolution):
    return {o.paragraph.number: o for o in Obligation.objects.filter(paragraph__resolution=resolution)
            .select_related("paragraph")}


def test_seeds_imported_with_their_paragraphs(seeds):
    expected = {"E/RES/2009/23": 13, "E/RES/2004/32": 9, "E/RES/2007/12": 9, "A/RES/64/179": 33}
    for symbol, count in expected.items():
        resolution = seeds[symbol]
        assert resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count() == count
        assert resolution.is_demo
    ga = seeds["A/RES/64/179"]
    assert ga.body == "GA" and ga.date == D(2009, 12, 18) and ga.session == "64th session"
    # Each seed says where its symbol comes from; the 2004 text prints no number, and the data says so.
    assert "printed in the text" in ga.symbol_source
    assert "UNVERIFIED" in seeds["E/RES/2004/32"].symbol_source
    assert ga.title.startswith("Strengthening the United Nations Crime Prevention")
    assert seeds["E/RES/2009/23"].date == D(2009, 7, 30)


def test_obligations_with_deadlines_and_recipients(seeds):
    ga = obligations_of(seeds["A/RES/64/179"])
    assert sorted(ga) == [6, 7, 8, 9, 10, 11, 12, 14, 16, 20, 21, 23, 25, 30, 32, 33]
    assert (ga[32].kind, ga[32].recipient_body, ga[32].deadline) == ("report", "GA", D(2010, 9, 14))
    assert ga[32].deadline_text == "at its sixty-fifth session"
    assert ga[33].kind == "report" and ga[33].deadline == D(2010, 9, 14)  # "the report referred to in paragraph 32"
    assert ga[20].deadline == D(2010, 6, 30) and ga[20].kind == "act"
    assert ga[21].deadline == D(2010, 6, 30)  # "the special meeting ... referred to in paragraph 20"
    assert ga[6].deadline is None and ga[6].actor == "the United Nations Office on Drugs and Crime"
    regional = obligations_of(seeds["E/RES/2009/23"])
    assert sorted(regional) == [7, 8, 13]
    assert regional[13].deadline == D(2011, 6, 30)
    assert regional[13].recipient == ("Commission on Narcotic Drugs and the Commission on Crime Prevention and "
                                      "Criminal Justice")
    strategy = obligations_of(seeds["E/RES/2007/12"])
    assert strategy[7].recipient_body == "CND" and strategy[7].deadline == D(2007, 11, 27)
    assert sorted(obligations_of(seeds["E/RES/2004/32"])) == [8, 9]


def test_import_is_audited_with_the_person(users):
    planner = users["planning_officer"]
    resolution = services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC",
                                            date="2009-07-30", by=planner)
    entry = LogEntry.objects.get_for_object(resolution).get()
    assert entry.actor == planner and entry.action == LogEntry.Action.CREATE
    paragraph = resolution.paragraphs.first()
    assert LogEntry.objects.get_for_object(paragraph).get().actor == planner
    assert resolution.imported_by == planner


def test_body_by_name_and_a_path(db, tmp_path):
    path = tmp_path / "res.md"
    path.write_text(seed_text("002"), encoding="utf-8")
    resolution = services.import_resolution(path, symbol="E/RES/2007/12", body="Economic and Social Council",
                                            date=D(2007, 7, 25))
    assert resolution.body == "ECOSOC" and resolution.source_format == "markdown"
    assert resolution.source_name == "res.md"


def build_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Strengthening cooperation against money-laundering", level=1)
    document.add_paragraph("The Commission on Narcotic Drugs,")
    preamble = document.add_paragraph()
    preamble.add_run("Recalling").italic = True
    preamble.add_run(" its resolution 52/1,")
    note = preamble.add_run("1")
    note.font.superscript = True
    first = document.add_paragraph("1.\t")
    first.add_run("Requests").italic = True
    first.add_run(" the United Nations Office on Drugs and Crime to continue to assist States against "
                  "money-laundering and to report to the Commission at its fifty-fourth session;")
    second = document.add_paragraph(style="List Number")
    second.add_run("Also invites").italic = True
    second.add_run(" Member States to share information;")
    third = document.add_paragraph(style="List Number")
    third.add_run("Decides to remain seized of the matter.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_import(db):
    resolution = services.import_resolution(io.BytesIO(build_docx()), symbol="E/CN.7/2010/1", body="CND",
                                            date="2010-03-12", name="cnd.docx")
    assert resolution.source_format == "docx"
    assert resolution.title == "Strengthening cooperation against money-laundering"
    operative = list(resolution.paragraphs.filter(kind="operative"))
    assert [(p.number, p.verb, p.addressee_category) for p in operative] == [
        (1, "Requests", "office"), (2, "Also invites", "member_states"), (3, "Decides", "none")]
    preamble = resolution.paragraphs.get(kind="preambular")
    assert preamble.text == "Recalling its resolution 52/1,"  # the superscript note reference is gone
    obligation = operative[0].obligations.get()
    assert (obligation.kind, obligation.recipient_body, obligation.deadline) == ("report", "CND", D(2011, 3, 21))


def test_no_operative_paragraph_saves_nothing(db):
    text = "Resolution 1/1\n\nThe General Assembly,\n\nRecalling its resolution 63/195,\n\n12th plenary meeting\n"
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(text, symbol="A/RES/1/1", body="GA", date="2009-12-18")
    assert "Line 7" in caught.value.message_dict["source"][0]
    assert not Resolution.objects.exists() and not Paragraph.objects.exists() and not LogEntry.objects.exists()


def test_unreadable_dates(db):
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC", date="30/07/2009")
    assert "date" in caught.value.message_dict
    text = seed_text("000").replace("44th plenary meeting 30 July 2009", "44th plenary meeting 31 Juli 2009")
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(text, symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30")
    assert caught.value.message_dict["source"][0].startswith("Line 30: the date of adoption “31 Juli 2009”")
    assert not Resolution.objects.exists()


@pytest.mark.parametrize("field, kwargs", [
    ("symbol", {"symbol": "not a symbol"}),
    ("body", {"body": "Human Rights Council of Atlantis"}),
    ("source", {"source": ""}),
])
def test_bad_arguments_name_their_field(db, field, kwargs):
    args = {"source": seed_text("000"), "symbol": "E/RES/2009/23", "body": "ECOSOC", "date": "2009-07-30"}
    args.update(kwargs)
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(args.pop("source"), **args)
    assert field in caught.value.message_dict
    assert not Resolution.objects.exists()


def test_same_symbol_again_is_refused_unless_replaced(db):
    first = services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30")
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(seed_text("000"), symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30")
    assert "already imported" in caught.value.message_dict["symbol"][0]
    second = services.import_resolution(seed_text("001"), symbol="E/RES/2009/23", body="ECOSOC", date="2009-07-30",
                                        replace=True)
    assert not Resolution.objects.filter(pk=first.pk).exists()
    assert second.paragraphs.filter(kind="operative").count() == 9
    assert Paragraph.objects.count() == second.paragraphs.count()


def test_command_imports_and_reports(db, capsys):
    path = next(SEEDS.glob("003_*.txt"))
    call_command("import_resolution", str(path), "--symbol", "A/RES/64/179", "--body", "GA", "--date", "2009-12-18")
    out = capsys.readouterr().out
    assert "A/RES/64/179: 19 preambular and 33 operative paragraphs, 16 obligations." in out
    with pytest.raises(CommandError, match="already imported"):
        call_command("import_resolution", str(path), "--symbol", "A/RES/64/179", "--body", "GA",
                     "--date", "2009-12-18")
    call_command("import_resolution", str(path), "--symbol", "A/RES/64/179", "--body", "GA", "--date",
                 "2009-12-18", "--replace")
    assert Resolution.objects.count() == 1


def test_command_refuses_bad_input(db, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("The General Assembly,\n\nRecalling its resolutions,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported. source: Line 3"):
        call_command("import_resolution", str(path), "--symbol", "A/RES/64/1", "--body", "GA", "--date", "2009-12-18")
    with pytest.raises(CommandError, match="date"):
        call_command("import_resolution", str(path), "--symbol", "A/RES/64/1", "--body", "GA", "--date", "yesterday")
    assert not Resolution.objects.exists()


def test_load_seed_resolutions_command_twice(db, strategy, capsys):
    call_command("load_seed_resolutions")
    call_command("load_seed_resolutions")
    assert Resolution.objects.count() == 4
    assert "A/RES/64/179: 33 operative paragraphs" in capsys.readouterr().out
    assert ResultLink.objects.filter(state="suggested").exists()


def test_a_file_that_is_not_text_is_refused(db):
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(b"\x81\x8d\x8f\x90\x9d" * 10, symbol="A/RES/64/1", body="GA", date="2009-12-18")
    assert "neither text" in caught.value.message_dict["source"][0]
    with pytest.raises(ValidationError) as caught:
        services.import_resolution(b"PK\x03\x04 broken zip", symbol="A/RES/64/1", body="GA", date="2009-12-18")
    assert "not a Word document" in caught.value.message_dict["source"][0]
    assert not Resolution.objects.exists()
