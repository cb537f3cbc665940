"""A filtered implementation plan served from the stored summary (``plan.stored``) instead of computed live.

A project's contribution to an expected result does not depend on the other projects: the outputs,
outcomes, activities, places, units and indicators it brings to a row are its own (``build.contributions``).
A filter by region, country, work unit or theme only keeps some projects (those ``build._project_filter``
keeps, within what the reader may see) or some rows; so a filtered row is the union of the stored
contributions of the projects it keeps, and its money the sum of their money. Beside each stored summary
its index (``plan.incremental``) keeps, per row and contributing project (``parts_of``):

- the number of outputs and of activities, the first few outputs (by project and output code);
- the places (countries, regions, global) and work units it brings;
- the number of outcome and output indicators, the first few (outcomes by id, then outputs in order),
  and whether one has an actual in the year up to the as-at date; per row, the result's own indicators;

and every project's budget and expenditure (already kept for the refresh in part). ``served`` then
asks the database only which projects the filter keeps (the same query as the live plan), the
attribution shares of their money for a country or region (``results.attribution``, 2 queries), and
the titles and progress of what the rows show (as ``plan.summary`` does): every count, amount (summed
again, each project once, ``Decimal`` to the cent), place, unit and gap is the live plan's — a test
compares both for every filter kind (``results/tests/test_plan_filtered.py``).

Computed live still (``served`` returns None):

- an **as-at date** other than the summary's (a year is served from that year's stored summary, whose
  parts are of that year: ``plan.stored``; the projects a place or unit filter keeps are those the live
  plan's filter keeps, of which the year's parts hold only the projects of that year);
- a reader whose scope is not every project and indicator (a Member State reader: ``stored.scope_key``;
  the stored summary is shared by the roles that see everything, and is used for those only);
- a plan whose money is the planned cost of activities (no finance records), and a filter that keeps no
  project with finance records (the live plan then shows the planned cost of the kept activities);
- a stored summary computed by code that did not keep the parts (computed again by the next refresh).
"""
from __future__ import annotations

import heapq
import marshal
from collections import defaultdict
from itertools import chain, groupby, repeat
from operator import itemgetter

from mandates.core.ids import InIds
from mandates.people import permissions

from . import funding as plan_money
from .places import GLOBAL, NOTHING


def parts_of(results, c, acts, projects, locations, inds, shown: dict) -> dict:
    """The parts of ``results``' rows, each encoded (``_parts``)."""
    parts = _parts(results, c, acts, projects, locations, inds, shown)
    return _encoded(parts)


def _encoded(parts: dict) -> dict:
    """The parts as ``marshal`` bytes, each part (a project bringing the same to several rows is one) once."""
    done: dict = {}

    def encoded(part):
        found = done.get(id(part))
        if found is None:
            found = done[id(part)] = marshal.dumps(part)
        return found
    return {"rows": {rid: (own, {pid: encoded(part) for pid, part in pairs.items()})
                     for rid, (own, pairs) in parts["rows"].items()}, "unit_names": parts["unit_names"]}


def rows_and_parts(rows, c, acts, projects, locations, inds, shown: dict, finance) -> dict:
    """The summary ``rows`` (``build.PlanRow``s of the results, with theme and area) made from their parts,
    as ``served`` makes a filtered plan's — with every project kept, the same figures as
    ``build.summary_row_for`` (a test compares the two) at less than half its cost, as the parts are made
    anyway when the summary is stored — and the parts, encoded. ``finance``: (budget, expenditure) per
    project; the outputs' titles and the projects' records are those already read."""
    parts = _parts([row.result for row in rows], c, acts, projects, locations, inds, shown)
    budget, spent = finance
    for row in rows:
        own, mine = parts["rows"][row.result.pk]
        _row(row, own, mine, budget, spent, parts["unit_names"], shown)
        for item in row.outputs:
            item["title"] = c.outputs[item["id"]]["title"]
        row.projects = [projects[item["id"]] for item in row.projects]
    return _encoded(parts)


