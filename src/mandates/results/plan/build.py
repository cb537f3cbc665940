"""The implementation plan matrix (strategy, para. 6 (a)-(f)) for one strategy period.

One row per expected result of the period — the nodes at the period's last level of the results
track, whatever their codes — grouped by their ancestors (theme, result area). Columns:
(a) how: contributing outputs and their activities; (b) how much: see ``plan.funding``; (c) where:
countries, regions, global, from project locations and activities; (d) who: work units (lead units
of the projects, responsible units of the activities); (e) projects; (f) indicators with their latest
status. Gaps: no contributing project, no indicator, no money, no data in the last year.

A project contributes to a result when the project, one of its outcomes or one of its outputs names
the result. Contributing outputs: outputs that name the result, outputs of outcomes that name it, and
— for a project that names the result while none of its outcomes/outputs does — all its outputs.

The whole matrix is computed in a bounded number of queries (about fifteen) whatever the size of
the portfolio: every step loads the rows of all results at once; rows are assembled in memory.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandates.core.gc_pause import paused
from mandates.core.ids import InIds
from mandates.people import permissions

from .. import attribution
from ..models import Indicator
from ..selectors import series_for
from . import filtered as plan_filtered
from . import funding as plan_money
from . import incremental
from . import indicators as plan_indicators
from . import places as plan_places
from . import summary as plan_summary

NO_PROJECT, NO_INDICATOR, NO_MONEY, NO_RECENT_DATA = "no_project", "no_indicator", "no_money", "no_recent_data"
GAP_LABELS = {
    NO_PROJECT: _("No contributing project"),
    NO_INDICATOR: _("No indicator"),
    NO_MONEY: _("No money"),
    NO_RECENT_DATA: _("No data in the last year"),
}


@dataclass
class PlanRow:
    result: object
    theme: object = None
    area: object = None
    outputs: list = field(default_factory=list)
    activity_count: int = 0
    budget: dict = field(default_factory=dict)
    expenditure: dict | None = None
    countries: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    is_global: bool = False
    units: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    gaps: list = field(default_factory=list)
    # how many outputs, projects and indicators the row has: in summary mode its lists hold the first few only
    counts: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)  # figures added by later domains (core.extensions annotators)

    @property
    def gap_labels(self) -> list[str]:
        return [str(GAP_LABELS[g]) for g in self.gaps]

    @property
    def where(self) -> list[str]:
        return (["Global"] if self.is_global else []) + self.regions + self.countries


@dataclass
class Plan:
    period: object
    year: int | None
    reporting_year: int
    source: str
    rows: list
    groups: list
    totals: dict
    filters: dict
    attribution: str = ""
    as_of: date | None = None
    conversions: list = field(default_factory=list)  # plan_money.Conversion: the rates used for planned costs

    @property
    def source_label(self) -> str:
        return str(plan_money.SOURCE_LABELS[self.source])

    @property
    def gap_counts(self) -> list[tuple[str, int]]:
        return [(label, self.totals["gaps"][code]) for code, label in GAP_LABELS.items()]

    @property
    def currencies(self) -> list[str]:
        found = set(self.totals["budget"]) | set(self.totals.get("expenditure") or {})
        for row in self.rows:
            found |= set(row.budget) | set(row.expenditure or {})
        return sorted(found) or ["USD"]


def _project_filter(*, year=None, region=None, country=None, work_unit=None) -> Q:
    """The projects a filter keeps. One place or unit filter is asked as subqueries evaluated once (the
    projects with a location there, those with an activity there), which keep the same projects as the
    joined form (a test compares both) without the database joining every location to every activity of
    every project; several together keep the joined form, where one activity must meet all of them."""
    if sum(f is not None for f in (region, country, work_unit)) > 1:
        return _project_filter_joined(year=year, region=region, country=country, work_unit=work_unit)
    from mandates.portfolio.models import Activity, ProjectLocation

    q = _project_filter_joined(year=year)
    located, done = ProjectLocation.objects.values("project_id"), Activity.objects.values("output__outcome__project_id")
    if country is not None:
        q &= (Q(pk__in=located.filter(Q(country=country) | Q(area__in=list(country.area_ids))))
              | Q(pk__in=done.filter(country=country)))
    if region is not None:  # the region's countries and areas as subqueries: no join per location or activity
        from mandates.geography.models import Area, Country

        countries = Country.objects.filter(Q(region=region) | Q(sub_region=region)
                                           | Q(intermediate_region=region)).values("pk")
        areas = Area.objects.filter(Q(pk=region.pk) | Q(parent=region) | Q(parent__parent=region)).values("pk")
        q &= (Q(pk__in=located.filter(Q(area__in=areas) | Q(country__in=countries)))
              | Q(pk__in=done.filter(Q(area=region) | Q(country__in=countries))))
    if work_unit is not None:
        q &= (Q(lead_unit__path__startswith=work_unit.path)
              | Q(pk__in=done.filter(responsible_unit__path__startswith=work_unit.path)))
    return q


def _project_filter_joined(*, year=None, region=None, country=None, work_unit=None) -> Q:
    q = Q()
    if year:
        q &= Q(start_date__lte=date(year, 12, 31), end_date__gte=date(year, 1, 1))
    if country is not None:
        q &= (Q(locations__country=country) | Q(locations__area__in=list(country.area_ids))
              | Q(outcomes__outputs__activities__country=country))
    if region is not None:
        q &= (Q(locations__area=region) | Q(locations__area__parent=region) | Q(locations__area__parent__parent=region)
              | Q(locations__country__region=region) | Q(locations__country__sub_region=region)
              | Q(locations__country__intermediate_region=region)
              | Q(outcomes__outputs__activities__area=region)
              | Q(outcomes__outputs__activities__country__region=region)
              | Q(outcomes__outputs__activities__country__sub_region=region)
              | Q(outcomes__outputs__activities__country__intermediate_region=region))
    if work_unit is not None:
        q &= (Q(lead_unit__path__startswith=work_unit.path)
              | Q(outcomes__outputs__activities__responsible_unit__path__startswith=work_unit.path))
    return q


def reporting_year_for(period, year=None) -> int:
    if year:
        return year
    return max(period.start_year, min(timezone.localdate().year, period.end_year))


def as_of_for(period, year=None, as_of: date | None = None) -> date:
    """The plan's as-at date: the one chosen, else today, never after the end of the year or period shown."""
    if as_of is not None:
        return as_of
    end = date(year or period.end_year, 12, 31)
    return max(date(year or period.start_year, 1, 1), min(timezone.localdate(), end))


