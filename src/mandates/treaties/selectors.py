"""Reads about treaties: counts as at a date (computed in the database), status lists, series,
State profiles, the ratification-status table and assisted ratifications."""
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear

from mandates.people import permissions

from .models import CONSENT_KINDS, SIGNATURE_KINDS, Instrument, Participant, TreatyEvent


def _who(include_rei: bool) -> Q:
    return Q() if include_rei else Q(participant__is_rei=False)


def instruments(user):
    return permissions.visible(user, Instrument.objects.select_related("parent"))


def instruments_with_counts(user, *, as_of: date, include_rei: bool = False, group: str = ""):
    """Instruments annotated with ``parties`` and ``signatories`` as at ``as_of`` — one query.

    Each count is a subquery over that instrument's events (its index), not a join of every event grouped by
    all the instrument's columns: the list at N=20 in a third of the time on both databases."""

    def distinct_participants(kinds):
        events = TreatyEvent.objects.filter(_who(include_rei), instrument=OuterRef("pk"), date__lte=as_of,
                                            kind__in=kinds).order_by().values("instrument")
        return Coalesce(Subquery(events.annotate(n=Count("participant", distinct=True)).values("n")), Value(0))

    qs = instruments(user).annotate(parties=distinct_participants(CONSENT_KINDS),
                                    signatories=distinct_participants(SIGNATURE_KINDS))
    return qs.filter(group=group) if group else qs


# The columns the treaty list shows (``treaty_tags.instrument_rows``, the "data as of" line), and its parent's.
_LIST = ("id", "code", "short_name", "title", "group", "adoption_date", "adoption_place", "entry_into_force",
         "status_date", "parent_id", "position")
_PARENT = ("id", "short_name", "title")  # in the model's order (``from_db``); read as parent_short_name, parent_title


def instrument_list(user, *, as_of: date, include_rei: bool = False, group: str = "") -> list[Instrument]:
    """The treaty list: the instruments ``user`` may view with ``parties`` and ``signatories`` as at ``as_of``, the
    same figures as ``instruments_with_counts`` (``tests/test_counts.py`` holds them equal), in one query of the
    SQL floor's shape: every event up to the date read once, grouped by instrument, rather than twice (a subquery
    per count), and no ORM compilation of the two subqueries (pages8: 2 ms of CPU of a 19 ms page at N=20 on
    PostgreSQL, whose planner also read every instrument's events twice). The instruments are model instances
    with the list's columns (any other is read on access, as ``only`` does), their parents with their names."""
    from django.db import connections

    allowed = instruments(user)
    if allowed.query.is_empty():
        return []
    quote = connections[allowed.db].ops.quote_name
    table, events, people = (quote(m._meta.db_table) for m in (Instrument, TreatyEvent, Participant))
    where, params = [], []
    if allowed.query.where:  # the permission matrix narrows the instruments: its rule kept as a subquery
        sql, sql_params = allowed.order_by().values("pk").query.sql_with_params()
        where.append(f"i.id IN ({sql})")
        params.extend(sql_params)
    if group:
        where.append(f"i.{quote('group')} = %s")
        params.append(group)
    kinds = ", ".join(["%s"] * len(SIGNATURE_KINDS)), ", ".join(["%s"] * len(CONSENT_KINDS))
    # States only: the few organisations' events left out by a hashed list, not a join of each event's participant
    # (a third less of PostgreSQL's time for the same rows; every event has its participant).
    states_only = f" AND e.participant_id NOT IN (SELECT id FROM {people} WHERE is_rei)" if not include_rei else ""
    columns = ", ".join(f"i.{quote(c)}" for c in _LIST)
    sql = (
        f"SELECT {columns}, pa.title AS parent_title, pa.short_name AS parent_short_name, "
        "COALESCE(c.signatories, 0) AS signatories, COALESCE(c.parties, 0) AS parties "
        f"FROM {table} i LEFT JOIN {table} pa ON pa.id = i.parent_id LEFT JOIN ("
        f"SELECT e.instrument_id, COUNT(DISTINCT CASE WHEN e.kind IN ({kinds[0]}) THEN e.participant_id END) signatories, "
        f"COUNT(DISTINCT CASE WHEN e.kind IN ({kinds[1]}) THEN e.participant_id END) parties "
        f"FROM {events} e WHERE e.date <= %s{states_only} GROUP BY e.instrument_id) c ON c.instrument_id = i.id"
        + (f" WHERE {' AND '.join(where)}" if where else "") + f" ORDER BY i.{quote('position')}, i.code")
    params = [*map(str, SIGNATURE_KINDS), *map(str, CONSENT_KINDS), as_of, *params]
    rows = list(Instrument.objects.db_manager(allowed.db).raw(sql, params))
    for instrument in rows:
        instrument.parent = (Instrument.from_db(allowed.db, _PARENT, (instrument.parent_id, instrument.parent_short_name,
                                                                      instrument.parent_title))
                             if instrument.parent_id else None)
    return rows


