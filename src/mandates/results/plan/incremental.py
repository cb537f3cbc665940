"""The stored plan summaries refreshed in part: only the rows of the results a write touched.

A stored summary (``plan.stored``) was computed at a data version — the latest audit entry. Every
write since has left its own audit entry (model, object, and the changed fields' old and new values),
so the summary can be brought up to date by reading those entries:

1. each entry names what it touched (``touched``): a project (its own write, a location, a budget line
   or revision, an expenditure line), an outcome or output (through its project), an activity
   (through its output), an indicator (its result, or its outcome's or output's project), an indicator
   value, target or breakdown (through the indicator), a delivery (through its indicators). The old
   and the new values of the links are both read from the entry, so a record moved or deleted is
   followed to where it was and to where it is;
2. the rows to compute again are the results those projects contribute to now (their own, their
   outcomes' and outputs' links: 3 queries), the results they contributed to when the summary was
   computed (kept beside it: each row's projects) and the results those indicators belong to;
3. those rows are computed as the plan computes them (``implementation_plan(..., only=...)``; the money
   of the touched projects only is read again, the others' is kept beside the summary), put in place of
   the old ones, and the totals are summed again from every row's projects and every
   project's money (kept beside the summary): a project counted once however many rows it serves.

Writes the plan reads nothing of (a treaty, an evaluation, a donor's contribution, a report...) touch
no row: the summary is only stamped with the new version. A write whose effect cannot be followed
row by row — the results tree itself, a work unit's name, an exchange rate, a statistics link or
import, indicators taken off a delivery (logged by name), a deleted delivery, a model this module does not know — or more entries than
``MAX_ENTRIES`` (a year's ERP import), or a new as-at date, means the whole summary is computed again
(``None`` is returned and the caller does so). A test compares every kind of write refreshed in part
with the summary computed in full, row by row, to the cent.
"""
from __future__ import annotations

import copy
import dataclasses
import logging
from dataclasses import dataclass, field

from django.db.models import Q

from mandates.core.ids import InIds

from . import filtered as plan_filtered
from . import funding as plan_money

log = logging.getLogger(__name__)

#: Entries beyond which the whole summary is computed again (a bulk import touches most rows anyway).
MAX_ENTRIES = 500
#: How far below the version's latest entry numbers drawn by transactions not yet committed are looked for.
WINDOW = 5000
#: Rows beyond which the whole summary is computed again (the parts cost about what the whole does).
MAX_SHARE = 0.5

# model label -> (what its own object is, {link field: what it points to}). Objects are followed to
# projects, results and indicators; ``delivery`` is followed through its indicators.
FOLLOWED = {
    "portfolio.project": ("project", {}),
    "portfolio.outcome": ("outcome", {"project": "project"}),
    "portfolio.output": ("output", {"outcome": "outcome"}),
    "portfolio.activity": (None, {"output": "output"}),
    "portfolio.projectlocation": (None, {"project": "project"}),
    "results.indicator": ("indicator", {"result": "result", "outcome": "outcome", "output": "output"}),
    "results.indicatortarget": (None, {"indicator": "indicator"}),
    "results.indicatorvalue": ("value", {"indicator": "indicator"}),
    "results.disaggregatedvalue": (None, {"value": "value"}),
    "results.delivery": ("delivery", {}),
    "results.deliveryparticipants": (None, {"delivery": "delivery"}),
    "finance.budgetline": (None, {"project": "project"}),
    "finance.budgetrevision": (None, {"project": "project"}),
    "finance.expenditure": (None, {"project": "project"}),
}
#: Audited models the plan reads nothing of: their writes change no figure of it.
UNREAD = frozenset({
    "finance.contribution", "finance.donor", "finance.donorreader", "finance.biennium", "finance.fund",
    "finance.fundsegment", "finance.segmentgroup", "finance.apportionment", "finance.budgetclass",
    "finance.regularbudgetallotment", "finance.importbatch",
    "portfolio.programme", "portfolio.programmecomponent", "portfolio.programmeconsultation",
    "portfolio.projectpartner", "partners.partner", "people.user", "notifications.preference", "jobs.job",
    "reporting.narrative", "reporting.report", "reporting.reportitem",
    "treaties.instrument", "treaties.participant", "treaties.treatyevent",
    "evaluation.evaluation", "evaluation.finding", "evaluation.recommendation", "evaluation.managementresponse",
    "evaluation.actionitem", "evaluation.lesson",
    "resolutions.resolution", "resolutions.importdraft", "resolutions.paragraph", "resolutions.obligation",
    "resolutions.resultlink", "assistance.assistancerequest",
})


class Unfollowed(Exception):
    """A write whose rows cannot be named: the whole summary is computed again."""