def is_recent(last_year: int | None, as_of: date) -> bool:
    """An actual for ``last_year`` (a calendar year) falls in the twelve months up to ``as_of``."""
    if last_year is None:
        return False
    year_before = as_of.replace(year=as_of.year - 1) if not (as_of.month == 2 and as_of.day == 29) else \
        as_of.replace(year=as_of.year - 1, day=28)
    return date(last_year, 12, 31) >= year_before and date(last_year, 1, 1) <= as_of


@paused()  # a million small records, none in a cycle (core.gc_pause)
def implementation_plan(user, period, *, year=None, region=None, country=None, work_unit=None, theme=None,
                        as_of: date | None = None, result=None, summary: dict | None = None, only=None,
                        keep: dict | None = None) -> Plan:
    """The plan of ``period``; ``result`` (a node of the period) narrows it to that one expected
    result (the page's detail of a row, loaded on demand). With ``summary`` (how many outputs,
    projects and indicators to list, e.g. ``plan.summary.DEFAULT_SHOWN``) each row lists only its
    first few, with ``counts`` of all, and only those indicators' progress is computed
    (``plan.summary``); money, places, units, gaps and totals are those of the full plan.

    Six named steps, each a function below: choose the results, find what contributes to them
    (outputs, outcomes, projects), their activities, the money, the indicators, then each row with
    its places, units and gaps.

    ``only`` (result ids) and ``keep`` serve the stored summaries' refresh in part (``plan.incremental``):
    the rows of those results only, and ``keep`` receives what it needs to merge them (each row's
    projects, every project's money); given a ``source``, the money is taken from it."""
    results, ancestor = choose_results(period, theme=theme, result=result)
    if only is not None:
        results = [r for r in results if r.pk in only]
    result_ids = [r.pk for r in results]
    c = contributions(user, result_ids, year=year, region=region, country=country, work_unit=work_unit)
    if keep is not None and "known" in keep:  # the money of the projects a write touched only
        finance = incremental.finance_for(c.every_project, keep, year=year)
    else:
        finance = plan_money.finance_by_project(sorted(c.every_project), year=year)
    if keep is not None:
        if keep.get("source") == plan_money.FINANCE and finance is None:
            finance = ({}, {})  # a part of a plan whose money comes from the finance records
        keep.update(projects_of={rid: frozenset(ps) for rid, ps in c.projects_of.items()},
                    finance=finance, source=plan_money.FINANCE if finance else plan_money.PLANNED_COST)
    acts = activities(c.every_output, year=year, planned_cost=finance is None)
    projects, locations = contributing_projects(c.every_project)
    m = money(c, acts, finance, country=country, region=region)
    as_of = as_of_for(period, year, as_of)
    if summary is None:
        inds = indicators(user, result_ids, c, year=year, as_of=as_of)
        make_row = row_for
    else:
        inds = plan_summary.indicator_index(user, result_ids, c, as_of=as_of, part=only is not None)
        shown = {**plan_summary.DEFAULT_SHOWN, **summary}

        def make_row(*args, **kwargs):
            return summary_row_for(*args, shown=shown, **kwargs)

    last = period.result_level
    ordered = sorted(results, key=lambda n: n.sort_key)
    if keep is not None and summary is not None and m.finance and country is None and region is None:
        # a summary to store: its parts per (row, project), for filtered plans (plan.filtered), and the rows
        # summed from them (the same figures as make_row's, without walking every output twice)
        rows = [PlanRow(result=r, theme=ancestor(r, 0) if last > 0 else None,
                        area=ancestor(r, last - 1) if last > 1 else None) for r in ordered]
        keep["parts"] = plan_filtered.rows_and_parts(rows, c, acts, projects, locations, inds, shown, m.finance)
    else:
        rows = [make_row(r, c, acts, m, projects, locations, inds, as_of=as_of, country=country,
                         theme=ancestor(r, 0) if last > 0 else None, area=ancestor(r, last - 1) if last > 1 else None)
                for r in ordered]
        if keep is not None and summary is not None:  # per (row, project), for filtered plans (plan.filtered)
            keep["parts"] = plan_filtered.parts_of(results, c, acts, projects, locations, inds, shown)
    if summary is not None:
        plan_summary.fill_indicators(rows, year=year, as_of=as_of)
    totals = _totals(rows, m.source, m.finance, m.cost_by_output, c.every_output, c.every_project)
    return Plan(period=period, year=year, reporting_year=reporting_year_for(period, year), source=m.source,
                rows=rows, groups=_group(rows), totals=totals, attribution=m.attributed, as_of=as_of,
                conversions=acts.conversions if m.source == plan_money.PLANNED_COST else [],
                filters={"year": year, "region": region, "country": country, "work_unit": work_unit, "theme": theme,
                         "as_of": as_of})


