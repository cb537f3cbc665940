"""Every expenditure line a person may see, as a streamed CSV or an Excel workbook of any size.

Rows are read from the database in chunks (``iterator``) and written as they come: memory stays
flat whatever the number of transactions (openpyxl's write-only mode keeps no cells in memory and
spools the sheet to a temporary file). Text cells that a spreadsheet would take for a formula
(starting with ``=``, ``+``, ``-`` or ``@``) are written with a leading apostrophe (OWASP's rule);
numbers are left as numbers.
"""
import csv
import tempfile

from mandates.core.spreadsheet import safe_cell
from mandates.people import permissions

from .models import Expenditure

COLUMNS = ("date", "document_number", "line", "fund_segment", "kind", "project_code", "budget_class",
           "currency", "amount", "rate", "usd_amount", "psc_amount", "work_unit_code", "description")
FIELDS = ("date", "document_number", "line", "segment__code", "kind", "project__code", "budget_class__code",
          "currency", "amount", "rate", "usd_amount", "psc_amount", "work_unit__code", "description")
CHUNK = 5000




def expenditure_rows(user):
    """(values...) of every expenditure line the person may see, ordered, read in chunks."""
    qs = permissions.visible(user, Expenditure.objects.all())
    return qs.order_by("date", "document_number", "line").values_list(*FIELDS).iterator(chunk_size=CHUNK)


def write_csv(user, out, progress=None) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in expenditure_rows(user):
        writer.writerow([safe_cell(v) if v is not None else "" for v in row])
        count += 1
        if progress and count % CHUNK == 0:
            progress(count, None)
    return count


class _Echo:
    def write(self, value):
        return value


def stream_csv(user):
    """A generator of CSV lines for a StreamingHttpResponse."""
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for row in expenditure_rows(user):
        yield writer.writerow([safe_cell(v) if v is not None else "" for v in row])


def write_xlsx(user, path, progress=None) -> int:
    """Write the workbook to ``path`` (write-only mode: flat memory). Returns the number of lines."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Expenditure")
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in expenditure_rows(user):
        sheet.append([safe_cell(v) for v in row])
        count += 1
        if progress and count % CHUNK == 0:
            progress(count, None)
    book.save(path)
    return count


def xlsx_file(user):
    """A temporary file holding the workbook, positioned at its start (for FileResponse)."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")
    write_xlsx(user, handle)
    handle.seek(0)
    return handle