@dataclass
class Touched:
    project: set = field(default_factory=set)
    outcome: set = field(default_factory=set)
    output: set = field(default_factory=set)
    result: set = field(default_factory=set)
    indicator: set = field(default_factory=set)
    value: set = field(default_factory=set)
    delivery: set = field(default_factory=set)


def _ids(value) -> list[int]:
    """The id(s) an audit entry's value names: an int, its text, or None / "None"."""
    try:
        return [int(value)]
    except (TypeError, ValueError):
        return []


def touched(entries) -> Touched:
    """What the audit entries (``(model label, object pk, changes, subject label, subject pk)``) touched.
    Raises ``Unfollowed`` for a write that cannot be followed to rows."""
    found, current = Touched(), {}
    for label, pk, changes, subject_label, subject_pk in entries:
        if label == "core.statuschange":  # a status set on its subject (which is saved, and audited, too)
            label, pk, changes = subject_label, subject_pk, {}
        if label in UNREAD:
            continue
        if label not in FOLLOWED:
            raise Unfollowed(label)
        own, links = FOLLOWED[label]
        changes = changes if isinstance(changes, dict) else {}
        links_changed = changes.get("indicators") if own == "delivery" else None
        if isinstance(links_changed, dict) and links_changed.get("operation") != "add":
            raise Unfollowed("delivery indicators")  # logged by name: the indicators it no longer counts for are unknown
        if own is not None:
            getattr(found, own).update(_ids(pk))
        for name, kind in links.items():
            change = changes.get(name)
            if isinstance(change, list | tuple):
                for value in change:
                    getattr(found, kind).update(_ids(value))
        if links:
            current.setdefault(label, set()).update(_ids(pk))
    _follow_current(found, current)
    return found


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _follow_current(found: Touched, current: dict) -> None:
    """The links the touched records hold now (the entries give only the changed ones): one query a model."""
    for label, pks in current.items():
        links = FOLLOWED[label][1]
        for row in _model(label).objects.filter(InIds("pk", pks)).values(*(f"{name}_id" for name in links)):
            for name, kind in links.items():
                if row[f"{name}_id"] is not None:
                    getattr(found, kind).add(row[f"{name}_id"])


def _to_projects_and_results(found: Touched) -> None:
    """Everything touched, as projects and results (the rows are found from these)."""
    from mandates.portfolio.models import Outcome, Output

    from ..models import Delivery, Indicator, IndicatorValue

    if found.delivery:
        existing = set(Delivery.objects.filter(InIds("pk", found.delivery)).values_list("pk", flat=True))
        if existing != found.delivery:  # a deleted delivery: its links to indicators went with it
            raise Unfollowed("deleted delivery")
        found.indicator |= set(Delivery.indicators.through.objects.filter(
            InIds("delivery_id", found.delivery)).values_list("indicator_id", flat=True))
    if found.value:
        found.indicator |= set(IndicatorValue.objects.filter(InIds("pk", found.value)).values_list(
            "indicator_id", flat=True))
    if found.indicator:
        for result_id, outcome_id, output_id in Indicator.objects.filter(InIds("pk", found.indicator)).values_list(
                "result_id", "outcome_id", "output_id"):
            found.result.update(x for x in (result_id,) if x)
            found.outcome.update(x for x in (outcome_id,) if x)
            found.output.update(x for x in (output_id,) if x)
    if found.output:
        found.outcome |= set(Output.objects.filter(InIds("pk", found.output)).values_list("outcome_id", flat=True))
    if found.outcome:
        found.project |= set(Outcome.objects.filter(InIds("pk", found.outcome)).values_list("project_id", flat=True))


def results_of_projects(project_ids) -> set:
    """The results the projects, their outcomes and their outputs name now (3 queries)."""
    from mandates.portfolio.models import Outcome, Output, Project

    if not project_ids:
        return set()
    found = set(Project.results.through.objects.filter(InIds("project_id", project_ids)).values_list(
        "strategynode_id", flat=True))
    found |= set(Outcome.results.through.objects.filter(InIds("outcome__project_id", project_ids)).values_list(
        "strategynode_id", flat=True))
    found |= set(Output.results.through.objects.filter(InIds("output__outcome__project_id", project_ids)).values_list(
        "strategynode_id", flat=True))
    return found


def rows_to_refresh(entries, index: dict) -> tuple[set, set]:
    """The ids of the results whose rows the entries' writes may have changed (see the module's text),
    and the projects they touched (the only ones whose money may have changed)."""
    found = touched(entries)
    _to_projects_and_results(found)
    rows = set(found.result) | results_of_projects(found.project)
    if found.project:  # and the rows they contributed to when the summary was computed
        rows |= {rid for rid, projects in index["projects_of"].items() if not projects.isdisjoint(found.project)}
    return rows & set(index["projects_of"]), found.project