# Step 1 --------------------------------------------------------------------------------------------

def choose_results(period, *, theme=None, result=None):
    """The expected results of the period (its last level of the results track), narrowed to a theme
    or to one result, and a function giving a result's ancestor at a level (1 query)."""
    from mandates.strategy.models import StrategyNode

    nodes = {n.pk: n for n in StrategyNode.objects.filter(period=period, track="results").order_by("sort_key")}

    def ancestor(node, level):
        while node is not None and node.level > level:
            node = nodes.get(node.parent_id)
        return node if node is not None and node.level == level else None

    results = [n for n in nodes.values() if n.level == period.result_level]
    if theme is not None:
        results = [r for r in results if ancestor(r, theme.level) == theme]
    if result is not None:
        results = [r for r in results if r.pk == result.pk]
    return results, ancestor


# Step 2 --------------------------------------------------------------------------------------------

@dataclass
class Contributions:
    """What contributes to each result: ``outputs`` (id -> its row), and per result the sets of
    contributing outputs, outcomes and projects; ``every_*`` their unions."""
    outputs: dict
    outputs_of: dict
    outcomes_of: dict
    projects_of: dict
    every_output: set
    every_outcome: set
    every_project: set
    output_rank: dict = field(default_factory=dict)  # output id -> its place by (project code, output code)
    project_of_outcome: dict = field(default_factory=dict)  # contributing outcome id -> its project id
    # per result: the projects naming it as a whole (each brings all its outputs and their outcomes), and the
    # (outputs, outcomes) the other projects bring; a project's outputs and outcomes (``plan.filtered``'s parts)
    whole_of: dict = field(default_factory=dict)
    specific_of: dict = field(default_factory=dict)
    outputs_of_project: dict = field(default_factory=dict)
    outcomes_of_project: dict = field(default_factory=dict)


