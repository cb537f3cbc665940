"""The implementation plan page and its Excel and Word exports."""
from django.http import HttpResponse
from django.shortcuts import render

from mandates.core import extensions
from mandates.people import permissions

from . import exports, plan_filters, progress
from .models import ImplementationPlan
from .plan import GAP_LABELS, implementation_plan
from .views import _tabs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _plan_or_errors(request):
    permissions.require(request.user, "view", ImplementationPlan)
    filters, errors = plan_filters.parse(request.GET)
    if errors or filters["period"] is None:
        return None, filters, errors
    kwargs = {k: v for k, v in filters.items() if k != "period"}
    return implementation_plan(request.user, filters["period"], **kwargs), filters, errors


def plan_page(request):
    plan, filters, errors = _plan_or_errors(request)
    if plan is not None:
        extensions.annotate("implementation_plan", request.user, plan.rows)  # later domains' figures per row
    return render(request, "results/plan.html", {
        "plan": plan, "filters": filters, "errors": errors, "choices": plan_filters.choices(filters.get("period")),
        "gap_labels": GAP_LABELS, "thresholds": progress.thresholds(), "tabs": _tabs(request, "plan"),
        "query": request.GET.urlencode(),
    })


def _download(request, kind):
    plan, filters, errors = _plan_or_errors(request)
    if plan is None:
        return HttpResponse("; ".join(f"{k}: {v}" for k, v in errors.items()) or "No strategy period.",
                            status=400, content_type="text/plain")
    name = f"implementation-plan-{plan.period.code}" + (f"-{plan.year}" if plan.year else "")
    if kind == "xlsx":
        body, content_type = exports.to_excel(plan), XLSX
    else:
        body, content_type = exports.to_word(plan), DOCX
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def plan_excel(request):
    return _download(request, "xlsx")


def plan_word(request):
    return _download(request, "docx")
