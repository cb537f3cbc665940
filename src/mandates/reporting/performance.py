"""The programme performance report: per expected result of the strategy, its indicators against the
baseline and the targets of the biennium, with the approved values only and their disaggregations.
A fixed number of queries whatever the number of results and indicators."""
from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _

from mandates.people import permissions

from .periods import Period


def build(user, period: Period, as_of) -> dict:
    from mandates.results import dimensions, selectors
    from mandates.results.models import DisaggregatedValue, IndicatorValue

    years = list(range(period.start.year, min(period.end.year, as_of.year) + 1))
    qs = permissions.visible(user, selectors.indicator_queryset()).filter(
        result__isnull=False, project__isnull=True, start_year__lte=period.end.year,
        end_year__gte=period.start.year).order_by("result__code", "code", "id")
    indicators = list(qs)
    series = selectors.series_for(indicators, as_of_year=as_of.year, approved_only=True)
    breakdown: dict[int, list] = defaultdict(list)
    rows = (DisaggregatedValue.objects.filter(
        Q(value__indicator__in=[i.pk for i in indicators]), value__status=IndicatorValue.Status.APPROVED,
        value__year__in=years).values("value__indicator_id", "value__year", "dimension", "category", "amount")
        .order_by("value__indicator_id", "value__year", "dimension", "category"))
    for r in rows:
        breakdown[r["value__indicator_id"]].append({
            "year": r["value__year"], "dimension": dimensions.dimension_name(r["dimension"]),
            "category": dimensions.category_name(r["dimension"], r["category"]), "amount": r["amount"]})
    results: dict[int, dict] = {}
    for ind in indicators:
        entry = results.setdefault(ind.result_id, {"result": ind.result, "indicators": []})
        s = series[ind.pk]
        entry["indicators"].append({
            "indicator": ind, "baseline": ind.baseline_value if ind.is_quantitative else ind.baseline_text,
            "years": [{"year": y, "target": s.targets.get(y), "actual": s.actuals.get(y) if ind.is_quantitative
                       else s.ratings.get(y, ""), "source": s.sources.get(y, "")} for y in years],
            "progress": s.progress, "breakdown": breakdown.get(ind.pk, [])})
    return {"period": period, "as_of": as_of, "years": years, "results": list(results.values()),
            "empty_message": _("No indicator of an expected result has figures for this period.")}


def xlsx(data: dict) -> bytes:
    import io

    from openpyxl import Workbook

    from mandates.core.spreadsheet import safe_cell

    wb = Workbook()
    ws = wb.active
    ws.title = _("Performance")[:31]
    head = [_("Expected result"), _("Indicator"), _("Baseline")]
    for y in data["years"]:
        head += [_("Target %(y)s") % {"y": y}, _("Actual %(y)s") % {"y": y}]
    ws.append([*head, _("Progress")])
    for entry in data["results"]:
        for row in entry["indicators"]:
            cells = [f"{entry['result'].code} {entry['result'].title}", str(row["indicator"]), row["baseline"]]
            for y in row["years"]:
                cells += [y["target"], y["actual"]]
            ws.append([safe_cell(c) if isinstance(c, str) else c for c in [*cells, row["progress"].label]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