def status_counts(instrument: Instrument, *, as_of: date, include_rei: bool = False) -> dict:
    """``{"parties": n, "signatories": n}`` as at ``as_of`` — one query."""
    qs = TreatyEvent.objects.filter(_who(include_rei), instrument=instrument, date__lte=as_of)
    return qs.aggregate(
        parties=Count("participant", filter=Q(kind__in=CONSENT_KINDS), distinct=True),
        signatories=Count("participant", filter=Q(kind__in=SIGNATURE_KINDS), distinct=True),
    )


@dataclass
class StatusRow:
    participant: Participant
    signature: TreatyEvent | None = None
    consent: TreatyEvent | None = None
    others: list = field(default_factory=list)

    @property
    def status(self) -> str:
        return "party" if self.consent else ("signatory" if self.signature else "none")

    @property
    def defining_event(self):
        return self.consent or self.signature


def _fold(rows: dict, event: TreatyEvent) -> None:
    row = rows.setdefault(event.participant_id, StatusRow(event.participant))
    slot = "consent" if event.kind in CONSENT_KINDS else "signature"
    current = getattr(row, slot)
    if current is None or event.date < current.date:
        if current is not None:
            row.others.append(current)
        setattr(row, slot, event)
    else:
        row.others.append(event)


def status_rows(instrument: Instrument, *, as_of: date, include_rei: bool = False) -> list[StatusRow]:
    """Each participant that had signed or consented by ``as_of``, with its events — one query."""
    events = (
        TreatyEvent.objects.filter(_who(include_rei), instrument=instrument, date__lte=as_of)
        .select_related("participant", "participant__country")
        .annotate(assistance=Count("assisted_by_projects", distinct=True) + Count("assisted_by_activities", distinct=True))
        .order_by("participant__name", "date")
    )
    rows: dict[int, StatusRow] = {}
    for event in events:
        _fold(rows, event)
    return list(rows.values())


def not_yet_parties(instrument: Instrument, *, as_of: date):
    """States that appear in any treaty record but had not consented to ``instrument`` by ``as_of``
    — the targets for ratification assistance. One query."""
    consented = TreatyEvent.objects.filter(
        instrument=instrument, participant=OuterRef("pk"), kind__in=CONSENT_KINDS, date__lte=as_of
    )
    return (Participant.objects.filter(is_rei=False).exclude(Exists(consented))
            .select_related("country").order_by("name"))


def parties_series(instrument: Instrument, *, until: date, include_rei: bool = False) -> list[dict]:
    """Parties and signatories at the end of each year (the last point: as at ``until``).

    Each participant's first consent and first signature are found, and counted per year, in the
    database (two queries); the running totals are added up here.
    """
    def first(kinds):
        return Subquery(
            TreatyEvent.objects.filter(instrument=instrument, participant=OuterRef("pk"), kind__in=kinds)
            .order_by("date").values("date")[:1]
        )

    base = Participant.objects.all() if include_rei else Participant.objects.filter(is_rei=False)
    per_year = {}
    for label, kinds in (("parties", CONSENT_KINDS), ("signatories", SIGNATURE_KINDS)):
        rows = (base.annotate(first=first(kinds)).filter(first__isnull=False, first__lte=until)
                .annotate(year=ExtractYear("first")).values("year").annotate(n=Count("id")).order_by("year"))
        per_year[label] = {row["year"]: row["n"] for row in rows}
    years = set(per_year["parties"]) | set(per_year["signatories"])
    if not years:
        return []
    series, parties, signatories = [], 0, 0
    for year in range(min(years), until.year + 1):
        parties += per_year["parties"].get(year, 0)
        signatories += per_year["signatories"].get(year, 0)
        series.append({"year": year, "parties": parties, "signatories": signatories})
    return series


