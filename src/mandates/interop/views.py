"""Open data pages: download the IATI files, upload other publishers' files, the last import of each file."""
import tempfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mandates.core.forms import apply_service_errors
from mandates.core.page_cache import kept_for_visitors
from mandates.core.shared_figures import kept
from mandates.geography.models import Area
from mandates.geography.names import by_name
from mandates.jobs import services as jobs
from mandates.people import permissions

from . import export, selectors
from .forms import UploadForm
from .models import ExternalActivity, ImportRecord

IMPORT_JOB = "interop.iati_import"


@kept_for_visitors  # an anonymous visitor's page is the same for every visitor: kept by the page cache
def open_data(request):
    return render(request, "interop/open_data.html", {
        # the same for everyone: kept per data version (core.shared_figures; projects are audited, so any change
        # of one moves the version; an IATI import moves it too).
        "count": kept(("interop.open_data.published_projects",), selectors.public_projects().count),
        "may_import": permissions.can(request.user, "add", ImportRecord),
        "may_see_imports": permissions.can(request.user, "view", ImportRecord),
        "imported": permissions.visible(request.user, ExternalActivity.objects.all()).count(),
        "partnerships": permissions.visible(request.user, ExternalActivity.objects.filter(names_office=True)).count(),
    })


def _file_response(writer, name: str, **kwargs):
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it; written and sent in chunks
    writer(spool, **kwargs)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/xml")


def activities_file(request):
    return _file_response(export.write_activities, "unodc-activities.xml", base_url=request.build_absolute_uri("/"))


def organisation_file(request):
    return _file_response(export.write_organisation, "unodc-organisation.xml")


def imports(request):
    permissions.require(request.user, "view", ImportRecord)
    may_import = permissions.can(request.user, "add", ImportRecord)
    form = UploadForm()
    if request.method == "POST":
        if not may_import:
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = jobs.start(IMPORT_JOB, by=request.user, input_file=upload,
                                 params={"file_name": Path(upload.name).name[:255],
                                         "strict": form.cleaned_data["strict"]},
                                 label=_("IATI import of %(file)s") % {"file": Path(upload.name).name[:150]})
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("jobs:detail", pk=job.pk)
    page = Paginator(selectors.imports(), 50).get_page(request.GET.get("page"))
    return render(request, "interop/imports.html", {"page_obj": page, "form": form, "may_import": may_import})


def import_detail(request, pk):
    record = get_object_or_404(permissions.visible(request.user, ImportRecord.objects.all()), pk=pk)
    return render(request, "interop/import_detail.html", {"record": record})


def activity_list(request):
    """Other publishers' imported activities; ``?partnerships=1`` keeps those naming the office."""
    qs = permissions.visible(request.user, ExternalActivity.objects.all()).order_by("reporting_org_name", "identifier")
    partnerships = request.GET.get("partnerships") == "1"
    if partnerships:
        qs = qs.filter(names_office=True)
    search = request.GET.get("q", "").strip()
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(identifier__icontains=search)
                       | Q(reporting_org_name__icontains=search))
    page = Paginator(qs.prefetch_related("countries"), 50).get_page(request.GET.get("page"))
    return render(request, "interop/activity_list.html", {"page_obj": page, "partnerships": partnerships,
                                                          "q": search})


def activity_detail(request, pk):
    activity = get_object_or_404(permissions.visible(request.user, ExternalActivity.objects.all())
                                 .prefetch_related("countries", "sectors", "budgets", "transactions", "participants"),
                                 pk=pk)
    return render(request, "interop/activity_detail.html", {"activity": activity})


def coordination(request):
    """Who else works in a region on the office's sectors: ``?area=<M49 code>`` (a region or sub-region)."""
    if not permissions.can(request.user, "view", ExternalActivity):
        raise PermissionDenied
    areas = by_name(Area.objects.exclude(level=Area.Level.INTERMEDIATE), group=lambda a: a.level)
    code = request.GET.get("area", "").strip()[:3]
    chosen = None
    if code:
        chosen = Area.objects.filter(m49_code=code).first()
        if chosen is None:
            return render(request, "interop/coordination.html",
                          {"areas": areas, "error": _("There is no region with the M49 code “%(code)s”.")
                           % {"code": code}}, status=400)
    data = selectors.coordination_for_area(chosen) if chosen else None
    return render(request, "interop/coordination.html", {"areas": areas, "chosen": chosen, "data": data})
