"""Downloads of what the explorer shows: CSV (streamed) and Excel, formula-like text neutralised."""
import csv
from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mandates.core.spreadsheet import safe_cell


def _number(value):
    """The value as written in the file it came from (a number, without padding zeros)."""
    try:
        return Decimal(value.text)
    except (InvalidOperation, TypeError):
        return value.value


def header():
    return [_("Country or area"), _("Code"), _("M49"), _("Indicator"), _("Dimension"), _("Category"), _("Sex"),
            _("Age"), _("Unit"), _("Year"), _("Value"), _("Source"), _("File")]


def value_rows(values):
    for v in values:
        s = v.series
        yield [v.area.name, v.area.code, v.area.country.m49_code if v.area.country_id else "", s.indicator,
               s.dimension, s.category, s.sex, s.age, s.unit, v.year, _number(v), v.source, v.run.file_name]


def aggregate_rows(series, year, aggregates):
    for a in aggregates:
        yield [a.name, series.unit, year, a.value, a.reporting, a.countries, a.population_share,
               "; ".join(f"{p.value} ({p.collection_label})" for p in a.published)]


def aggregate_header():
    return [_("Region"), _("Unit"), _("Year"), _("Computed from reporting countries"), _("Countries reporting"),
            _("Countries in region"), _("Share of population covered (%)"), _("Published estimate")]


class _Echo:
    def write(self, value):
        return value


def csv_response(name, rows):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow([safe_cell(c) for c in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.csv"'
    return response


def xlsx_response(name, sheets):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])
        for row in rows:
            sheet.append([safe_cell(c) for c in row])
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}.xlsx"'
    return response
