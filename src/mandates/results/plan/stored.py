"""Materialised summaries of the implementation plan, refreshed on write.

The unfiltered plan of a period is the same for everyone who sees every project and indicator (every
role of the permission matrix but a Member State reader): computing it for each request — seconds at
twenty times UNODC's size — is waste. So its summary (``implementation_plan(..., summary=...)``, what
the page and the API's default answer show) is stored in ``results.PlanSummary`` per period,
visibility scope, number of items listed and as-at date, with the **data version** it was computed
at (``core.page_cache.data_version``: the latest audit entry; every write is audited).

- A reader gets the stored summary **only when its version is the latest**, i.e. nothing has been
  written since; otherwise the summary is computed live (and stored for the next reader). Figures are
  never stale: at worst one reader pays the live computation.
- A reader finding the summary out of date brings it up to date by computing again only the rows the
  writes since touched (``plan.incremental``: the audit entries since the summary's version name the
  projects, results and indicators), stores it and reads it; only when the writes cannot be followed
  row by row (the results tree, a statistics import, a large import...) is the summary computed live.
- After a write (an audit entry saved, or written in bulk), the background task
  (``results.tasks.refresh_plan_summaries``, django-tasks; at most once per ``DEBOUNCE`` seconds per
  process) brings every stored summary up to date the same way, or computes it in full.
- With the setting ``PLAN_SUMMARY_REFRESH_ON_WRITE`` the write itself does it when it commits (the page's
  and the API's summaries from one computation of the touched rows), so that its next reader finds them
  current. Measured (BENCHMARKS.md, "plan6"), that costs the write more than it saves the reader: off by
  default.
- A plan of one **year** has its own stored summaries (``PlanSummary.year``), read, refreshed in part and
  computed the same way as the whole period's: the money, activities and progress of a year are not in
  the period's summary. A year is the filter a planning officer uses most (the annual work plan).
- A plan filtered by region, country, work unit or theme is served from the stored summary of the
  reader's scope and year and what its index keeps per row and project (``plan.filtered``), when that
  summary is stored; another as-at date, a Member State reader's plan and the one-result detail are
  computed live.

Writes that leave no audit entry but change what the plan shows add their own stamp to the version
through ``core.extensions`` providers named ``data_version`` (e.g. the statistics imports, whose
values give linked indicators their actuals: the latest import run). Bulk inserts outside the
services (the portfolio generator of ``make bench``) leave none: after such a fill, the first reader
of a plan computed before it would get the old summary — the generator is not a way data enter
Mandates in use.
"""
import hashlib
import json
import logging
import pickle
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from mandates.core import single_flight
from mandates.core.extensions import providers_for
from mandates.core.gc_pause import paused
from mandates.core.page_cache import data_version
from mandates.people import permissions

from . import filtered as plan_filtered
from . import incremental
from .build import as_of_for, implementation_plan

log = logging.getLogger(__name__)

FORMAT = 2  # the shape of a stored Plan and its index (2: with the parts of plan.filtered); another is not read
ALL = "all"  # the scope of every role that sees every project and indicator
DEBOUNCE = 30  # seconds: writes within this time after one another are refreshed by one task
QUEUED = "results:plan-summary:queued"


def scope_key(user) -> str | None:
    """The visibility scope whose people share one stored plan, or None (their plan is computed live)."""
    from mandates.portfolio.models import Project

    from ..models import Indicator

    names = (permissions.policy_for(Project).name, permissions.policy_for(Indicator).name)
    return ALL if all(permissions.scope(user, name, "view") == ALL for name in names) else None


def version() -> str:
    """The data version: the latest audit entry, then the stamps of writes the audit does not see."""
    return ":".join(str(part) for part in [data_version(), *(fn() for fn in providers_for("data_version"))])


def _shown_key(shown: dict) -> str:
    return json.dumps({k: shown[k] for k in ("outputs", "projects", "indicators") if k in shown}, sort_keys=True)


