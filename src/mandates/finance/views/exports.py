"""Downloads of every expenditure line the person may see (CSV streamed; Excel from a spooled file)."""
from django.http import FileResponse, Http404, StreamingHttpResponse

from mandates.people import permissions

from .. import exports
from ..models import ProjectFinance


def transactions(request, fmt):
    permissions.require(request.user, "view", ProjectFinance)
    if fmt == "csv":
        response = StreamingHttpResponse(exports.stream_csv(request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="expenditure.csv"'
        return response
    if fmt == "xlsx":
        return FileResponse(exports.xlsx_file(request.user), as_attachment=True, filename="expenditure.xlsx")
    raise Http404("CSV or XLSX")
