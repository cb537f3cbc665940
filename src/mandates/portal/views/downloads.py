"""Downloads: any portal table as CSV, Excel or JSON (same filters, chosen columns), and the bulk
download of every published project, streamed row by row."""
import csv
import io
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils.text import slugify

from mandates.finance.models import BudgetLine, Expenditure
from mandates.finance.selectors.sums import AMOUNT, MoneyTotal, cents
from mandates.geography.names import place_name

from .. import filters as portal_filters
from ..selectors import public
from ..selectors.figures import filtered_projects
from ..tables import TABLES, neutralise
from .common import bad_input

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx", "json")


def table_download(request, name, fmt, filters=None, rows=None):
    table = TABLES.get(name)
    if table is None or fmt not in FORMATS:
        raise Http404
    filters = filters if filters is not None else portal_filters.parse(request.GET)
    columns = table.pick([c for c in request.GET.getlist("columns") if c])
    rows = list(rows if rows is not None else table.rows(filters))
    stem = slugify(f"{name} {filters.querystring()}")[:80] or name
    if fmt == "json":
        data = [{key: (str(row[key]) if isinstance(row[key], Decimal) else row[key]) for key, _ in columns}
                for row in rows]
        response = JsonResponse({"table": str(table.title), "filters": filters.params(), "rows": data},
                                json_dumps_params={"ensure_ascii": False})
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(label) for _, label in columns])
        for row in rows:
            writer.writerow([neutralise(row[key]) if row[key] is not None else "" for key, _ in columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(_workbook(str(table.title), columns, rows), content_type=XLSX)
    if fmt != "json":
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _workbook(title, columns, rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([str(label) for _, label in columns])
    for row in rows:
        sheet.append([neutralise(row[key]) for key, _ in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@bad_input
def download(request, name, fmt):
    return table_download(request, name, fmt)


class _Echo:
    def write(self, value):
        return value


BULK_COLUMNS = ["code", "title", "programme", "status", "start_date", "end_date", "locations",
                "expected_results", "budget_usd", "spent_usd"]


def bulk_rows():
    """Every published project with its current budget and its spending (one row each), in chunks."""
    spent = (Expenditure.objects.filter(project=OuterRef("pk")).exclude(kind=Expenditure.Kind.OBLIGATION)
             .order_by().values("project").annotate(s=MoneyTotal("usd_amount")).values("s"))
    budget = (BudgetLine.objects.filter(project=OuterRef("pk"), is_current=True)
              .order_by().values("project").annotate(s=MoneyTotal("amount")).values("s"))
    projects = (public.projects().select_related("programme")
                .annotate(spent=Coalesce(Subquery(spent, output_field=AMOUNT), Decimal(0), output_field=AMOUNT),
                          budget=Coalesce(Subquery(budget, output_field=AMOUNT), Decimal(0), output_field=AMOUNT))
                .prefetch_related("locations__country", "locations__area", "results").order_by("code"))
    for p in projects.iterator(chunk_size=500):
        yield [p.code, p.title, p.programme.code if p.programme_id else "", p.status, p.start_date.isoformat(),
               p.end_date.isoformat(), "; ".join(place_name(loc.country or loc.area, "en") for loc in p.locations.all()),
               "; ".join(r.code for r in p.results.all()), cents(p.budget), cents(p.spent)]


def bulk(request):
    writer = csv.writer(_Echo())

    def stream():
        yield writer.writerow(BULK_COLUMNS)
        for row in bulk_rows():
            yield writer.writerow([neutralise(v) for v in row])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mandates-open-data-projects.csv"'
    return response



@bad_input
def iati(request, kind):
    """The IATI 2.03 files of what the portal shows: the activity file follows the page's filters
    (country, donor, theme, year) and is streamed one activity at a time; the organisation file is whole."""
    from mandates.interop import export

    filters = portal_filters.parse(request.GET)
    base_url = request.build_absolute_uri("/")
    if kind == "activities":
        chunks = export.stream_activities(base_url=base_url, projects=filtered_projects(filters))
        stem = slugify(f"unodc-activities {filters.querystring()}")[:80]
    else:
        buffer = io.BytesIO()
        export.write_organisation(buffer)
        chunks = [buffer.getvalue()]
        stem = "unodc-organisation"
    response = StreamingHttpResponse(chunks, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.xml"'
    return response
