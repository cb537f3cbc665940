"""Fund overview, projections, delivery, segment settings and regular-budget allotments."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mandates.core.forms import apply_service_errors
from mandates.people import permissions

from .. import reports, selectors, services
from ..forms import AllotmentForm, GroupSettingsForm, SegmentSettingsForm
from ..models import Biennium, FundSegment, ProjectFinance, RegularBudgetAllotment, SegmentGroup
from .common import excel, parse_date, pick_biennium, wants_excel


def _m(value) -> str:
    """Money for a chart: a string with two decimals (JSON has no decimals)."""
    return f"{value:.2f}"


def _label(text: str, size: int = 42) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _rate(row) -> str | None:
    return f"{row['delivery'] * 100:.1f}" if row["delivery"] is not None else None


def overview(request):
    permissions.require(request.user, "view", Biennium)
    biennium = pick_biennium(request)
    ov = selectors.fund_overview(biennium)
    tables = reports.overview_tables(ov)
    if wants_excel(request):
        return excel(tables, f"fund-overview-{biennium.code}", heading="Fund overview")
    sees_delivery = permissions.can(request.user, "view", ProjectFinance)
    sums = selectors.project_sums(request.user, biennium) if sees_delivery else None  # read once for both cuts
    by_region = selectors.delivery(request.user, "region", biennium, sums=sums) if sees_delivery else []
    by_theme = selectors.delivery(request.user, "theme", biennium, sums=sums) if sees_delivery else []
    years = selectors.earmarking_by_year()
    charts = {
        "sources": {"labels": [r["source"] for r in ov["sources"]], "values": [_m(r["amount"]) for r in ov["sources"]]},
        "earmarking": {"labels": [str(y["year"]) for y in years],
                       **{key: [_m(y[key]) for y in years] for key in ("general_purpose", "soft", "hard",
                                                                       "regular_budget")}},
        "region": {"labels": [r["label"] for r in by_region], "values": [_rate(r) for r in by_region]},
        "theme": {"labels": [_label(r["label"]) for r in by_theme], "values": [_rate(r) for r in by_theme]},
    }
    return render(request, "finance/overview.html", {
        "biennium": biennium, "bienniums": Biennium.objects.order_by("-start_year"), "ov": ov, "tables": tables,
        "charts": charts, "sees_delivery": sees_delivery, "section": "overview",
        "can_change": permissions.can(request.user, "change", FundSegment),
    })


def projections(request):
    permissions.require(request.user, "view", Biennium)
    biennium = pick_biennium(request)
    try:
        chosen = parse_date(request.GET.get("as_of", ""))
    except ValueError:
        chosen = None
    as_of = selectors.as_of_within(biennium, chosen)
    rows = selectors.projections(biennium, as_of)
    total = selectors.projection_totals(rows)
    table = reports.projection_table(rows, biennium, as_of, total=total)
    if wants_excel(request):
        return excel([table], f"projections-{biennium.code}-{as_of}", heading="Projections")
    return render(request, "finance/projections.html", {
        "biennium": biennium, "bienniums": Biennium.objects.order_by("-start_year"), "as_of": as_of, "rows": rows,
        "total": total, "table": table, "section": "projections", "at_risk": [p for p in rows if p.at_risk],
        "can_change": permissions.can(request.user, "change", FundSegment),
    })


def segment_settings(request, pk):
    segment = get_object_or_404(FundSegment.objects.select_related("biennium"), pk=pk)
    permissions.require(request.user, "change", segment)
    form = SegmentSettingsForm(request.POST or None, initial={"reserve": segment.reserve,
                                                              "opening_balance": segment.opening_balance})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_reserve(segment, amount=form.cleaned_data["reserve"], by=request.user)
            services.set_opening_balance(segment, amount=form.cleaned_data["opening_balance"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s: settings saved.") % {"name": segment.name})
            return redirect(f"/finance/projections/?biennium={segment.biennium.code}")
    return render(request, "finance/settings_form.html", {"form": form, "target": segment, "section": "projections"})


def group_settings(request, pk):
    group = get_object_or_404(SegmentGroup.objects.select_related("biennium"), pk=pk)
    permissions.require(request.user, "change", group)
    form = GroupSettingsForm(request.POST or None, initial={"reserve": group.reserve})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_reserve(group, amount=form.cleaned_data["reserve"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s: reserve saved.") % {"name": group.name})
            return redirect(f"/finance/projections/?biennium={group.biennium.code}")
    return render(request, "finance/settings_form.html", {"form": form, "target": group, "section": "projections"})


def delivery(request):
    from ..selectors.delivery import SPENT_FILTERS

    permissions.require(request.user, "view", ProjectFinance)
    dimension = request.GET.get("by", "region")
    if dimension not in selectors.DIMENSIONS:
        dimension = "region"
    biennium = pick_biennium(request, required=False)
    project_filters = {}
    if dimension == "project":  # the home page's "budgets over 90 % spent" / "over budget" links
        from mandates.organisation.models import WorkUnit

        spent = request.GET.get("spent", "")
        project_filters = {
            "unit": WorkUnit.objects.filter(code=request.GET.get("unit", "")).first() if request.GET.get("unit") else None,
            "spent": spent if spent in SPENT_FILTERS else "",
            "running_only": request.GET.get("running") == "1",
        }
    rows = selectors.delivery(request.user, dimension, biennium, **project_filters)
    table = reports.delivery_table(rows, dimension, biennium)
    if wants_excel(request):
        return excel([table], f"delivery-by-{dimension}" + (f"-{biennium.code}" if biennium else ""))
    chart = {"labels": [_label(r["label"]) for r in rows], "values": [_rate(r) for r in rows]}
    chart_height = max(12, round(1.6 * len(rows) + 4))  # rem: one bar per row
    return render(request, "finance/delivery.html", {
        "table": table, "dimension": dimension, "dimensions": selectors.DIMENSION_TABS, "dimension_title": selectors.DIMENSION_TITLES[dimension], "biennium": biennium,
        "bienniums": Biennium.objects.order_by("-start_year"), "chart": chart, "section": "delivery",
        "chart_height": chart_height, "items": rows, "project_filters": project_filters,
        "spent_label": SPENT_FILTERS.get(project_filters.get("spent", "")),
    })


def allotments(request):
    permissions.require(request.user, "view", RegularBudgetAllotment)
    can_add = permissions.can(request.user, "add", RegularBudgetAllotment)
    form = AllotmentForm(request.POST or None) if can_add else None
    if request.method == "POST":
        permissions.require(request.user, "add", RegularBudgetAllotment)
        if form.is_valid():
            try:
                services.save_allotment(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Allotment saved."))
                return redirect("finance:allotments")
    rows = RegularBudgetAllotment.objects.select_related("segment", "segment__biennium").order_by(
        "-year", "segment__order")
    from ..tables import Column, Table

    table = Table("allotments", "Regular-budget allotments", [
        Column("year", "Year", "year"), Column("segment", "Section"), Column("amount", "Amount (USD)", "money"),
        Column("reference", "Reference")],
        [{"year": a.year, "segment": a.segment.name, "amount": a.amount, "reference": a.reference} for a in rows])
    if wants_excel(request):
        return excel([table], "regular-budget-allotments")
    return render(request, "finance/allotments.html", {"table": table, "form": form, "section": "overview"})
