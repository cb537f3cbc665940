"""Flows and balances per fund segment, summed in the database (a constant number of queries
whatever the number of contributions or expenditure lines).

For a segment in a biennium:
  income   = contributions (US-dollar equivalents) + regular-budget allotments
             + programme support cost credited (PSC segments: the PSC charged on the same fund's
               special-purpose expenditure)
  uses     = expenditure and obligations (US dollars) + programme support cost charged (special-purpose)
  net      = income - uses            (a negative net is a shortfall)
  opening  = the recorded opening balance, else the previous biennium's closing balance of the
             segment with the same code, else 0
  closing  = opening + net
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q

from ..models import Biennium, BudgetLine, Contribution, Expenditure, FundSegment, RegularBudgetAllotment
from .sums import MoneySum, cents

Z = Decimal("0.00")


@dataclass
class Flows:
    contributions: Decimal = Z
    received: Decimal = Z
    allotments: Decimal = Z
    psc_credited: Decimal = Z
    expenditure: Decimal = Z
    psc_charged: Decimal = Z
    budget: Decimal = Z

    @property
    def income(self) -> Decimal:
        return self.contributions + self.allotments + self.psc_credited

    @property
    def uses(self) -> Decimal:
        return self.expenditure + self.psc_charged

    @property
    def net(self) -> Decimal:
        return self.income - self.uses

    @property
    def external_income(self) -> Decimal:
        """Income from outside the office: contributions and regular-budget allotments (no PSC transfer)."""
        return self.contributions + self.allotments

    @property
    def internal_transfers(self) -> Decimal:
        """Programme support cost moved inside the office (charged to projects, credited to the PSC fund)."""
        return self.psc_charged

    def add(self, other: "Flows") -> None:
        for name in ("contributions", "received", "allotments", "psc_credited", "expenditure", "psc_charged",
                     "budget"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class SegmentFigures:
    segment: FundSegment
    flows: Flows = field(default_factory=Flows)
    opening: Decimal = Z

    @property
    def closing(self) -> Decimal:
        return self.opening + self.flows.net

    @property
    def delivery(self) -> Decimal | None:
        return self.flows.expenditure / self.flows.budget if self.flows.budget else None


def _sum_by(qs, key: str, **sums) -> dict:
    rows = qs.order_by().values(key).annotate(**{name: MoneySum(expr) for name, expr in sums.items()})
    return {row[key]: {k: cents(v) if k in sums else v for k, v in row.items()} for row in rows}


def flows_by_segment(bienniums: list[Biennium], *, until: date | None = None,
                     after: date | None = None, recorded_by: date | None = None,
                     by_class: dict | None = None, until_only_in: int | None = None,
                     income_only: bool = False) -> dict[int, Flows]:
    """Flows of every segment of ``bienniums``, optionally only those dated up to ``until`` (inclusive)
    or after ``after``; with ``recorded_by``, only contributions entered in Mandates by that day (a
    figure "as at" a date never counts what was recorded later). Four aggregate queries. ``by_class`` (a
    dict) receives the expenditure per (segment id, budget class id) from the same scan of the ledger.
    ``until_only_in`` (a biennium id): ``until`` applies to that biennium's segments only, the others'
    flows are whole (a biennium up to a date and the earlier ones in full, each table read once).
    ``income_only``: contributions and allotments only (two queries)."""
    ids = [b.pk for b in bienniums]
    segments = {s.pk: s for s in FundSegment.objects.filter(biennium__in=ids)}

    def dated(field: str, value) -> Q:
        q = Q(**{field: value})
        if until_only_in is None:
            return q
        # within ``ids``: the other bienniums' rows, or this one's dated by then (written so, not as "this
        # biennium and dated, or another", PostgreSQL keeps one scan of the ledger instead of a loop per segment)
        return q | Q(segment__biennium__in=[i for i in ids if i != until_only_in])

    date_q = Q()
    if until is not None:
        date_q &= dated("date__lte", until)
    if after is not None:
        date_q &= Q(date__gt=after)
    out = {pk: Flows() for pk in segments}
    recorded_q = Q(created_at__date__lte=recorded_by) if recorded_by is not None else Q()
    contributions = _sum_by(Contribution.objects.filter(date_q, recorded_q, segment__biennium__in=ids), "segment",
                            total="usd_amount", received="received_usd")
    for pk, row in contributions.items():
        out[pk].contributions, out[pk].received = row["total"], row["received"]
    year_q = Q()
    if until is not None:
        year_q &= dated("year__lte", until.year)
    if after is not None:
        year_q &= Q(year__gt=after.year)
    for pk, row in _sum_by(RegularBudgetAllotment.objects.filter(year_q, segment__biennium__in=ids), "segment",
                           total="amount").items():
        out[pk].allotments = row["total"]
    if income_only:
        return out
    psc_segment = {(s.biennium_id, s.fund_id): s.pk for s in segments.values()
                   if s.kind == FundSegment.Kind.PROGRAMME_SUPPORT}
    spent = Expenditure.objects.filter(date_q, segment__biennium__in=ids)
    if by_class is not None:
        by_segment: dict[int, dict] = {}
        for row in spent.order_by().values("segment", "budget_class").annotate(
                total=MoneySum("usd_amount"), psc=MoneySum("psc_amount")):
            total, psc = cents(row["total"]), cents(row["psc"])
            by_class[(row["segment"], row["budget_class"])] = total
            into = by_segment.setdefault(row["segment"], {"total": Z, "psc": Z})
            into["total"] += total
            into["psc"] += psc
    else:
        by_segment = _sum_by(spent, "segment", total="usd_amount", psc="psc_amount")
    for pk, row in by_segment.items():
        out[pk].expenditure, out[pk].psc_charged = row["total"], row["psc"]
        target = psc_segment.get((segments[pk].biennium_id, segments[pk].fund_id))
        if target is not None:
            out[target].psc_credited += row["psc"]
    for pk, row in _sum_by(BudgetLine.objects.filter(is_current=True, segment__biennium__in=ids), "segment",
                           total="amount").items():
        out[pk].budget = row["total"]
    return out


def segment_figures(biennium: Biennium, *, until: date | None = None,
                    keep_past: dict | None = None, by_class: dict | None = None) -> dict[int, SegmentFigures]:
    """Figures of every segment of ``biennium`` (flows up to ``until``), with opening balances carried
    forward from earlier bienniums (their full flows). A constant number of queries. ``keep_past``
    (a dict) receives the earlier bienniums' flows by segment id, for a caller that needs them too;
    ``by_class`` the expenditure per (segment id, budget class id) (see ``flows_by_segment``).

    The earlier bienniums (in full) and this one (up to ``until``) are summed by the same four queries:
    each table is read once, not once for the past and again for the biennium shown."""
    bienniums = list(Biennium.objects.filter(start_year__lte=biennium.start_year).order_by("start_year"))
    earlier = [b for b in bienniums if b.pk != biennium.pk]
    all_segments = list(FundSegment.objects.filter(biennium__in=[b.pk for b in bienniums])
                        .select_related("fund", "biennium", "group").order_by("biennium__start_year", "order"))
    every = flows_by_segment(bienniums, until=until, until_only_in=biennium.pk, by_class=by_class)
    past = {s.pk: every[s.pk] for s in all_segments if s.biennium_id != biennium.pk}
    current = {s.pk: every[s.pk] for s in all_segments if s.biennium_id == biennium.pk}
    if keep_past is not None:
        keep_past.update(past)
    closing_by_code: dict[str, Decimal] = {}
    for b in earlier:
        for s in (s for s in all_segments if s.biennium_id == b.pk):
            opening = s.opening_balance if s.opening_balance is not None else closing_by_code.get(s.code, Z)
            closing_by_code[s.code] = opening + past[s.pk].net
    out = {}
    for s in (s for s in all_segments if s.biennium_id == biennium.pk):
        opening = s.opening_balance if s.opening_balance is not None else closing_by_code.get(s.code, Z)
        out[s.pk] = SegmentFigures(segment=s, flows=current[s.pk], opening=opening)
    return out


def previous_biennium(biennium: Biennium) -> Biennium | None:
    return Biennium.objects.filter(end_year__lt=biennium.start_year).order_by("-end_year").first()
