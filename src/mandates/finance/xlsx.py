"""Excel export (openpyxl) of the tables of a page: one sheet per table; money as numbers with two
decimals, rates as percentages."""
import io
import re
from datetime import date
from decimal import Decimal

from django.http import HttpResponse

from mandates.core.spreadsheet import safe_row

from .tables import Table

MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet_name(title: str, used: set) -> str:
    name = re.sub(r"[\[\]\*\?/\\:]", " ", title)[:31].strip() or "Sheet"
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def workbook(tables: list[Table], *, heading: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.append([f"{heading}: {table.title}" if heading else table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(safe_row([c.label for c in table.columns]))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            values = []
            for column in table.columns:
                value = row.get(column.key)
                if column.kind == "text" and value is not None and not isinstance(value, (str, int, Decimal)):
                    value = str(value)
                values.append(value)
            sheet.append(safe_row(values))
            if row.get("_role") in ("subtotal", "total", "group"):
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
            for cell, column in zip(sheet[sheet.max_row], table.columns):
                if column.kind == "money":
                    cell.number_format = MONEY_FORMAT
                elif column.kind == "percent":
                    cell.number_format = PERCENT_FORMAT
                elif column.kind == "date" and isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for i, column in enumerate(table.columns, start=1):
            width = 14 if column.kind != "text" else 40
            sheet.column_dimensions[sheet.cell(row=2, column=i).column_letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def response(tables: list[Table], filename: str, *, heading: str = "") -> HttpResponse:
    resp = HttpResponse(workbook(tables, heading=heading), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp


def read_table(data: bytes, title_prefix: str) -> list[dict]:
    """Read back a sheet written by ``workbook`` (rows as dicts keyed by column label). For tests and
    scripts."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), data_only=True)
    sheet = next(s for s in book.worksheets if s.title.startswith(title_prefix[:31]))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[1]
    out = []
    for values in rows[2:]:
        if not any(v is not None for v in values):
            break
        out.append(dict(zip(header, values)))
    return out