def series_end(instrument: Instrument, as_of: date) -> date:
    """Where a chart should stop: ``as_of``, but not beyond what the imported status file knows."""
    known = [d for d in (instrument.status_date,) if d]
    last = TreatyEvent.objects.filter(instrument=instrument).aggregate(last=Max("date"))
    if last["last"]:
        known.append(last["last"])
    return min(as_of, max(known)) if known else as_of


@dataclass
class ProfileRow:
    instrument: Instrument
    signature: TreatyEvent | None = None
    consent: TreatyEvent | None = None

    @property
    def status(self) -> str:
        return "party" if self.consent else ("signatory" if self.signature else "none")


def participant_for(code: str):
    """The participant with this code (ISO alpha-3 or e.g. EU), or None."""
    return Participant.objects.select_related("country").filter(code__iexact=code).first()


def profile(user, participant: Participant | None, *, as_of: date) -> list[ProfileRow]:
    """Every instrument with this participant's events by ``as_of`` (None: a State with no record yet)."""
    from mandates.portfolio.models import Activity, Project

    rows = [ProfileRow(i) for i in instruments(user).order_by("position", "code")]
    if participant is None:
        return rows
    by_instrument = {row.instrument.pk: row for row in rows}
    events = (
        TreatyEvent.objects.filter(participant=participant, date__lte=as_of)
        .prefetch_related(
            Prefetch("assisted_by_projects", queryset=permissions.visible(user, Project.objects.order_by("code"))),
            Prefetch("assisted_by_activities",
                     queryset=permissions.visible(user, Activity.objects.select_related("output__outcome__project"))),
        ).order_by("date")
    )
    for event in events:
        row = by_instrument.get(event.instrument_id)
        if row is None:
            continue
        slot = "consent" if event.kind in CONSENT_KINDS else "signature"
        if getattr(row, slot) is None:
            setattr(row, slot, event)
    return rows


def status_table(user, *, instrument_list, as_of: date, include_rei: bool = False):
    """The ratification-status table: one row per participant, one cell per instrument
    (``None`` or ``{"signature": event, "consent": event}``). Two queries whatever the size."""
    instrument_list = list(instrument_list)
    events = (
        TreatyEvent.objects.filter(_who(include_rei), instrument__in=instrument_list, date__lte=as_of)
        .select_related("participant").order_by("participant__name", "date")
    )
    index = {inst.pk: i for i, inst in enumerate(instrument_list)}
    rows: dict[int, dict] = {}
    totals = [{"parties": 0, "signatories": 0} for _ in instrument_list]
    for event in events:
        row = rows.setdefault(event.participant_id, {"participant": event.participant,
                                                     "cells": [None] * len(instrument_list)})
        cell = row["cells"][index[event.instrument_id]]
        if cell is None:
            cell = row["cells"][index[event.instrument_id]] = {"signature": None, "consent": None}
        slot = "consent" if event.kind in CONSENT_KINDS else "signature"
        if cell[slot] is None:
            cell[slot] = event
            totals[index[event.instrument_id]]["parties" if slot == "consent" else "signatories"] += 1
    return list(rows.values()), totals


def assisted_ratifications(user, *, date_from: date | None = None, date_to: date | None = None):
    """Per instrument: consents (ratification, accession ...) in the period, and how many of them
    were supported by a recorded project or activity — one query."""
    period = Q(events__kind__in=CONSENT_KINDS)
    if date_from:
        period &= Q(events__date__gte=date_from)
    if date_to:
        period &= Q(events__date__lte=date_to)
    assisted = period & (Q(events__assisted_by_projects__isnull=False) | Q(events__assisted_by_activities__isnull=False))
    return instruments(user).annotate(
        consents=Count("events", filter=period, distinct=True),
        assisted=Count("events", filter=assisted, distinct=True),
    ).order_by("position", "code")


def map_data(instrument: Instrument, rows: list[StatusRow]) -> dict:
    """``{M49 code: {"status", "name", "date"}}`` for the world map (States only)."""
    out = {}
    for row in rows:
        country = row.participant.country
        if country is None:
            continue
        event = row.defining_event
        out[country.m49_code] = {"status": row.status, "name": row.participant.name,
                                 "kind": event.get_kind_display(), "date": event.date.isoformat()}
    return out