def _parts(results, c, acts, projects, locations, inds, shown: dict) -> dict:
    """Per row: (the result's own indicators: first ids, count, recent), {project id: its part}; and the
    work units' names. A part is kept as ``marshal`` bytes (a filter decodes only the projects it keeps) of
    a flat tuple (project code, outputs, activities, indicators, recent, places as "c<country>",
    "r<region>" or "g", unit codes, first outputs as code, id, activities..., first indicators as kind,
    outcome, project code, output code, output, position, id...)."""
    n_outputs, n_indicators = shown["outputs"], shown["indicators"]
    unit_names, rows = {}, {}
    # looked up once per output, not once per (row, project): tens of thousands of outputs at scale
    key_of = {o: (v["outcome__project_id"], v["code"], o) for o, v in c.outputs.items()}
    second = itemgetter(1)
    count_of, places_of, units_of = acts.count_by_output, acts.places_of_output, acts.units_of_output
    by_outcome, by_output, recent_ids = inds.by_outcome, inds.by_output, inds.recent
    outputs_of_project, outcomes_of_project = c.outputs_of_project, c.outcomes_of_project
    made, whole = {}, {}

    def part(pid, outs, outcomes):
        # a project brings the same outputs and outcomes to several rows (all of them, when it names the
        # results as a whole): the same part, made once (half the pairs at N=20)
        same = (pid, tuple(outs), tuple(sorted(outcomes)))
        found = made.get(same)
        if found is not None:
            return found
        project = projects[pid]
        code = project["code"]
        unit_names[project["lead_unit__code"]] = project["lead_unit__name"]
        # per output, looked up with the loops in C (map): tens of thousands of outputs at N=20
        outputs = list(map(second, outs))
        counts = list(map(count_of.get, outputs, repeat(0)))
        # what each output and the project bring (plan.places), as unions of lists made once
        places = set(locations.get(pid, NOTHING)).union(*map(places_of.get, outputs, repeat(NOTHING)))
        units = {project["lead_unit__code"]}.union(*map(units_of.get, outputs, repeat(NOTHING)))
        first, shown_n, count, recent = [], 0, 0, False
        groups = [((0, oc, "", "", 0), by_outcome[oc]) for oc in same[2] if oc in by_outcome]
        groups += [((1, 0, code, ocode, o), by_output[o]) for ocode, o in outs if o in by_output]
        for key, ids in groups:
            count += len(ids)
            if shown_n < n_indicators:
                for n, i in enumerate(ids[:n_indicators - shown_n]):
                    first += (*key, n, i)
                    shown_n += 1
            recent = recent or not recent_ids.isdisjoint(ids)
        made[same] = found = (
            code, len(outs), sum(counts), count, recent, tuple(sorted(places)), tuple(units),
            tuple(chain.from_iterable(zip(map(itemgetter(0), outs[:n_outputs]), outputs[:n_outputs], counts))),
            tuple(first))
        return found

    def whole_part(pid):
        # a project naming the result as a whole: all its outputs and their outcomes, the same in every row
        found = whole.get(pid)
        if found is None:
            found = whole[pid] = part(pid, [k[1:] for k in sorted(map(key_of.__getitem__, outputs_of_project.get(pid, ())))],
                                      outcomes_of_project.get(pid, ()))
        return found

    for result in results:
        rid = result.pk
        wholes = c.whole_of[rid]
        specific_outputs, specific_outcomes = c.specific_of[rid]
        # the other projects' outputs by project, each project's by code and id (sorted and grouped in C)
        outputs_of = {pid: [(code, o) for _pid, code, o in group] for pid, group in groupby(
            sorted(map(key_of.__getitem__, specific_outputs)), key=itemgetter(0))}
        outcomes_of = defaultdict(list)
        for oc in specific_outcomes:
            outcomes_of[c.project_of_outcome.get(oc)].append(oc)
        pairs = {}
        for pid in c.projects_of[rid]:
            if pid not in projects:
                continue
            pairs[pid] = whole_part(pid) if pid in wholes else part(pid, outputs_of.get(pid, []),
                                                                    outcomes_of.get(pid, ()))
        own = inds.by_result.get(rid, [])
        rows[rid] = ((tuple(own[:n_indicators]), len(own), any(i in recent_ids for i in own)), pairs)
    unit_names.update(acts.unit_names)
    return {"rows": rows, "unit_names": unit_names}


