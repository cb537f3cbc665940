from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import registry, selectors, services


@login_required
def job_list(request):
    page = Paginator(selectors.jobs_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "jobs/list.html", {"page_obj": page})


@login_required
def job_detail(request, pk):
    job = selectors.with_live_progress(selectors.job_for(request.user, pk))
    return render(request, "jobs/detail.html", {"job": job})


@login_required
def job_progress(request, pk):
    """The progress fragment the job page polls with htmx until the job ends."""
    job = selectors.with_live_progress(selectors.job_for(request.user, pk))
    return render(request, "jobs/_progress.html", {"job": job})


@login_required
def job_download(request, pk):
    job = selectors.job_for(request.user, pk)
    if not job.result_file:
        raise Http404(_("This job has no file to download."))
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name,
                        content_type=job.result_content_type or "application/octet-stream")


@login_required
@require_POST
def job_start(request, kind):
    """Start a job from any page's form: every posted field except ``next`` becomes a parameter,
    an uploaded ``file`` the input. On a refusal the person goes back to the page with the reason."""
    if registry.get(kind) is None:
        raise Http404(_("This kind of job is not known to Mandates."))
    params = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "next")}
    back = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    try:
        job = services.start(kind, by=request.user, params=params, input_file=request.FILES.get("file"))
    except PermissionDenied:
        raise
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back or "jobs:list")
    return redirect("jobs:detail", pk=job.pk)