def finance_for(project_ids, keep: dict, *, year=None):
    """(budget, expenditure) per project of a part of the plan: read again for the projects a write
    touched, kept from the stored summary for the others (their money has not changed)."""
    fresh = keep["fresh"]
    read = plan_money.finance_by_project(sorted(set(project_ids) & fresh), year=year) or ({}, {})
    known = keep["known"]
    return tuple({**{p: v for p, v in known[k].items() if p in project_ids and p not in fresh}, **read[k]}
                 for k in (0, 1))


def latest_entry(at_version: str) -> int | None:
    """The latest audit entry's number in a data version (``<entry>.<commits>:<stamps>``)."""
    head = at_version.split(":")[0].split(".")[0]
    return int(head) if head.isdigit() else None


def pending(at_version: str) -> list[int]:
    """The numbers up to the version's latest entry that no entry bears yet (within ``WINDOW``): drawn by
    transactions not yet committed (or rolled back). Read *before* the summary is computed, so that an
    entry committed later is read by the next refresh although its number is below the version's."""
    from auditlog.models import LogEntry

    latest = latest_entry(at_version) or 0
    seen = set(LogEntry.objects.filter(pk__gt=latest - WINDOW, pk__lte=latest).values_list("pk", flat=True))
    return [n for n in range(max(latest - WINDOW, 0) + 1, latest + 1) if n not in seen]


def entries_up_to(at_version: str) -> int:
    """How many audit entries bear a number up to the version's latest entry. Read with ``pending``: if more
    bear one when the summary is refreshed than the pending numbers found account for, a transaction that
    drew its numbers further back than ``WINDOW`` has committed since, and the summary is computed again."""
    from auditlog.models import LogEntry

    return LogEntry.objects.filter(pk__lte=latest_entry(at_version) or 0).count()


