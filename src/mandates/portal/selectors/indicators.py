"""The indicators a portal page shows (a project's, an expected result's), with the rows of their tables."""
from collections import defaultdict
from types import SimpleNamespace

from mandates.results.models import DisaggregatedValue, IndicatorTarget, IndicatorValue


def with_rows(indicators) -> list:
    """``indicators`` (a queryset, ordered) with ``rows``: one per target year with the approved values of that year,
    or, without a target, one per approved value (``portal/_indicators.html``). Targets, approved values and their
    breakdown are read as tuples, each once for all the indicators (four queries in all, as the prefetches were),
    and matched by year here rather than by two template loops over every value for every target (pub10)."""
    indicators = list(indicators.only("pk", "code", "title", "kind", "unit", "currency", "baseline_value",
                                      "baseline_text", "baseline_date"))
    ids = [i.pk for i in indicators]
    if not ids:
        return indicators
    targets, approved, breakdown = defaultdict(list), defaultdict(list), defaultdict(list)
    for indicator_id, year, value, text in IndicatorTarget.objects.filter(indicator_id__in=ids).order_by(
            "year").values_list("indicator_id", "year", "value", "text"):
        targets[indicator_id].append(SimpleNamespace(year=year, value=value, text=text))
    values = list(IndicatorValue.objects.filter(indicator_id__in=ids, status=IndicatorValue.Status.APPROVED)
                  .order_by("year").values_list("pk", "indicator_id", "year", "value", "text"))
    if values:
        for value_id, dimension, category, amount in DisaggregatedValue.objects.filter(
                value_id__in=[v[0] for v in values]).order_by("dimension", "category").values_list(
                "value_id", "dimension", "category", "amount"):
            breakdown[value_id].append(SimpleNamespace(dimension=dimension, category=category, amount=amount))
    for pk, indicator_id, year, value, text in values:
        approved[indicator_id].append(SimpleNamespace(year=year, value=value, text=text, breakdown=breakdown[pk]))
    for indicator in indicators:
        of_indicator = approved[indicator.pk]
        if targets[indicator.pk]:
            indicator.rows = [SimpleNamespace(year=t.year, target=t, actuals=[v for v in of_indicator if v.year == t.year])
                              for t in targets[indicator.pk]]
        else:
            indicator.rows = [SimpleNamespace(year=v.year, target=None, actuals=[v]) for v in of_indicator]
    return indicators