def merged(stored_parts: dict | None, part_parts: dict | None) -> dict | None:
    """The parts of a stored summary with those of the rows computed again (``incremental.merge``)."""
    if stored_parts is None or part_parts is None:
        return None
    return {"rows": {**stored_parts["rows"], **part_parts["rows"]},
            "unit_names": {**stored_parts["unit_names"], **part_parts["unit_names"]}}


def servable(filters: dict, plan_as_of) -> bool:
    """Whether the stored summary (as at ``plan_as_of``: of the filters' year, if any) can answer these filters
    (see the module's text)."""
    return filters.get("as_of") in (None, plan_as_of)


def kept_projects(user, *, region=None, country=None, work_unit=None) -> set | None:
    """The ids of the visible projects the filters keep (the live plan's own filter), None for all."""
    from mandates.portfolio.models import Project

    from .build import _project_filter

    if region is None and country is None and work_unit is None:
        return None
    return set(permissions.visible(user, Project.objects.all()).filter(
        _project_filter(region=region, country=country, work_unit=work_unit)).values_list("pk", flat=True).distinct())


def served(user, period, as_of, index: dict, *, shown: dict, region=None, country=None, work_unit=None,
           theme=None, year=None):
    """The plan filtered, from the ``index`` of the stored summary (of ``year``, if given) as at ``as_of``, as
    the live plan would compute it; None when it cannot be (see the module's text)."""
    from .. import attribution
    from . import build
    from . import summary as plan_summary

    parts = index.get("parts") if index else None
    if parts is None or index.get("source") != plan_money.FINANCE or as_of != build.as_of_for(period, year):
        return None
    shown = {**plan_summary.DEFAULT_SHOWN, **shown}
    results, ancestor = build.choose_results(period, theme=theme)  # the rows, as the live plan chooses them
    kept = kept_projects(user, region=region, country=country, work_unit=work_unit)
    chosen, every, last = [], set(), period.result_level
    for result in sorted(results, key=lambda n: n.sort_key):
        if result.pk not in parts["rows"]:
            return None  # a result added since: computed live (the summary is computed again anyway)
        own, pairs = parts["rows"][result.pk]
        keys = pairs.keys() if kept is None else (kept & pairs.keys() if len(kept) < len(pairs) else
                                                  [p for p in pairs if p in kept])
        mine = {p: marshal.loads(pairs[p]) for p in keys}
        every |= mine.keys()
        chosen.append((build.PlanRow(result=result, theme=ancestor(result, 0) if last > 0 else None,
                                     area=ancestor(result, last - 1) if last > 1 else None), own, mine))
    budget, spent = index["finance"]
    if not any(p in budget or p in spent for p in every):
        return None  # the live plan shows the planned cost of the kept activities
    note = ""
    if country is not None or region is not None:
        share, how = attribution.shares(sorted(every), country=country, region=region)
        budget, spent = ({p: attribution.scale(part[p], share.get(p, 0)) for p in every if p in part}
                         for part in (budget, spent))
        note = attribution.note(how, str(country or region))
    rows = [_row(row, own, mine, budget, spent, parts["unit_names"], shown, country=country)
            for row, own, mine in chosen]
    _fill_titles(rows)
    plan_summary.fill_indicators(rows, year=year, as_of=as_of)
    totals = build._totals(rows, plan_money.FINANCE, (budget, spent), {}, set(), every)
    return build.Plan(period=period, year=year, reporting_year=build.reporting_year_for(period, year),
                      source=plan_money.FINANCE, rows=rows, groups=build._group(rows), totals=totals, attribution=note,
                      as_of=as_of, conversions=[], filters={"year": year, "region": region, "country": country,
                                               "work_unit": work_unit, "theme": theme, "as_of": as_of})