@paused()  # the stored summary read, refreshed or computed: no collector pass meanwhile (core.gc_pause)
def summary_plan(user, period, *, shown: dict, **filters):
    """The summary plan of ``period`` for ``user``: the stored one when it is current; else the stored
    one with the rows the writes since touched computed again (``plan.incremental``) when they can be
    named, else computed live — and stored when it is a shared one."""
    key, year = scope_key(user), filters.get("year")
    if any(v is not None for name, v in filters.items() if name != "year"):
        plan = _filtered(user, period, key, shown, filters) if key is not None else None
        return plan or implementation_plan(user, period, summary=shown, **filters)
    if key is None:
        return implementation_plan(user, period, summary=shown, **filters)
    shown_key, as_of, current = _shown_key(shown), as_of_for(period, year), version()
    plan = _current(period, key, shown_key, year, as_of, current)
    if plan is None:
        # the first readers after a write: one brings the stored summary up to date, the others wait for it
        flight = hashlib.sha256(f"plan|{period.pk}|{key}|{shown_key}|{year}|{as_of}|{current}".encode()).hexdigest()
        plan = single_flight.once(
            flight, lambda: catch_up(period, key, shown_key, current, year=year) or _computed(
                user, period, key, shown_key, current, year=year),
            lambda: _current(period, key, shown_key, year, as_of, current),
            wait=single_flight.LOCK_SECONDS)  # the plan in full takes seconds: waiting is still cheaper than computing
    return plan


def _current(period, key, shown_key, year, as_of, current):
    """The stored summary if it is current, else None."""
    from ..models import PlanSummary

    found = _first(PlanSummary.objects.filter(period=period, scope=key, shown=shown_key, year=year or 0, as_of=as_of,
                                              version=current), "data")
    return _load(found[0]) if found is not None else None


def _filtered(user, period, key, shown, filters):
    """A filtered plan from the stored summary of ``key``'s scope, current or brought up to date in part
    (``plan.filtered``); None when it cannot answer (a year, another as-at date, no stored summary...):
    the caller computes it live. A missing summary is not computed in full for a filtered reader."""
    from ..models import PlanSummary

    year = filters.get("year")
    as_of = as_of_for(period, year)
    if not plan_filtered.servable(filters, as_of):
        return None
    shown_key, current = _shown_key(shown), version()
    # the index only: the rows are the period's results, as the live plan chooses them
    found = _first(PlanSummary.objects.filter(period=period, scope=key, shown=shown_key, year=year or 0, as_of=as_of,
                                              version=current), "index")
    index = _load(found[0]) if found is not None and found[0] is not None else None
    if index is None:
        plan, index = _caught_up(period, key, shown_key, current, year=year)
        if plan is None or plan.as_of != as_of:
            return None
    return plan_filtered.served(user, period, as_of, index, shown=shown,
                                **{k: v for k, v in filters.items() if k != "as_of"})


def _computed(user, period, key, shown_key, current, *, year=None):
    """The summary (of the period, or of ``year``) computed in full, and stored with what its refresh in part
    needs."""
    # read before the plan (see incremental.pending and entries_up_to)
    keep, waiting, below = {}, incremental.pending(current), incremental.entries_up_to(current)
    plan = implementation_plan(user, period, year=year, summary=json.loads(shown_key), keep=keep)
    store(period, key, shown_key, as_of_for(period, year), current, plan, incremental.index_of(keep, waiting, below),
          year=year)
    return plan


def catch_up(period, key: str, shown_key: str, current: str, memo: dict | None = None, *, year=None):
    """The stored summary of (period, scope, shown, year) brought up to ``current`` by computing again the
    rows the writes since touched, and stored; None when there is none or it must be computed in full."""
    return _caught_up(period, key, shown_key, current, memo, year=year)[0]


