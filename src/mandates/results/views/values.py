"""Pages about indicators, their targets, values and review. Thin: permissions, selectors, services."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions
from mandates.portfolio.selectors import project_from_choice

from .. import progress, selectors, services
from ..forms import IndicatorForm, TargetsForm, ValueForm
from ..models import ImplementationPlan, Indicator, IndicatorValue


def _tabs(request, current: str) -> list[dict]:
    user = request.user
    tabs = [("indicators", _("Indicators"), "results:indicator_list", permissions.can(user, "view", Indicator))]
    tabs.append(("review", _("Values to review"), "results:pending_values",
                 permissions.scope(user, "indicator_value", "transition") != "none"))
    from ..models import Delivery
    tabs.append(("deliveries", _("Deliveries"), "results:delivery_list", permissions.can(user, "view", Delivery)))
    tabs.append(("plan", _("Implementation plan"), "results:plan",
                 permissions.can(user, "view", ImplementationPlan)))
    from django.urls import reverse
    return [{"key": k, "label": label, "url": reverse(name), "current": k == current}
            for k, label, name, allowed in tabs if allowed]


def indicator_list(request):
    permissions.require(request.user, "view", Indicator)
    from mandates.organisation.models import WorkUnit

    search, level = request.GET.get("q", "").strip(), request.GET.get("level", "")
    unit = WorkUnit.objects.filter(code=request.GET.get("unit", "")).first() if request.GET.get("unit") else None
    from mandates.core.params import int_or_none

    missing = int_or_none(request.GET.get("missing"))
    page = Paginator(selectors.indicator_list(request.user, search=search, level=level, unit=unit,
                                              missing_year=missing), 50).get_page(request.GET.get("page"))
    series = selectors.series_for(page.object_list)
    rows = [{"indicator": i, "progress": series[i.pk].progress} for i in page.object_list]
    return render(request, "results/indicator_list.html", {
        "page_obj": page, "rows": rows, "q": search, "level": level, "unit": unit, "missing": missing,
        "levels": Indicator.Level.choices,
        "can_add": permissions.can(request.user, "add", Indicator), "tabs": _tabs(request, "indicators"),
    })


def overdue_activities(request):
    """Activities of running projects past their end date with no delivery recorded (the home page's item)."""
    from mandates.organisation.models import WorkUnit
    from mandates.portfolio.models import Activity

    permissions.require(request.user, "view", Activity)
    from django.utils import timezone

    unit = WorkUnit.objects.filter(code=request.GET.get("unit", "")).first() if request.GET.get("unit") else None
    qs = selectors.activities_without_delivery(request.user, unit=unit, ended_before=timezone.localdate())
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "results/overdue_activities.html", {
        "page_obj": page, "unit": unit, "tabs": _tabs(request, "deliveries")})


def _measured_from_request(request):
    """The expected result, outcome or output a new indicator will measure (from the query string)."""
    from mandates.core.params import int_or_none
    from mandates.portfolio.models import Outcome, Output, Project
    from mandates.strategy.models import StrategyNode

    source = request.POST if request.method == "POST" else request.GET
    if source.get("result"):
        node = get_object_or_404(StrategyNode.objects.select_related("period"), pk=int_or_none(source["result"]))
        return {"result": node}, Indicator(result=node)
    if source.get("outcome"):
        outcome = get_object_or_404(Outcome.objects.select_related("project", "project__lead_unit"), pk=int_or_none(source["outcome"]))
        return {"outcome": outcome}, Indicator(outcome=outcome, project=outcome.project)
    if source.get("output"):
        output = get_object_or_404(Output.objects.select_related("outcome__project__lead_unit"), pk=int_or_none(source["output"]))
        return {"output": output}, Indicator(output=output, project=output.outcome.project)
    if source.get("project"):
        project = project_from_choice(permissions.visible(request.user, Project.objects.all()), source["project"])
        if project is None:
            return {"unknown_project": source["project"]}, None
        return {"project": project}, None
    return {}, None