def _row(row, own, mine: dict, budget, spent, unit_names, shown, *, country=None):
    """One row from its kept parts, as ``build.summary_row_for`` computes it."""
    from .build import gaps

    parts = mine.values()
    # the first outputs (by project code, output code, id) and indicators (by their keys) of the row: each part
    # lists its own in that order, so the first n of the row are among those of the n parts whose first comes
    # first — looked for there, not among every part's (hundreds of parts per row at N=20)
    n = shown["outputs"]
    leading = heapq.nsmallest(n, ((part[0], *part[7][:3], k) for k, part in enumerate(parts) if part[7]))
    chosen = {first[-1] for first in leading}
    outputs = [(part[0], first[i], first[i + 1], first[i + 2]) for k, part in enumerate(parts) if k in chosen
               for first in (part[7],) for i in range(0, len(first), 3)]
    row.outputs = [{"id": o, "code": ocode, "title": None, "project": code, "activities": count}
                   for code, ocode, o, count in heapq.nsmallest(n, outputs)]
    row.activity_count = sum(map(itemgetter(2), parts))
    row.projects = [{"id": p} for p in heapq.nsmallest(shown["projects"], mine, key=lambda p: mine[p][0])]
    row.budget = plan_money.summed(map(budget.get, mine))
    row.expenditure = plan_money.summed(map(spent.get, mine))
    places = set().union(*map(itemgetter(5), parts))
    units = set().union(*map(itemgetter(6), parts))
    countries = {name[1:] for name in places if name[0] == "c"}
    regions = {name[1:] for name in places if name[0] == "r"}
    row.is_global = GLOBAL in places
    if country is not None:  # the chosen country only, not the projects' other places
        countries, regions, row.is_global = countries & {country.name}, set(), False
    row.countries, row.regions = sorted(countries), sorted(regions)
    row.units = [{"code": code, "name": unit_names.get(code)} for code in sorted(units)]
    own_ids, own_count, recent = own
    n = shown["indicators"] - len(own_ids)
    firsts = []
    if n > 0:
        leading = heapq.nsmallest(n, ((part[8][:7], k) for k, part in enumerate(parts) if part[8]))
        chosen = {k for _first, k in leading}
        firsts = heapq.nsmallest(n, (part[8][i:i + 7] for k, part in enumerate(parts) if k in chosen
                                     for i in range(0, len(part[8]), 7)))
    row.indicators = list(own_ids) + [key[6] for key in firsts]
    row.counts = {"outputs": sum(map(itemgetter(1), parts)), "projects": len(mine),
                  "indicators": own_count + sum(map(itemgetter(3), parts))}
    row.gaps = gaps(row, recent or any(map(itemgetter(4), parts)))
    return row


def _fill_titles(rows) -> None:
    """The shown outputs' titles and the shown projects' records (2 queries for all rows)."""
    from mandates.portfolio.models import Output, Project

    outputs = {o for row in rows for o in (item["id"] for item in row.outputs)}
    projects = {p for row in rows for p in (item["id"] for item in row.projects)}
    titles = dict(Output.objects.filter(InIds("pk", outputs)).values_list("id", "title")) if outputs else {}
    found = {p["id"]: p for p in Project.objects.filter(InIds("pk", projects)).values(
        "id", "code", "title", "status", "lead_unit__code", "lead_unit__name")} if projects else {}
    for row in rows:
        for item in row.outputs:
            item["title"] = titles.get(item["id"], "")
        row.projects = [found[item["id"]] for item in row.projects if item["id"] in found]
