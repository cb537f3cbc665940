"""Reports that hold as the portfolio grows: the progress report on all regional programmes reads every programme
at once (its query count does not grow with the number of programmes, and its chapters are numbered past XII),
and the Word tables written in one piece of XML are exactly what python-docx writes cell by cell (but for the
column widths, shared by what the columns hold)."""
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from docx import Document as load_docx
from lxml import etree

from mandates.reporting import output, render_docx
from mandates.reporting.document import chapter_number

AS_OF = date(2009, 12, 31)


NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{NS}}}w"


def _c14n(element) -> bytes:
    return etree.tostring(element, method="c14n")


def _without_widths(tbl):
    """A copy of a table without its column and cell widths."""
    from copy import deepcopy

    copy = deepcopy(tbl)
    for el in copy.iter(f"{{{NS}}}gridCol", f"{{{NS}}}tcW"):
        el.attrib.pop(W, None)
    return copy


def reference_table(docx, headings, rows):
    """A table as python-docx writes it cell by cell (how the Word report wrote every table before)."""
    table = docx.add_table(rows=1, cols=len(headings))
    for cell, text in zip(table.rows[0].cells, headings):
        cell.paragraphs[0].add_run(str(text)).bold = True
        cell.paragraphs[0].style = "UN Table Text"
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.paragraphs[0].add_run(str(text))
            cell.paragraphs[0].style = "UN Table Text"
    return table


def test_table_rows_written_in_one_piece_are_the_xml_python_docx_writes_cell_by_cell():
    headings = ["Project", "Status", "Budget (USD)", "Expenditure (USD)", "Deliveries", "Note"]
    rows = [["KENX01 Witness protection & <courts>", "Ongoing", "120,000.00", "45 000,33", "3", "“quoted” – ü"],
            ["  leading and trailing  ", "tab\there", "line\nbreak\r\nand more", "", "0", "a\u00a0b\u202f"],
            ["a short row"],  # cells left empty, as python-docx leaves them
            ["Total", "", "1,234,567.89", "0.00", "12", "x", "an extra cell, ignored"]]
    fast_doc, slow_doc = load_docx(str(render_docx.DEFAULT_TEMPLATE)), load_docx(str(render_docx.DEFAULT_TEMPLATE))
    fast = render_docx._Writer(fast_doc).table(headings, rows)
    slow = reference_table(slow_doc, headings, rows)
    assert _c14n(_without_widths(fast._tbl)) == _c14n(_without_widths(slow._tbl))
    # the widths: the page width shared by what the columns hold, every cell of a column as wide as its grid column
    grid = [int(g.get(W)) for g in fast._tbl.tblGrid.gridCol_lst]
    assert sum(grid) == sum(int(g.get(W)) for g in slow._tbl.tblGrid.gridCol_lst)
    assert grid[0] > grid[4] and grid[0] > grid[2]  # a title is given more room than a count or an amount
    for tr in fast._tbl.tr_lst:
        assert [int(tc.tcPr.find(f"{{{NS}}}tcW").get(W)) for tc in tr.tc_lst] == grid
    assert [[c.text for c in r.cells] for r in fast.rows][3] == ["a short row", "", "", "", "", ""]
    # paragraphs: the same element, in the same place (before the section properties), as add_paragraph writes
    writer = render_docx._Writer(fast_doc)
    writer.paragraph("1.\tA paragraph", style="UN Paragraph")
    slow_doc.add_paragraph("1.\tA paragraph", style="UN Paragraph")
    assert _c14n(_without_widths(fast_doc.element.body)) == _c14n(_without_widths(slow_doc.element.body))


def test_chapters_are_numbered_past_twelve_in_every_language():
    assert [chapter_number(i) for i in (0, 11, 12, 38, 379)] == ["I.", "XII.", "XIII.", "XXXIX.", "CCCLXXX."]
    with translation.override("zh-hans"):
        assert chapter_number(11) == "十二." and chapter_number(12) == "13."
    with translation.override("ar"):
        assert chapter_number(12) == "13 -"


