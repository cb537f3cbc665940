"""The implementation plan's summary mode: what a row of the page (and of the API's default answer)
shows, computed without the whole of every row.

A row of the page shows counts and the first few outputs, projects and indicators; the rest is one
request away (the one-result detail, computed in full). The full plan (``build.row_for``) computes
the progress of every indicator — the series of tens of thousands of indicators at scale — and sorts
every row's full lists; the summary computes:

- per indicator, the **last year with an actual** as at the plan's as-at date, by grouped SQL (the latest
  approved value with a figure — or a rating, for a qualitative indicator — of a year begun by then;
  the end year of the latest linked delivery ended by then), the same year ``series_for(...,
  recorded_by=as_of).last_actual_year()`` gives, so the "no data in the last year" gap is the same;
  indicators with actuals from another domain (``indicator_actuals`` providers, e.g. a linked
  statistics series) are read through ``series_for`` itself;
- progress (targets, actuals, status) only for the indicators a row shows;
- counts of outputs, projects and indicators, and their first few in the full plan's order.

Money, places, units, gaps and totals are the full plan's, to the cent (a test compares both modes).
"""
import heapq
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from mandates.core.extensions import providers_for
from mandates.core.ids import InIds
from mandates.people import permissions

from ..models import Delivery, Indicator, IndicatorValue
from ..selectors import series_for
from . import indicators as plan_indicators


class _AsGiven:
    """An aggregate of an integer column read as the database driver gives it (an ``int``, or None): Django's
    converter per row and column (``int(value)``) costs more than the query at scale (100,000 calls for the
    indicators' last years at N=20)."""

    def get_db_converters(self, connection):
        return self.output_field.get_db_converters(connection)


class Latest(_AsGiven, Max):
    pass


class Counted(_AsGiven, Count):
    pass


#: How many of each a summary row holds when the caller does not say.
DEFAULT_SHOWN = {"outputs": 6, "projects": 12, "indicators": 8}


@dataclass
class IndicatorIndex:
    """Ids of the visible indicators per result, outcome and output (in the plan's order: code, title,
    id), and per indicator whether it has an actual within the year up to the as-at date."""
    by_result: dict = field(default_factory=dict)
    by_outcome: dict = field(default_factory=dict)
    by_output: dict = field(default_factory=dict)
    recent: set = field(default_factory=set)


def indicator_index(user, result_ids, c, *, as_of, part: bool = False) -> IndicatorIndex:
    """Three queries (the visible indicators; the last year of approved values with a figure and with a
    rating per indicator; the last linked delivery's end per indicator, both grouped in SQL), plus the
    providers' linked actuals (one query each) and, only for the indicators they serve, ``series_for``."""
    from .build import is_recent

    which = Q(InIds("result_id", result_ids)) | Q(InIds("outcome_id", c.every_outcome)) | Q(InIds("output_id", c.every_output))
    if part:  # a few rows (plan.incremental): found through each link's index, not by a scan of all indicators
        which = Q(InIds("pk", {pk for q in (Q(InIds("result_id", result_ids)), Q(InIds("outcome_id", c.every_outcome)),
                                            Q(InIds("output_id", c.every_output)))
                               for pk in Indicator.objects.filter(q).values_list("pk", flat=True)}))
    rows = permissions.visible(user, Indicator.objects.filter(which)).order_by("code", "title", "id").values_list("id", "result_id", "outcome_id", "output_id", "kind", "actual_source")
    index = IndicatorIndex()
    reported, counted = {}, set()
    for pk, result_id, outcome_id, output_id, kind, source in rows:
        if result_id:
            index.by_result.setdefault(result_id, []).append(pk)
        elif outcome_id:
            index.by_outcome.setdefault(outcome_id, []).append(pk)
        else:
            index.by_output.setdefault(output_id, []).append(pk)
        if source != Indicator.ActualSource.REPORTED:
            counted.add(pk)
        else:
            reported[pk] = kind != Indicator.Kind.QUALITATIVE
    last = dict.fromkeys(reported.keys() | counted)
    # A part of the plan (plan.incremental): its indicators' own values only; else every value grouped.
    mine = Q(InIds("indicator_id", last)) if part else Q()
    # Grouped over the approved values of years begun by the as-at date (what ``series_for`` reads): the
    # latest year with a figure (quantitative) and with a rating (qualitative).
    for pk, with_value, with_rating in IndicatorValue.objects.filter(
            mine, status=IndicatorValue.Status.APPROVED, year__lte=as_of.year).values_list("indicator_id").annotate(
            v=Latest("year", filter=Q(value__isnull=False)),
            r=Latest("year", filter=~Q(rating="") & Q(rating__isnull=False))).order_by():
        if pk in reported:
            last[pk] = with_value if reported[pk] else with_rating
    if counted:  # the deliveries ended by the as-at date count in the year they end
        for pk, end in Delivery.indicators.through.objects.filter(mine, delivery__end_date__lte=as_of).values_list(
                "indicator_id").annotate(end=Max("delivery__end_date")).order_by():
            if pk in counted:
                last[pk] = end.year
    linked = set()
    for provider in providers_for("indicator_actuals"):
        linked |= {row[0] for row in provider(list(last))}
    if linked:  # another domain's actuals may add (or blank) a year: read those few as the full plan does
        found = plan_indicators.read(Indicator.objects.filter(InIds("pk", linked)))
        for pk, series in series_for(found, recorded_by=as_of).items():
            last[pk] = series.last_actual_year()
    recent_years = {year for year in set(last.values()) if is_recent(year, as_of)}  # a few years, not each indicator
    index.recent = {pk for pk, year in last.items() if year in recent_years}
    return index


def first(ids, n, key):
    """The first ``n`` of ``ids`` by ``key``, without sorting them all."""
    return heapq.nsmallest(n, ids, key=key) if len(ids) > n else sorted(ids, key=key)


def indicators_of(row_result_id, outcomes, outs, index: IndicatorIndex, n: int) -> tuple[list, int, bool]:
    """(the first ``n`` indicator ids in the full plan's order — the result's, its outcomes' by id, its
    outputs' by rank —, how many in all, whether one of them has a recent actual). ``outs`` are the
    row's outputs in rank order."""
    groups = [index.by_result.get(row_result_id, [])]
    groups += [index.by_outcome[oc] for oc in sorted(outcomes) if oc in index.by_outcome]
    groups += [index.by_output[o] for o in outs if o in index.by_output]
    shown, count, recent = [], 0, False
    for ids in groups:
        count += len(ids)
        if len(shown) < n:
            shown += ids[:n - len(shown)]
        if not recent:
            recent = any(i in index.recent for i in ids)
    return shown, count, recent


def fill_indicators(rows, *, year, as_of) -> None:
    """The shown indicators of every row, as the full plan lists them (records, progress, last year,
    source): their records (1 query) and series (up to 3) for those only."""
    wanted = {i for row in rows for i in row.indicators}
    if not wanted:
        return
    found = plan_indicators.read(Indicator.objects.filter(InIds("pk", wanted)))
    series = series_for(found, as_of_year=year, recorded_by=as_of)
    by_id = {i.id: i for i in found}
    for row in rows:
        shown = []
        for pk in row.indicators:
            s = series[pk]
            last_year = s.last_actual_year()
            shown.append({"indicator": by_id[pk], "progress": s.progress, "last_year": last_year,
                          "source": s.sources.get(last_year, "") if last_year is not None else ""})
        row.indicators = shown