def contributions(user, result_ids, *, year=None, region=None, country=None, work_unit=None) -> Contributions:
    """The visible projects (within the filters) that contribute to the results, through their own
    links, their outcomes' or their outputs' (3 queries), and the outputs concerned (1)."""
    from mandates.portfolio.models import Outcome, Output, Project

    project_ids_q = permissions.visible(user, Project.objects.all()).filter(
        _project_filter(year=year, region=region, country=country, work_unit=work_unit)).values("pk")
    direct = defaultdict(set)  # result -> project ids naming it
    for node_id, project_id in Project.results.through.objects.filter(
            strategynode_id__in=result_ids, project_id__in=project_ids_q).values_list("strategynode_id", "project_id"):
        direct[node_id].add(project_id)
    by_outcome = defaultdict(set)  # result -> outcome ids
    outcome_project = {}
    for node_id, outcome_id, project_id in Outcome.results.through.objects.filter(
            strategynode_id__in=result_ids, outcome__project_id__in=project_ids_q).values_list(
            "strategynode_id", "outcome_id", "outcome__project_id"):
        by_outcome[node_id].add(outcome_id)
        outcome_project[outcome_id] = project_id
    by_output = defaultdict(set)
    for node_id, output_id in Output.results.through.objects.filter(
            strategynode_id__in=result_ids, output__outcome__project_id__in=project_ids_q).values_list(
            "strategynode_id", "output_id"):
        by_output[node_id].add(output_id)

    all_direct_projects = set().union(*direct.values()) if direct else set()
    outputs = {o["id"]: o for o in Output.objects.filter(
        Q(InIds("pk", set().union(*by_output.values()) if by_output else set()))
        | Q(InIds("outcome_id", outcome_project)) | Q(InIds("outcome__project_id", all_direct_projects))).values(
        "id", "code", "title", "outcome_id", "outcome__project_id", "outcome__project__code").order_by(
        "outcome__project__code", "code")}
    outputs_of_outcome, outputs_of_project, outcomes_of_project = defaultdict(set), defaultdict(set), defaultdict(set)
    project_of_output = {o: v["outcome__project_id"] for o, v in outputs.items()}
    outcome_of_output = {o: v["outcome_id"] for o, v in outputs.items()}
    for o in outputs.values():
        outputs_of_outcome[o["outcome_id"]].add(o["id"])
        outputs_of_project[o["outcome__project_id"]].add(o["id"])
        outcomes_of_project[o["outcome__project_id"]].add(o["outcome_id"])

    contrib_outputs, contrib_outcomes, contrib_projects = {}, {}, {}
    specific_of, whole_of = {}, {}
    for rid in result_ids:
        outs = set(by_output[rid])
        ocs = set(by_outcome[rid])
        for oc in by_outcome[rid]:
            outs |= outputs_of_outcome[oc]
        specific_projects = set(map(project_of_output.get, outs)) | {outcome_project[oc] for oc in ocs}
        specific_projects.discard(None)  # (an output not read: none is, as every one named is read)
        ocs |= set(map(outcome_of_output.get, outs)) - {None}
        specific_of[rid] = (frozenset(outs), frozenset(ocs))
        whole_of[rid] = whole = direct[rid] - specific_projects
        for pid in whole:  # a project naming the result as a whole: all its outputs (and so their outcomes)
            outs |= outputs_of_project[pid]
            ocs |= outcomes_of_project[pid]
        contrib_outputs[rid] = outs
        contrib_outcomes[rid] = ocs
        contrib_projects[rid] = direct[rid] | specific_projects
    return Contributions(
        outputs=outputs, outputs_of=contrib_outputs, outcomes_of=contrib_outcomes, projects_of=contrib_projects,
        every_output=set().union(*contrib_outputs.values()) if contrib_outputs else set(),
        every_outcome=set().union(*contrib_outcomes.values()) if contrib_outcomes else set(),
        every_project=set().union(*contrib_projects.values()) if contrib_projects else set(),
        # rows list their outputs by project and output code: sorted once here, not again in every row
        output_rank={o["id"]: n for n, o in enumerate(sorted(outputs.values(), key=itemgetter(
            "outcome__project__code", "code")))},
        project_of_outcome={**outcome_project, **{o["outcome_id"]: o["outcome__project_id"] for o in outputs.values()}},
        whole_of=whole_of, specific_of=specific_of,  # kept as tuples: a set per project costs 5 times the memory
        outputs_of_project={p: tuple(os) for p, os in outputs_of_project.items()},
        outcomes_of_project={p: tuple(os) for p, os in outcomes_of_project.items()})


