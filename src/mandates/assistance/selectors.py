"""Reads about requests for technical assistance: the register, one request, response-time statistics.

Everything is narrowed by the permission matrix (``people.permissions.visible``) and counted in the
database: response times (days from receipt to the first response: accepted, declined or referred),
their median and average per year, region and work unit, and the age of the open requests.
"""
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import CharField, F, Func, IntegerField, Q, Value
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils import timezone

from mandates.core.lifecycle import status_changes_for
from mandates.core.params import filter_year
from mandates.people import permissions

from .models import AssistanceRequest

Status = AssistanceRequest.Status


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two dates), as an integer, in the database."""

    output_field = IntegerField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(end, start, **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date - date is an integer
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(", **extra,
        )


@dataclass
class RequestFilters:
    state: object = None  # a Country
    region: object = None  # an Area (region, sub-region or intermediate region)
    status: str = ""
    urgency: str = ""
    unit: object = None  # a WorkUnit: requests assigned to it or to a unit below it
    result: object = None  # a StrategyNode: requests linked to it or to a node below it
    year: int | None = None
    q: str = ""

    def apply(self, qs):
        if self.state is not None:
            qs = qs.filter(requesting_state=self.state)
        if self.region is not None:
            qs = qs.filter(Q(requesting_state__region=self.region) | Q(requesting_state__sub_region=self.region)
                           | Q(requesting_state__intermediate_region=self.region))
        if self.status:
            qs = qs.filter(status=self.status)
        if self.urgency:
            qs = qs.filter(urgency=self.urgency)
        if self.unit is not None:
            qs = qs.filter(assigned_unit__path__startswith=self.unit.path)
        if self.result is not None:
            linked = AssistanceRequest.objects.filter(
                Q(results=self.result) | Q(results__parent=self.result) | Q(results__parent__parent=self.result)
            ).values("pk")
            qs = qs.filter(pk__in=linked)
        qs = filter_year(qs, "received_on", self.year)
        if self.q:
            qs = qs.filter(Q(subject__icontains=self.q) | Q(description__icontains=self.q)
                           | Q(reference__icontains=self.q) | Q(state_reference__icontains=self.q))
        return qs


def visible_requests(user, action: str = "view"):
    return permissions.visible(user, AssistanceRequest.objects.all(), action)


def request_list(user, filters: RequestFilters | None = None):
    """The register: the requests ``user`` may see, newest first, with their response time in days."""
    qs = (
        visible_requests(user)
        .select_related("requesting_state", "assigned_unit", "project", "partner")
        .prefetch_related("results")
        .annotate(response_days=DaysBetween(F("responded_on"), F("received_on")))
        .order_by("-received_on", "-id")
    )
    return (filters or RequestFilters()).apply(qs)


def request_detail(user, pk: int) -> AssistanceRequest:
    """One request the user may see (raises DoesNotExist otherwise)."""
    return (
        visible_requests(user)
        .select_related("requesting_state", "requesting_state__region", "assigned_unit", "project",
                        "activity", "activity__output__outcome__project", "partner")
        .prefetch_related("results", "results__period")
        .annotate(response_days=DaysBetween(F("responded_on"), F("received_on")))
        .get(pk=pk)
    )


def status_timeline(req: AssistanceRequest) -> list[dict]:
    """Receipt, then each recorded transition with who, when and why."""
    rows = [{"status": Status.RECEIVED.label, "code": Status.RECEIVED.value, "date": req.received_on,
             "by": None, "comment": f"Received by {req.get_channel_display().lower()}"}]
    labels = dict(Status.choices)
    for change in status_changes_for(req):
        rows.append({"status": labels.get(change.to_status, change.to_status), "code": change.to_status,
                     "date": change.changed_at, "by": change.changed_by, "comment": change.comment,
                     "from": labels.get(change.from_status, change.from_status)})
    return rows


def transitions_from_here(req: AssistanceRequest, user) -> list[tuple[str, str]]:
    """The transitions the current status allows (their fields are asked for in the form), if ``user`` may."""
    if not permissions.can(user, "transition", req):
        return []
    result = []
    for t in AssistanceRequest._meta.get_field("status").get_all_transitions(AssistanceRequest):
        if t.source == req.status:
            label = t.custom.get("label", t.name)
            if t.name == "assign" and req.status == Status.ASSIGNED:
                label = "Reassign"
            result.append((t.name, label))
    order = ["start_triage", "assign", "accept", "decline", "refer", "close"]
    return sorted(result, key=lambda pair: order.index(pair[0]) if pair[0] in order else 99)


def years_with_requests(user) -> list[int]:
    return [d.year for d in visible_requests(user).order_by().dates("received_on", "year", order="DESC")]


# --- response-time statistics ----------------------------------------------------------------

THRESHOLDS = (30, 90)
GROUPINGS = {
    "year": Cast(ExtractYear("received_on"), CharField()),
    "region": Coalesce(F("requesting_state__region__name"), Value("")),
    "work_unit": Coalesce(F("assigned_unit__name"), Value("")),
}


def _group_rows(base, as_of: datetime.date, grouping: str | None) -> list[dict]:
    """One row per group: counts, median and average response days, shares within 30/90 days, open age."""
    group = GROUPINGS[grouping] if grouping else Value("all", output_field=CharField())
    inner = (
        base.order_by()
        .annotate(grp=group, days=DaysBetween(F("responded_on"), F("received_on")),
                  age=DaysBetween(Value(as_of), F("received_on")))
        .values("pk", "grp", "days", "age")
    )
    sql, params = inner.query.sql_with_params()
    within = ", ".join(
        f"SUM(CASE WHEN days <= {n} THEN 1 ELSE 0 END) AS within_{n}, "
        f"SUM(CASE WHEN days IS NOT NULL OR age > {n} THEN 1 ELSE 0 END) AS due_{n}"
        for n in THRESHOLDS
    )
    statement = f"""
        SELECT grp, COUNT(*) AS total, COUNT(days) AS answered, AVG(days) AS mean_days,
               AVG(CASE WHEN days IS NOT NULL AND (rn = (n + 1) / 2 OR rn = (n + 2) / 2) THEN days END)
                   AS median_days,
               MIN(days) AS min_days, MAX(days) AS max_days,
               SUM(CASE WHEN days IS NULL THEN 1 ELSE 0 END) AS open_count,
               AVG(CASE WHEN days IS NULL THEN age END) AS open_mean_age,
               MAX(CASE WHEN days IS NULL THEN age END) AS open_max_age,
               {within}
        FROM (
            SELECT grp, days, age,
                   ROW_NUMBER() OVER (PARTITION BY grp ORDER BY CASE WHEN days IS NULL THEN 1 ELSE 0 END, days)
                       AS rn,
                   COUNT(days) OVER (PARTITION BY grp) AS n
            FROM ({sql}) base
        ) ranked
        GROUP BY grp
        ORDER BY grp
    """
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        columns = [col[0] for col in cursor.description]
        rows = [dict(zip(columns, values)) for values in cursor.fetchall()]
    for row in rows:
        for key in ("mean_days", "median_days", "open_mean_age"):
            row[key] = _one_decimal(row[key])
        for n in THRESHOLDS:
            due = row.pop(f"due_{n}") or 0
            row[f"within_{n}"] = row[f"within_{n}"] or 0
            row[f"due_{n}"] = due
            row[f"share_within_{n}"] = (
                (Decimal(row[f"within_{n}"]) * 100 / due).quantize(Decimal("0.1"), ROUND_HALF_UP) if due else None
            )
        row["label"] = row.pop("grp") or ""
    return rows


def _one_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def response_statistics(user, filters: RequestFilters | None = None, *, as_of: datetime.date | None = None,
                        oldest: int = 10) -> dict:
    """Response times of the requests ``user`` may see: overall, per year received, per region, per work unit.

    ``share_within_30``: of the requests answered, or open for more than 30 days on ``as_of``, the
    percentage answered within 30 days (the same for 90).
    """
    as_of = as_of or timezone.localdate()
    base = (filters or RequestFilters()).apply(visible_requests(user)).filter(received_on__lte=as_of)
    overall = _group_rows(base, as_of, None)
    open_requests = (
        base.filter(status__in=AssistanceRequest.OPEN_STATUSES)
        .select_related("requesting_state", "assigned_unit")
        .annotate(age=DaysBetween(Value(as_of), F("received_on")))
        .order_by("received_on", "id")[:oldest]
    )
    return {
        "as_of": as_of,
        "overall": overall[0] if overall else None,
        "by_year": _group_rows(base, as_of, "year"),
        "by_region": _group_rows(base, as_of, "region"),
        "by_work_unit": _group_rows(base, as_of, "work_unit"),
        "oldest_open": list(open_requests),
        "thresholds": THRESHOLDS,
    }