def indicator_create(request):
    permissions.require(request.user, "add", Indicator)
    measured, draft = _measured_from_request(request)
    if draft is None:  # first step: choose what the indicator measures
        from mandates.portfolio.models import Outcome, Output
        from mandates.strategy.models import StrategyNode, StrategyPeriod

        project = measured.get("project")
        period = StrategyPeriod.objects.order_by("-start_year").first()
        results = []
        if period is not None and permissions.scope(request.user, "indicator", "add") == "all":
            results = StrategyNode.objects.filter(period=period, track="results", level=period.result_level)
        unknown = measured.get("unknown_project")
        return render(request, "results/indicator_choose.html", {
            "project": project, "results": results, "chosen": unknown,
            "error": _("No project has the code %(code)s.") % {"code": unknown} if unknown else "",
            "outcomes": Outcome.objects.filter(project=project) if project else [],
            "outputs": Output.objects.filter(outcome__project=project).select_related("outcome") if project else [],
            "tabs": _tabs(request, "indicators"),
        })
    permissions.require(request.user, "add", draft)
    form = IndicatorForm(request.POST or None, measured=draft)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_indicator(None, by=request.user, **measured, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Indicator saved. Set its targets next."))
            return redirect("results:indicator_targets", pk=saved.pk)
    return render(request, "results/indicator_form.html", {"form": form, "measured": draft.measured_object,
                                                            "project": draft.project, "hidden": measured,
                                                            "indicator": None})


def indicator_edit(request, pk):
    indicator = get_object_or_404(selectors.indicator_queryset(), pk=pk)
    permissions.require(request.user, "change", indicator)
    form = IndicatorForm(request.POST or None, instance=indicator, measured=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                services.save_indicator(Indicator.objects.get(pk=pk), by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("results:indicator_detail", pk=pk)
    return render(request, "results/indicator_form.html", {"form": form, "measured": indicator.measured_object,
                                                            "project": indicator.project, "indicator": indicator,
                                                            "hidden": {}})


def indicator_targets(request, pk):
    indicator = get_object_or_404(selectors.indicator_queryset(), pk=pk)
    permissions.require(request.user, "change", indicator)
    form = TargetsForm(request.POST or None, indicator=indicator, record=indicator, version=selectors.targets_version)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                services.set_targets(indicator, by=request.user, targets=form.targets())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("results:indicator_detail", pk=pk)
    return render(request, "results/targets_form.html", {"form": form, "indicator": indicator})


def indicator_detail(request, pk):
    indicator = get_object_or_404(permissions.visible(request.user, selectors.indicator_queryset()), pk=pk)
    approved_only = not permissions.can(request.user, "change", indicator) and \
        permissions.scope(request.user, "indicator_value", "transition") == "none"
    series = selectors.series_for([indicator])[indicator.pk]
    values = list(selectors.values_for(request.user, indicator))
    for value in values:  # the loaded indicator (with its project and lead unit) for the permission checks
        value.indicator = indicator
    reviewable = {v.pk: permissions.can(request.user, "transition", v) for v in values}
    deliveries = []
    if indicator.follows_deliveries:
        from ..models import Delivery
        deliveries = permissions.visible(request.user, Delivery.objects.filter(indicators=indicator).select_related(
            "country", "area")).order_by("-end_date")[:50]
    return render(request, "results/indicator_detail.html", {
        "indicator": indicator, "series": series, "rows": series.rows(), "progress": series.progress,
        "chart": series.chart(), "values": [{"value": v, "can_review": reviewable[v.pk],
                                              # separation of duties: never offer Approve to the submitter
                                              "can_approve": reviewable[v.pk] and v.submitted_by_id != request.user.pk,
                                              "can_edit": v.status != "approved" and permissions.can(
                                                  request.user, "change", v)} for v in values],
        "breakdown": selectors.breakdown_for(indicator, approved_only=approved_only),
        "deliveries": deliveries,
        "can_change": permissions.can(request.user, "change", indicator),
        "can_record": not indicator.follows_deliveries and permissions.can(
            request.user, "add", IndicatorValue(indicator=indicator)),
        "thresholds": progress.thresholds(),
        "history": (history_for(indicator, list(indicator.targets.all()), values)
                    if permissions.can_view_history(request.user) else None),
    })


def value_edit(request, pk=None, value_pk=None):
    """Record a value for an indicator (``pk``) or correct a submitted/returned one (``value_pk``)."""
    value = None
    if value_pk is not None:
        value = get_object_or_404(IndicatorValue.objects.select_related("indicator", "indicator__project__lead_unit"),
                                  pk=value_pk)
        indicator = value.indicator
        permissions.require(request.user, "change", value)
    else:
        indicator = get_object_or_404(selectors.indicator_queryset(), pk=pk)
        permissions.require(request.user, "add", IndicatorValue(indicator=indicator))
    if indicator.follows_deliveries:
        messages.warning(request, _("This indicator's actual values follow from its deliveries: record a delivery."))
        return redirect("results:indicator_detail", pk=indicator.pk)
    initial = {"year": request.GET.get("year")} if request.GET.get("year") else {}
    proposed = selectors.proposed_actuals(indicator) if value is None else {}
    if proposed:
        year = int(initial["year"]) if str(initial.get("year", "")).isdigit() else max(proposed)
        if year in proposed:
            initial.update(year=year, value=proposed[year])
    form = ValueForm(request.POST or None, indicator=indicator, value=value, initial=initial or None, record=value)
    if proposed and "value" in form.fields:
        form.fields["value"].help_text = _("Proposed from the deliveries recorded under its output: %(years)s") % {
            "years": "; ".join(_("%(year)s: %(n)s participants") % {"year": y, "n": n} for y, n in proposed.items())}
    if request.method == "POST" and form.is_valid():
        rows = form.breakdown_rows()
        if not form.errors:
            data = form.cleaned_data
            try:
                with unchanged(form):
                    services.record_value(
                        indicator, by=request.user, year=value.year if value else data["year"], value=data.get("value"),
                        text=data.get("text", ""), rating=data.get("rating", ""), note=data.get("note", ""),
                        disaggregation=rows)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Value submitted for approval."))
                return redirect("results:indicator_detail", pk=indicator.pk)
    return render(request, "results/value_form.html", {"form": form, "indicator": indicator, "value": value})


def value_review(request, value_pk):
    value = get_object_or_404(IndicatorValue.objects.select_related("indicator", "indicator__project__lead_unit"),
                              pk=value_pk)
    permissions.require(request.user, "transition", value)
    if request.method != "POST":
        return redirect("results:indicator_detail", pk=value.indicator_id)
    try:
        services.review_value(value, by=request.user, action=request.POST.get("action", ""),
                              comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Value for %(year)s: %(status)s.") % {"year": value.year, "status": value.get_status_display().lower()})
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("results:indicator_detail", pk=value.indicator_id)


def pending_values(request):
    if permissions.scope(request.user, "indicator_value", "transition") == "none":
        raise PermissionDenied
    page = Paginator(selectors.pending_values(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "results/pending_values.html", {"page_obj": page, "tabs": _tabs(request, "review")})