@pytest.mark.django_db
def test_the_report_on_all_regional_programmes_reads_them_at_once(users, kinds_data, units):
    from mandates.portfolio import services as portfolio

    admin = users["administrator"]

    def build():
        with CaptureQueriesContext(connection) as queries:
            doc, _engine = output.build(admin, "2008-2009", AS_OF, kind="regional_programmes")
        return doc, len(queries)

    _doc, one = build()
    ken = kinds_data["programme"]
    for n in range(14):  # fourteen more regional programmes, each with a project, a component, a consultation
        programme = portfolio.create_programme(
            by=None, code=f"RP-X{n:02d}", title=f"Programme {n}", kind="regional", strategy_period=ken.strategy_period,
            start_date=date(2008, 1, 1), end_date=date(2011, 12, 31), lead_unit=units["ROEA"])
        portfolio.add_component(programme, by=None, code="SP1", title=f"Component {n}")
        portfolio.add_consultation(programme, by=None, kind="expert_meeting", date=date(2008, 3, 4), place="Vienna",
                                   summary=f"Meeting {n}.")
        portfolio.create_project(by=None, code=f"RPX{n:02d}", title=f"Project {n}", objective="o", programme=programme,
                                 strategy_period=ken.strategy_period, lead_unit=units["ROEA"],
                                 start_date=date(2008, 1, 1), end_date=date(2010, 12, 31))
    doc, fifteen = build()
    assert fifteen == one  # the same queries for fifteen programmes as for one
    chapters = [b["number"] for b in doc.blocks if b["type"] == "chapter"]
    assert len(chapters) == 15 and chapters[-1] == "XV."
    projects = [b for b in doc.blocks if b["type"] == "table" and b["rows"] and b["rows"][0][0].startswith("RPX13")]
    assert len(projects) == 1 and projects[0]["rows"][0][0] == "RPX13 Project 13"
    blob = output.render(doc, "docx")
    headings = [p.text for p in load_docx(io.BytesIO(blob)).paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "XV.\tRP-X13 Programme 13"


@pytest.mark.django_db
def test_a_large_report_goes_to_pdf_through_libreoffice_from_its_word_document(users, kinds_data, settings,
                                                                                monkeypatch):
    """``auto``: WeasyPrint for a report of ordinary size, LibreOffice (when installed) above LARGE_ROWS table rows;
    the PDF it writes from the .docx has the same figures, selectable and tagged."""
    import shutil

    from pypdf import PdfReader

    settings.MANDATES_REPORT_PDF_ENGINE = "auto"
    doc, engine = output.build(users["administrator"], "2008-2009", AS_OF, kind="profile", target="country=KEN")
    assert output.pdf_engine(doc) == "weasyprint"
    monkeypatch.setattr(output, "LARGE_ROWS", 1)
    if not shutil.which("soffice"):
        assert output.pdf_engine(doc) == "weasyprint"  # not installed: WeasyPrint still writes it
        pytest.skip("LibreOffice (soffice) is not installed")
    assert output.pdf_engine(doc) == "libreoffice"
    reader = PdfReader(io.BytesIO(output.render(doc, "pdf")))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert "Country profile: Kenya" in text
    for key in ("budget:country=KEN", "expenditure:country=KEN"):
        assert engine.get(key).display() in text


@pytest.mark.django_db
def test_a_country_profile_cites_its_statistics_without_a_query_per_series(users, kinds_data):
    """The Kenya profile cites the latest value of each of the country's main crime series: none, one series or
    three, the same queries (each was looked up again, three queries a series: 20 at N=1 grew to 30 once the
    statistics were imported)."""
    from mandates.core.testing import SHARED_DIR
    from mandates.statistics.models import Value
    from mandates.statistics.services import import_file

    stats_dir = SHARED_DIR / "data" / "reference" / "crime_statistics"
    if not stats_dir.is_dir():
        pytest.skip("the shared crime statistics are not on this machine")

    def import_kenya(name):  # the real rows of the file, Kenya's only
        lines = (stats_dir / name).read_text(encoding="utf-8-sig").splitlines(keepends=True)
        import_file(name, "".join(lines[:1] + [r for r in lines[1:] if ",KEN," in r or r.startswith("KEN,")]).encode("utf-8"))

    def build():
        with CaptureQueriesContext(connection) as queries:
            _doc, engine = output.build(users["administrator"], "2008-2009", AS_OF, kind="profile",
                                        target="country=KEN")
        return engine, len(queries)

    build()  # warm the per-process caches
    _engine, none = build()
    import_kenya("owid_homicide_rate_unodc.csv")
    engine, one = build()
    import_kenya("unodc_cts_violent_and_sexual_crime.csv")
    import_kenya("unodc_cts_corruption_and_economic_crime.csv")
    engine, three = build()
    cited = {key: fact for key, fact in engine._cache.items() if key.startswith("stat:")}
    assert len(cited) == 3
    assert none == one == three  # no statistics, one series, three: the same queries
    for key, fact in cited.items():  # the values and footnotes are those a lookup one by one gives
        _, series, _area, year = key.split(":")
        stored = Value.objects.get(series_id=series, area__code="KEN", year=year)
        assert fact.value == Decimal(stored.value).quantize(Decimal("0.1"))
        assert stored.run.file_name in fact.note and fact.subject == "Kenya"
