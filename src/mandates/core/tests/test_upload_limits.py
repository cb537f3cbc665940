"""Upload limits (issue 14): the small files that exhausted the server are refused at once, with a clear
error and nothing written. The bombs are made here, small: an .xlsx declaring 3 million rows, one holding
more rows than the limit, a .docx with more paragraphs than the limit, a zip that unpacks 1,000-fold, a CSV
field over 131,072 characters; over-long names in treaty and resolution imports name their line."""
import io
import time
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from mandates.core import uploads

ERP_HEADER = ["document_number", "line", "date", "kind", "fund_segment", "project_code", "budget_class", "currency",
              "amount", "contribution_ref", "work_unit_code", "description"]


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rewrite(raw: bytes, name: str, change) -> bytes:
    """The same zip with one member's text changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, change(data) if info.filename == name else data)
    return out.getvalue()


def _refused(call, *words, seconds=5.0):
    started = time.monotonic()
    with pytest.raises(ValidationError) as caught:
        call()
    assert time.monotonic() - started < seconds, "refused, but not quickly"
    text = " ".join(caught.value.messages)
    for word in words:
        assert word in text, text
    return text


def test_an_xlsx_declaring_three_million_rows_is_refused_before_reading_them():
    raw = _rewrite(_xlsx([ERP_HEADER, ["JV-1", 1]]), "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace(b'<dimension ref="A1:L2"/>', b'<dimension ref="A1:L3000000"/>'))
    assert b"A1:L3000000" in zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    _refused(lambda: list(uploads.xlsx_rows(raw)), "more than 250000 rows")


def test_an_xlsx_with_more_rows_than_the_limit_and_no_dimension_is_refused_when_it_passes_the_limit():
    body = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 3003))
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData>' + body + b"</sheetData></worksheet>")
    raw = _rewrite(_xlsx([["x"]]), "xl/worksheets/sheet1.xml", lambda _xml: sheet)
    _refused(lambda: list(uploads.xlsx_rows(raw, limit=3000)), "more than 3000 rows")
    assert len(list(uploads.xlsx_rows(raw, limit=3001))) == 3002


def test_a_zip_that_unpacks_a_thousand_fold_is_refused_unread():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 30_000_000)
    _refused(lambda: list(uploads.xlsx_rows(out.getvalue())), "zip bomb")


@pytest.mark.parametrize("change", [
    lambda xml: xml[: len(xml) // 2],  # truncated XML
    lambda xml: b"not xml at all",
])
def test_a_damaged_worksheet_is_refused_clearly(change):
    raw = _rewrite(_xlsx([ERP_HEADER, ["JV-1", 1], ["JV-2", 2]]), "xl/worksheets/sheet1.xml", change)
    _refused(lambda: list(uploads.xlsx_rows(raw)))


def _docx(paragraphs: int) -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    body = b"<w:p><w:r><w:t>Recalling</w:t></w:r></w:p>" * paragraphs

    def change(xml):
        start = xml.index(b"<w:body>") + len(b"<w:body>")
        return xml[:start] + body + xml[start:]
    return _rewrite(out.getvalue(), "word/document.xml", change)


def test_a_docx_with_more_paragraphs_than_the_limit_is_refused_before_it_is_parsed():
    from mandates.resolutions import readers

    bomb = _docx(uploads.MAX_DOCX_PARAGRAPHS + 1)
    assert len(bomb) < 300_000
    _refused(lambda: uploads.check_docx(bomb), "more than 20000 paragraphs")
    _refused(lambda: readers.read(bomb, "bomb.docx"), "more than 20000 paragraphs")
    uploads.check_docx(_docx(50))  # an ordinary document passes


def test_the_paragraph_count_holds_across_read_chunks():
    """Tags split between two 1 MB chunks are counted once."""
    bomb = _docx(60_000)  # about 2.6 MB of document.xml: several chunks
    _refused(lambda: uploads.check_docx(bomb, limit=59_999), "more than 59999 paragraphs")
    uploads.check_docx(bomb, limit=60_001)


@pytest.mark.django_db
def test_the_erp_import_refuses_the_xlsx_bomb_and_an_over_long_csv_field(users):
    from mandates.finance.models import Expenditure, ImportBatch
    from mandates.finance.services import import_expenditure

    bomb = _rewrite(_xlsx([ERP_HEADER, ["JV-1", 1]]), "xl/worksheets/sheet1.xml",
                    lambda xml: xml.replace(b'<dimension ref="A1:L2"/>', b'<dimension ref="A1:L3000000"/>'))
    _refused(lambda: import_expenditure(io.BytesIO(bomb), by=None, file_name="bomb.xlsx"), "rows")
    long_field = ",".join(ERP_HEADER) + "\nJV-1,1,2008-03-31,disbursement,GP,,staff,USD,1.00,,," + "x" * 140_000 + "\n"
    _refused(lambda: import_expenditure(io.BytesIO(long_field.encode()), by=None, file_name="erp.csv"),
             "Row 2", "131072")
    assert not Expenditure.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_treaty_imports_refuse_an_over_long_field_and_an_over_long_name_with_the_line(m49):
    from mandates.treaties import services
    from mandates.treaties.models import TreatyEvent

    header = 'Participant,Signature,"Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"\n'
    huge = header + "France,12 Dec 2000,30 Oct 2002\n" + "K" * 140_000 + ",,16 Jun 2004 a\n"
    _refused(lambda: services.import_status(huge.encode(), filename="s.csv", instrument="T-1", by=None), "131072")
    long_name = header + "France,12 Dec 2000,30 Oct 2002\n" + "Kenya" * 200 + ",,16 Jun 2004 a\n"
    text = _refused(lambda: services.import_status(long_name.encode(), filename="s.csv", instrument="T-1", by=None))
    assert "line 3" in text.lower() or "row 3" in text.lower(), text
    long_csv = ("mtdsg_no,participant,iso3,signature_date,signature_note,consent_date,consent_type\n"
                "T-9,France,FRA,2000-12-12," + "n" * 5000 + ",2002-10-29,ratification\n")
    text = _refused(lambda: services.import_status(long_csv, filename="long.csv", by=None))
    assert "line 2" in text.lower() or "row 2" in text.lower(), text
    assert not TreatyEvent.objects.exists()


@pytest.mark.django_db
def test_a_resolution_import_refuses_an_over_long_symbol_or_title(users):
    import datetime

    from mandates.resolutions.importing import import_resolution
    from mandates.resolutions.models import Resolution

    text = ("The General Assembly,\n\nRecalling its resolution 64/179,\n\n"
            "1. Requests the Secretary-General to report to it at its sixty-sixth session.\n")
    for symbol, title in (("A/RES/64/" + "9" * 300, "Title"), ("A/RES/64/180", "T" * 5000)):
        _refused(lambda s=symbol, t=title: import_resolution(text, symbol=s, body="GA", title=t,
                                                             date=datetime.date(2009, 12, 18), by=users["administrator"]))
    assert not Resolution.objects.exists()