def _caught_up(period, key: str, shown_key: str, current: str, memo: dict | None = None, *, year=None):
    """(plan, index) of ``catch_up``, or (None, None)."""
    from ..models import PlanSummary

    found = _first(PlanSummary.objects.filter(period=period, scope=key, shown=shown_key, year=year or 0),
                   "version", "data", "index")
    user = _stand_in(key)
    if found is None or user is None:
        return None, None
    at_version, data, index = found
    plan, index = _load(data), _load(index) if index is not None else None
    if plan is None or index is None:
        return None, None
    if at_version != current:
        plan, index = incremental.refreshed(user, period, plan, index, stored_version=at_version, current=current,
                                            shown=_shown(shown_key), memo=memo)
        if plan is None:
            return None, None
        store(period, key, shown_key, plan.as_of, current, plan, index, year=year)
    return plan, index


def _shown(shown_key: str) -> dict:
    from .summary import DEFAULT_SHOWN

    return {**DEFAULT_SHOWN, **json.loads(shown_key)}


def _load(data):
    try:
        form, plan = pickle.loads(bytes(data))  # noqa: S301 — written by ``store`` only, never from input
    except Exception:  # a summary from another version of the code: computed again
        return None
    return plan if form == FORMAT else None


def store(period, key: str, shown_key: str, as_of, at_version: str, plan, index: dict | None = None, *,
          year=None) -> None:
    from ..models import PlanSummary

    data = pickle.dumps((FORMAT, plan), protocol=pickle.HIGHEST_PROTOCOL)
    index = pickle.dumps((FORMAT, index), protocol=pickle.HIGHEST_PROTOCOL) if index is not None else None
    try:
        with transaction.atomic():
            PlanSummary.objects.filter(period=period, scope=key, shown=shown_key, year=year or 0).delete()  # and other days'
            _insert(PlanSummary, period_id=period.pk, scope=key, shown=shown_key, year=year or 0, as_of=as_of,
                    version=at_version, data=data, index=index)
    except DatabaseError:  # another request stored the same summary at the same moment (or held the lock):
        log.info("Implementation plan summary not stored", exc_info=True)  # storing is only a saving


# the columns of a summary and their PostgreSQL types, for a binary COPY
_COLUMNS = (("period_id", "int8"), ("scope", "text"), ("shown", "text"), ("year", "int2"), ("as_of", "date"),
            ("version", "text"),
            ("data", "bytea"), ("index", "bytea"), ("built_at", "timestamptz"))


def _first(queryset, *fields):
    """The ``fields`` of the first summary of ``queryset`` (by id), or None. On PostgreSQL read by a binary
    ``COPY``, for the same reason as ``_insert``: a ``SELECT``'s text results carry the pickles in hex."""
    rows = queryset.order_by("pk").values_list(*fields)[:1]
    if connection.vendor != "postgresql":
        return next(iter(rows), None)
    kinds = dict(_COLUMNS)
    sql, params = rows.query.sql_with_params()
    # a COPY's errors come from psycopg itself: wrapped as Django's, as every other query's are
    with connection.cursor() as cursor, connection.wrap_database_errors:
        # A COPY takes no parameters: its values are written into its text on the client (compose_sql: psycopg's
        # ClientCursor, whatever cursor the connection has; parameters are bound on the server, see settings).
        statement = connection.ops.compose_sql(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)", params)
        with cursor.copy(statement) as copy:
            copy.set_types([kinds[name] for name in fields])
            found = list(copy.rows())  # read to the end: the COPY must finish before the next query
    return found[0] if found else None