def entries_between(after: int, upto: int, also=()):
    """The audit entries written after version ``after`` up to ``upto`` (and those numbered ``also``, which
    were pending when the summary was computed), as ``touched`` reads them."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from mandates.core.models import StatusChange

    labels = {}

    def label_of(ct_id):
        if ct_id not in labels:
            ct = ContentType.objects.get_for_id(ct_id)
            labels[ct_id] = f"{ct.app_label}.{ct.model}"
        return labels[ct_id]

    rows = list(LogEntry.objects.filter(Q(pk__gt=after, pk__lte=upto) | Q(InIds("pk", also))).values_list(
        "content_type_id", "object_pk", "changes"))
    subjects = {}
    status_ct = ContentType.objects.get_for_model(StatusChange).pk
    status_ids = [int(pk) for ct, pk, _ in rows if ct == status_ct and str(pk).isdigit()]
    if status_ids:
        subjects = {pk: (label_of(ct), obj) for pk, ct, obj in StatusChange.objects.filter(
            InIds("pk", status_ids)).values_list("pk", "content_type_id", "object_id")}
    for ct, pk, changes in rows:
        label, subject = label_of(ct), (None, None)
        if ct == status_ct:
            subject = subjects.get(int(pk)) if str(pk).isdigit() else None
            if subject is None:  # the status change was deleted since: its subject is unknown
                raise Unfollowed("status change")
        yield label, pk, changes, *subject


def merge(stored_plan, stored_index: dict, part, part_index: dict):
    """The stored plan with the rows of ``part`` in place of its own, its totals and groups summed
    again; and the index to keep beside it."""
    from .build import _group, _totals

    new_rows = {row.result.pk: row for row in part.rows}
    rows = [new_rows.get(row.result.pk, row) for row in stored_plan.rows]
    projects_of = {**stored_index["projects_of"], **part_index["projects_of"]}
    renewed = set().union(*part_index["projects_of"].values()) if part_index["projects_of"] else set()
    budget, spent = ({p: v for p, v in stored_index["finance"][k].items() if p not in renewed}
                     for k in (0, 1))
    budget.update(part_index["finance"][0])
    spent.update(part_index["finance"][1])
    every_project = set().union(*projects_of.values()) if projects_of else set()
    if not any(budget.get(p) or spent.get(p) for p in every_project):
        return None, None  # the finance records now hold nothing for the plan: its money changes source
    totals = _totals(rows, plan_money.FINANCE, (budget, spent), {}, set(), every_project)
    stored_plan.rows, stored_plan.groups, stored_plan.totals = rows, _group(rows), totals
    return stored_plan, {"projects_of": projects_of, "finance": (budget, spent), "source": plan_money.FINANCE,
                         "parts": plan_filtered.merged(stored_index.get("parts"), part_index.get("parts"))}


def refreshed(user, period, plan, index: dict, *, stored_version: str, current: str, shown: dict,
              memo: dict | None = None):
    """``plan`` (stored at ``stored_version`` with ``index``) brought up to ``current`` by computing
    again only the rows the writes since touched: (plan, index), or (None, None) when the whole
    summary must be computed again. ``memo`` (a dict, kept by the caller across the summaries of one
    refresh) lets the page's and the API's summaries share one computation of the rows: computed once
    listing the most either lists (``widest``), each summary takes the first few of its own."""
    from .build import as_of_for

    old, new = latest_entry(stored_version), latest_entry(current)
    if (index is None or stored_version.split(":")[1:] != current.split(":")[1:] or old is None or new is None
            or index.get("source") != plan_money.FINANCE or plan.as_of != as_of_for(period, plan.year)
            or new - old > MAX_ENTRIES):
        return None, None
    memo = {} if memo is None else memo
    if (period.pk, "pending", current) not in memo:  # before the rows are computed (see ``pending``)
        memo[(period.pk, "pending", current)] = pending(current)
        memo[(period.pk, "below", current)] = entries_up_to(current)
    key = (period.pk, plan.year, stored_version, current)  # a year's summary: that year's rows
    if key not in memo:
        memo[key] = _part(user, period, index, old=old, new=new, shown=memo.get("widest", shown), year=plan.year)
    found = memo[key]
    if found is None:
        return None, None
    rows, part, part_index = found
    stamp = {"pending": memo[(period.pk, "pending", current)], "below": memo[(period.pk, "below", current)]}
    if not rows:
        return plan, {**index, **stamp}
    part = copy.copy(part)
    part.rows = [_first(row, shown) for row in part.rows]
    plan, index = merge(plan, index, part, part_index)
    if index is not None:
        index.update(stamp)
    return plan, index


def _part(user, period, index, *, old: int, new: int, shown: dict, year=None):
    """(the results to compute again, their rows, what merging them needs), or None for the whole summary."""
    from .build import implementation_plan

    try:
        waiting = index.get("pending", ())
        entries = list(entries_between(old, new, waiting))
        if len(entries) > MAX_ENTRIES:
            raise Unfollowed(f"{len(entries)} entries")
        _no_late_entry_unread(old, index, waiting)
        rows, projects = rows_to_refresh(entries, index)
    except Unfollowed as why:
        log.info("Plan summary computed again in full: %s", why)
        return None
    if not rows:
        return rows, None, None
    if len(rows) > MAX_SHARE * len(index["projects_of"]):
        return None
    part_index = {"source": plan_money.FINANCE, "known": index["finance"], "fresh": projects}
    part = implementation_plan(user, period, year=year, summary=shown, only=rows, keep=part_index)
    if part_index["source"] != plan_money.FINANCE:
        return None
    return rows, part, part_index


def _no_late_entry_unread(old: int, index: dict, waiting) -> None:
    """Raise ``Unfollowed`` when more entries numbered up to ``old`` exist now than when the summary was
    computed, beyond those found among its pending numbers: one committed late from further back than the
    window. (A summary stored before this count was kept has none: it is computed again once.)"""
    from auditlog.models import LogEntry

    if index.get("below") is None:
        raise Unfollowed("no count of the entries below its version")
    late = LogEntry.objects.filter(pk__lte=old).count() - index["below"]
    if late > 0 and late > LogEntry.objects.filter(InIds("pk", list(waiting))).count():
        raise Unfollowed(f"{late} entries committed late")


def _first(row, shown: dict):
    """A summary row listing the first ``shown`` outputs, projects and indicators of a row listing more
    (each list is in the plan's order, so the first few of the longer list are the first few)."""
    return dataclasses.replace(row, outputs=row.outputs[:shown["outputs"]], projects=row.projects[:shown["projects"]],
                               indicators=row.indicators[:shown["indicators"]])


def widest(shown_keys) -> dict:
    """The most outputs, projects and indicators any of the stored summaries lists."""
    from .summary import DEFAULT_SHOWN

    wide = {}
    for shown in shown_keys:
        for name, n in {**DEFAULT_SHOWN, **shown}.items():
            wide[name] = max(wide.get(name, 0), n)
    return wide


def index_of(keep: dict, pending_ids, below: int | None = None) -> dict:
    """What a stored summary keeps beside it to be refreshed in part (from ``implementation_plan(keep=...)``
    and ``pending``, read before it was computed)."""
    finance = keep.get("finance") or ({}, {})
    return {"projects_of": keep.get("projects_of", {}), "finance": finance, "source": keep.get("source"),
            "pending": pending_ids, "below": below, "parts": keep.get("parts")}