# Step 3 --------------------------------------------------------------------------------------------

@dataclass
class Activities:
    """Per contributing output: planned cost (converted), number of activities, places and units
    (``plan.places``: the keys of its places and the codes of its units, and the units' names)."""
    cost_by_output: dict
    count_by_output: dict
    conversions: list
    places_of_output: dict
    units_of_output: dict = field(default_factory=dict)
    unit_names: dict = field(default_factory=dict)


def activities(every_output, *, year=None, planned_cost=True) -> Activities:
    """Cost and count per output (2 queries: activities, rates), places and units per output (1).
    Without ``planned_cost`` (the finance records hold the money) the count comes with the places and
    units (1 query, grouped by output, place and unit): the per-month conversion of every activity's cost
    would be computed for nothing."""
    from mandates.portfolio.models import Activity

    if planned_cost:
        cost_by_output, count_by_output, conversions = plan_money.planned_cost_by_output(every_output, year=year)
    else:
        cost_by_output, count_by_output, conversions = {}, None, []
    places_of_output, units_of_output, unit_names, counted = plan_places.of_activities(plan_places.grouped(
        Activity.objects.filter(plan_money.activity_year_q(year), InIds("output_id", every_output))))
    return Activities(cost_by_output, counted if count_by_output is None else count_by_output, conversions,
                      places_of_output, units_of_output, unit_names)


def contributing_projects(every_project):
    """The contributing projects (1 query) and their locations' places (1: ``plan.places`` keys per project)."""
    from mandates.portfolio.models import Project, ProjectLocation

    projects = {p["id"]: p for p in Project.objects.filter(InIds("pk", every_project)).values(
        "id", "code", "title", "status", "lead_unit__code", "lead_unit__name").order_by("code")}
    locations = plan_places.of_rows(ProjectLocation.objects.filter(InIds("project_id", every_project)).values_list(
        "project_id", "country__name", "area__name", "area__level").order_by())
    return projects, locations


# Step 4 --------------------------------------------------------------------------------------------

@dataclass
class Money:
    source: str
    finance: tuple | None  # (budget, expenditure) per project, when the finance records hold any
    cost_by_output: dict  # planned cost per output (used when they hold none)
    attributed: str = ""


def money(c: Contributions, acts: Activities, finance, *, country=None, region=None) -> Money:
    """Finance if it has data (``finance``: ``plan_money.finance_by_project``, bounded by the finance
    selectors), else planned cost; with a country or region, only the share of each project's money
    spent there."""
    source = plan_money.FINANCE if finance else plan_money.PLANNED_COST
    cost_by_output, attributed = acts.cost_by_output, ""
    if country is not None or region is not None:
        share, how = attribution.shares(sorted(c.every_project), country=country, region=region)
        if finance:
            finance = tuple({p: attribution.scale(v, share.get(p, 0)) for p, v in part.items()} for part in finance)
        cost_by_output = {o: attribution.scale(v, share.get(c.outputs[o]["outcome__project_id"], 0))
                          for o, v in cost_by_output.items() if o in c.outputs}
        attributed = attribution.note(how, str(country or region))
    return Money(source, finance, cost_by_output, attributed)


