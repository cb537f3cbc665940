"""The implementation plan page and its Excel and Word exports."""
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from mandates.core import extensions
from mandates.core.gc_pause import paused
from mandates.people import permissions

from .. import exports, progress
from ..models import ImplementationPlan
from ..plan import GAP_LABELS, implementation_plan, stored
from ..plan import filters as plan_filters
from .values import _tabs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


#: How many projects, indicators, places and units a row of the page shows; the rest are one
#: request away (``plan_result``), so that the page's size does not grow with the portfolio.
SHOWN = {"outputs": 6, "projects": 12, "indicators": 8, "places": 10, "units": 10}


def _links(view_name):
    """pk -> the URL of ``view_name`` for that pk, reversed once: the page links hundreds of projects and
    indicators, and ``{% url %}`` resolves each one again."""
    sample = reverse(view_name, args=[987654321])
    return lambda pk: sample.replace("987654321", str(int(pk)))


def _short(text: str, length: int) -> str:
    """``text`` cut to ``length`` characters with an ellipsis, as the ``truncatechars`` filter does (which
    costs about a third of a millisecond per call: the page shows hundreds of titles)."""
    return text if len(text) <= length else text[:length - 1] + "…"


def _plan_or_errors(request, *, summary=None):
    permissions.require(request.user, "view", ImplementationPlan)
    filters, errors = plan_filters.parse(request.GET)
    if errors or filters["period"] is None:
        return None, filters, errors
    kwargs = {k: v for k, v in filters.items() if k != "period"}
    if summary is not None:  # stored when current (plan.stored), else computed
        return stored.summary_plan(request.user, filters["period"], shown=summary, **kwargs), filters, errors
    return implementation_plan(request.user, filters["period"], **kwargs), filters, errors


@paused()  # the plan built and drawn without collector passes (core.gc_pause)
def plan_page(request):
    # the summary: each row's counts and first few, and the progress of those indicators only
    plan, filters, errors = _plan_or_errors(request, summary=SHOWN)
    if plan is not None:
        extensions.annotate("implementation_plan", request.user, plan.rows)  # later domains' figures per row
        project_url, indicator_url = _links("portfolio:project_detail"), _links("results:indicator_detail")
        detail_url = _links("results:plan_result")
        for row in plan.rows:  # what the row leaves to its detail
            row.detail_url = detail_url(row.result.pk)
            for p in row.projects:
                p["url"] = project_url(p["id"])
            for o in row.outputs:
                o["short_title"] = _short(o["title"], 70)
            for i in row.indicators:
                i["url"] = indicator_url(i["indicator"].pk)
                i["short_title"] = _short(i["indicator"].title, 60)
            row.more = {"outputs": row.counts["outputs"] - SHOWN["outputs"],
                        "projects": row.counts["projects"] - SHOWN["projects"],
                        "indicators": row.counts["indicators"] - SHOWN["indicators"],
                        "places": len(row.where) - SHOWN["places"], "units": len(row.units) - SHOWN["units"]}
    return render(request, "results/plan.html", {
        "plan": plan, "filters": filters, "errors": errors, "choices": plan_filters.choices(filters.get("period")),
        "gap_labels": GAP_LABELS, "thresholds": progress.thresholds(), "tabs": _tabs(request, "plan"),
        "query": request.GET.urlencode(), "shown": SHOWN,
    })


@paused()  # the plan built and drawn without collector passes (core.gc_pause)
def plan_result(request, pk):
    """One expected result's row in full — every contributing output, project, place, unit and
    indicator — for the same filters as the page (htmx swaps it in under the row; without
    JavaScript it is a page of its own)."""
    from mandates.strategy.models import StrategyNode

    node = StrategyNode.objects.filter(pk=pk, track="results").first()
    if node is None:
        raise Http404
    permissions.require(request.user, "view", ImplementationPlan)
    filters, errors = plan_filters.parse(request.GET)
    if not request.GET.get("period"):
        filters["period"] = node.period
    if errors or filters["period"] is None or node.period_id != filters["period"].pk:
        raise Http404
    kwargs = {k: v for k, v in filters.items() if k != "period"}
    plan = implementation_plan(request.user, filters["period"], result=node, **kwargs)
    if not plan.rows:
        raise Http404
    extensions.annotate("implementation_plan", request.user, plan.rows)
    template = "results/_plan_detail.html" if request.headers.get("HX-Request") else "results/plan_result.html"
    return render(request, template, {"plan": plan, "row": plan.rows[0], "query": request.GET.urlencode(),
                                      "tabs": _tabs(request, "plan")})


@paused()  # the plan built and drawn without collector passes (core.gc_pause)
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