def _insert(model, **row) -> None:
    """One summary. On PostgreSQL by a binary ``COPY``: its pickles (the index is 7 MB at N=20, with the parts
    ``plan.filtered`` reads) go to the server as bytes, where an ``INSERT``'s parameters, bound on the client,
    are written out in hex (twice the size, parsed again by the server: 0.2 s of the first reader after a write
    at N=20). Django's cursor logs the ``COPY`` as a query."""
    row["built_at"] = timezone.now()
    row.setdefault("year", 0)  # the whole period's
    if connection.vendor != "postgresql":
        model.objects.create(**row)
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name, _type in _COLUMNS)
    # wrapped as Django's errors: ``store`` catches a DatabaseError (two readers storing the same summary at once)
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([kind for _name, kind in _COLUMNS])
        copy.write_row([row[name] for name, _type in _COLUMNS])


def _stand_in(key: str):
    """A person of ``key``'s scope, to compute its plan in the background (not saved)."""
    from mandates.people.models import User

    user = User(username="plan-summary", is_superuser=True, is_active=True)
    return user if key == ALL and scope_key(user) == ALL else None


@paused()
def refresh(*, in_full: bool = True) -> int:
    """Bring every stored summary that is out of date up to the current version: the rows the writes
    since touched computed again, or (``in_full``, the background task) the whole summary. Returns how many."""
    from mandates.strategy.models import StrategyPeriod

    from ..models import PlanSummary

    if in_full:
        cache.delete(QUEUED)  # writes from now on queue the next refresh
    current, done, left = version(), 0, 0
    stale = list(PlanSummary.objects.exclude(version=current).values_list("period_id", "scope", "shown", "year")
                 .distinct())
    # the summaries of a period and year (the page's, the API's) share one computation of the touched rows
    memo = {"widest": incremental.widest(_shown(shown_key) for _p, _k, shown_key, _y in stale)}
    for period_id, key, shown_key, year in stale:
        user, period = _stand_in(key), StrategyPeriod.objects.filter(pk=period_id).first()
        if user is None or period is None:
            continue
        if catch_up(period, key, shown_key, current, memo, year=year or None) is None:
            if not in_full:
                left += 1
                continue
            _computed(user, period, key, shown_key, current, year=year or None)
        done += 1
    if left:
        queue_refresh()
    return done


def refresh_on_write() -> None:
    """After a write commits: the stored summaries brought up to date in part at once, so that the next
    reader (the planning officer who just saved) reads a current one; what needs the whole summary
    computed again is left to the background task."""
    from ..models import PlanSummary

    if not PlanSummary.objects.exists():
        return
    try:
        refresh(in_full=False)
    except DatabaseError:  # the write is done; its reader computes what it needs
        log.warning("Implementation plan summaries not refreshed after a write", exc_info=True)


def queue_refresh() -> None:
    """After a write: queue one refresh for the writes of the next ``DEBOUNCE`` seconds (one per process),
    if summaries are stored at all."""
    from ..models import PlanSummary
    from ..tasks import refresh_plan_summaries

    if not cache.add(QUEUED, 1, timeout=DEBOUNCE):
        return
    if not PlanSummary.objects.exists():  # nothing stored, nothing to refresh (the next write checks again)
        cache.delete(QUEUED)
        return
    task = refresh_plan_summaries
    try:
        if task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + timedelta(seconds=DEBOUNCE))
        task.enqueue()
    except Exception:  # the stored summaries are then computed again by their next reader
        cache.delete(QUEUED)
        log.exception("Could not queue the refresh of the implementation plan's summaries")


def _audited(sender, instance=None, created=True, **kwargs) -> None:
    if created:
        at_once = getattr(settings, "PLAN_SUMMARY_REFRESH_ON_WRITE", False)
        transaction.on_commit(refresh_on_write if at_once else queue_refresh)


def connect() -> None:
    """Called from ``ResultsConfig.ready``: every write leaves an audit entry; each queues a refresh."""
    from auditlog.models import LogEntry
    from django.db.models.signals import post_save

    from mandates.core.bulk import audited_in_bulk

    post_save.connect(_audited, sender=LogEntry, dispatch_uid="results.plan_summary_refresh")
    audited_in_bulk.connect(_audited, dispatch_uid="results.plan_summary_refresh_bulk")  # COPY writes no signal