# Step 5 --------------------------------------------------------------------------------------------

@dataclass
class Indicators:
    by_result: dict
    by_outcome: dict
    by_output: dict
    series: dict
    status: dict = field(default_factory=dict)  # id -> (progress, last year, recent, source), once per indicator


def indicators(user, result_ids, c: Contributions, *, year=None, as_of=None) -> Indicators:
    """The visible indicators of the results and of their contributing outcomes and outputs (1 query,
    read as ``plan.indicators.PlanIndicator`` records) and their series as at ``as_of`` (up to 3)."""
    found = plan_indicators.read(permissions.visible(user, Indicator.objects.filter(
        Q(InIds("result_id", result_ids)) | Q(InIds("outcome_id", c.every_outcome)) | Q(InIds("output_id", c.every_output))
    )).order_by("code", "title", "id"))
    by_result, by_outcome, by_output = defaultdict(list), defaultdict(list), defaultdict(list)
    for ind in found:
        if ind.result_id:
            by_result[ind.result_id].append(ind)
        elif ind.outcome_id:
            by_outcome[ind.outcome_id].append(ind)
        else:
            by_output[ind.output_id].append(ind)
    return Indicators(by_result, by_outcome, by_output, series_for(found, as_of_year=year, recorded_by=as_of))


# Step 6 --------------------------------------------------------------------------------------------

def row_for(result, c: Contributions, acts: Activities, m: Money, projects, locations, inds: Indicators, *,
            as_of, country=None, theme=None, area=None) -> PlanRow:
    """One result's row: (a) how, (b) how much, (c) where, (d) who, (e) projects, (f) indicators, gaps."""
    rid, outputs = result.pk, c.outputs
    row = PlanRow(result=result, theme=theme, area=area)
    outs = sorted(c.outputs_of[rid], key=c.output_rank.__getitem__)
    row.outputs = [_output_item(outputs[o], acts) for o in outs]
    row.activity_count = sum(acts.count_by_output.get(o, 0) for o in outs)
    row.projects = [projects[p] for p in sorted(c.projects_of[rid], key=lambda p: projects[p]["code"])
                    if p in projects]
    _money_into(row, c.projects_of[rid], outs, m)
    _where_and_who(row, [p["id"] for p in row.projects], outs, acts, projects, locations, country=country)
    recent = _indicators_into(row, c.outcomes_of[rid], outs, inds, as_of=as_of)
    row.counts = {"outputs": len(row.outputs), "projects": len(row.projects), "indicators": len(row.indicators)}
    row.gaps = gaps(row, recent)
    return row


def summary_row_for(result, c: Contributions, acts: Activities, m: Money, projects, locations,
                    inds: plan_summary.IndicatorIndex, *, as_of, shown, country=None, theme=None, area=None) -> PlanRow:
    """A row as the page shows it: the same money, places, units and gaps as ``row_for``, the counts
    of outputs, projects and indicators and the first ``shown`` of each (indicators as ids, read by
    ``plan_summary.fill_indicators`` for all rows at once)."""
    rid, outputs = result.pk, c.outputs
    row = PlanRow(result=result, theme=theme, area=area)
    outs = c.outputs_of[rid]
    rank = c.output_rank.__getitem__
    row.outputs = [_output_item(outputs[o], acts) for o in plan_summary.first(outs, shown["outputs"], rank)]
    row.activity_count = sum(acts.count_by_output.get(o, 0) for o in outs)
    mine = [p for p in c.projects_of[rid] if p in projects]
    row.projects = [projects[p] for p in plan_summary.first(mine, shown["projects"], lambda p: projects[p]["code"])]
    _money_into(row, c.projects_of[rid], outs, m)
    _where_and_who(row, mine, outs, acts, projects, locations, country=country)
    with_indicators = sorted((o for o in outs if o in inds.by_output), key=rank)
    row.indicators, count, recent = plan_summary.indicators_of(rid, c.outcomes_of[rid], with_indicators, inds,
                                                               shown["indicators"])
    row.counts = {"outputs": len(outs), "projects": len(mine), "indicators": count}
    row.gaps = gaps(row, recent)
    return row


def _output_item(output: dict, acts: Activities) -> dict:
    """(a) one contributing output as a row lists it, with its number of activities."""
    return {"id": output["id"], "code": output["code"], "title": output["title"],
            "project": output["outcome__project__code"], "activities": acts.count_by_output.get(output["id"], 0)}


def _money_into(row, project_ids, outs, m: Money) -> None:
    """(b) the budget and expenditure of the row's projects, else the planned cost of its outputs."""
    if m.finance:
        budget, spent = m.finance
        row.budget = plan_money.summed(budget.get(p) for p in project_ids)
        row.expenditure = plan_money.summed(spent.get(p) for p in project_ids)
    else:
        row.budget = plan_money.summed(m.cost_by_output.get(o) for o in outs)


def _where_and_who(row, project_ids, outs, acts: Activities, projects, locations, *, country=None) -> None:
    """(c) countries, regions, global — from project locations and activities; (d) work units: the union
    of what each project and output brings (``plan.places``)."""
    empty = plan_places.NOTHING
    places = set().union(*(locations.get(p, empty) for p in project_ids),
                         *(acts.places_of_output.get(o, empty) for o in outs))
    units = {projects[p]["lead_unit__code"]: projects[p]["lead_unit__name"] for p in project_ids}
    for code in set().union(*(acts.units_of_output.get(o, empty) for o in outs)):
        units[code] = acts.unit_names[code]
    row.countries, row.regions, row.is_global = plan_places.split(places)
    if country is not None:  # the chosen country only, not the projects' other places
        row.countries, row.regions, row.is_global = [n for n in row.countries if n == country.name], [], False
    row.units = [{"code": code, "name": units[code]} for code in sorted(units)]


def _indicators_into(row, outcomes, outs, inds: Indicators, *, as_of) -> bool:
    """(f) the result's indicators, then its outcomes', then its outputs', each with its status; True
    when one of them has an actual within the year up to ``as_of``."""
    found = list(inds.by_result[row.result.pk])
    for oc in sorted(outcomes):
        found += inds.by_outcome[oc]
    for o in outs:
        found += inds.by_output[o]
    recent = False
    for ind in found:
        status = inds.status.get(ind.id)
        if status is None:  # an indicator shown in several rows is read once
            s = inds.series[ind.id]
            last_year = s.last_actual_year()
            status = inds.status[ind.id] = (s.progress, last_year, is_recent(last_year, as_of),
                                            s.sources.get(last_year, "") if last_year is not None else "")
        progress, last_year, is_new, source = status
        recent = recent or is_new
        row.indicators.append({"indicator": ind, "progress": progress, "last_year": last_year, "source": source})
    return recent


def gaps(row, recent: bool) -> list[str]:
    found = []
    if not row.counts.get("projects", len(row.projects)):
        found.append(NO_PROJECT)
    if not row.counts.get("indicators", len(row.indicators)):
        found.append(NO_INDICATOR)
    if not plan_money.has_money(row.budget, row.expenditure):
        found.append(NO_MONEY)
    if not recent:
        found.append(NO_RECENT_DATA)
    return found


def _totals(rows, source, finance, cost_by_output, every_output, every_project) -> dict:
    spent = None
    if finance:
        budget = plan_money.summed(finance[0].get(p) for p in every_project)
        spent = plan_money.summed(finance[1].get(p) for p in every_project)
    else:
        budget = plan_money.summed(cost_by_output.get(o) for o in every_output)
    gaps = {g: sum(1 for r in rows if g in r.gaps) for g in GAP_LABELS}
    return {"results": len(rows), "projects": len(every_project), "budget": budget, "expenditure": spent,
            "gaps": gaps, "with_gaps": sum(1 for r in rows if r.gaps)}


def _group(rows) -> list[dict]:
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["theme"] != row.theme:
            groups.append({"theme": row.theme, "areas": []})
        areas = groups[-1]["areas"]
        if not areas or areas[-1]["area"] != row.area:
            areas.append({"area": row.area, "rows": []})
        areas[-1]["rows"].append(row)
    return groups
