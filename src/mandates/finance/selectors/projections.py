"""Projections per fund segment (and presentation group) for a biennium, as of a date.

  income to date        contributions dated up to the date, allotments of years up to its year,
                        programme support cost credited on expenditure up to the date
  pledged, later dated  contributions with a later date in the biennium that had been recorded in
                        Mandates by the as-at date (a pledge entered afterwards was not known then)
  expected from history the previous biennium's income of the segment per month x the months left,
                        less what is already pledged for them (never below zero)
  expected PSC          (programme-support-cost segments, instead of history) the support cost on the
                        special-purpose expenditure still projected for the same fund
  projected income      = income to date + pledged later + expected from history + expected PSC
  uses to date          expenditure and obligations up to the date, with the PSC they carry
  projected uses        = uses to date + (current budget - expenditure to date, if positive)
                          x delivery factor (the previous biennium's delivery of the segment, at most
                          100 %; 100 % without history), plus PSC on it for special-purpose segments
  surplus/shortfall     = projected income - projected uses
  closing balance       = opening balance + surplus/shortfall; at risk when below the reserve.
When the date is the end of the biennium or later, projections are the recorded figures.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from .. import money
from ..models import Biennium, FundSegment
from .figures import Z, flows_by_segment, previous_biennium, segment_figures
from .overview import KIND_ORDER


@dataclass
class Projection:
    label: str
    code: str
    role: str  # segment | group | member
    opening: Decimal = Z
    income_to_date: Decimal = Z
    pledged_later: Decimal = Z
    expected_from_history: Decimal = Z
    expected_psc: Decimal = Z
    uses_to_date: Decimal = Z
    budget: Decimal = Z
    remaining_uses: Decimal = Z
    reserve: Decimal = Z
    delivery_factor: Decimal | None = None
    target: object = None  # the FundSegment or SegmentGroup (for the reserve form)

    @property
    def projected_income(self) -> Decimal:
        return self.income_to_date + self.pledged_later + self.expected_from_history + self.expected_psc

    @property
    def projected_uses(self) -> Decimal:
        return self.uses_to_date + self.remaining_uses

    @property
    def net(self) -> Decimal:
        return self.projected_income - self.projected_uses

    @property
    def shortfall(self) -> Decimal:
        return -self.net if self.net < 0 else Z

    @property
    def closing(self) -> Decimal:
        return self.opening + self.net

    @property
    def at_risk(self) -> bool:
        return self.closing < self.reserve

    def add(self, other: "Projection") -> None:
        for name in ("opening", "income_to_date", "pledged_later", "expected_from_history", "expected_psc",
                     "uses_to_date",
                     "budget", "remaining_uses"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _months_left(biennium: Biennium, as_of: date) -> int:
    if as_of >= biennium.end_date:
        return 0
    if as_of < biennium.start_date:
        return (biennium.end_year - biennium.start_year + 1) * 12
    return (biennium.end_year - as_of.year) * 12 + (12 - as_of.month)


def default_as_of(biennium: Biennium, today: date | None = None) -> date:
    today = today or date.today()
    return min(today, biennium.end_date)


def as_of_within(biennium: Biennium, chosen: date | None, today: date | None = None) -> date:
    """The as-at date of a projection: the date chosen if it falls in the biennium, else the default
    (a date carried over from another biennium's page is not kept)."""
    if chosen is not None and biennium.start_date <= chosen <= biennium.end_date:
        return chosen
    return default_as_of(biennium, today)


def projection_totals(rows: list["Projection"]) -> "Projection":
    """The totals row: every segment and group once (group members are inside their group)."""
    total = Projection(label=_("Total"), code="", role="total")
    for p in rows:
        if p.role in ("segment", "group"):
            total.add(p)
            total.reserve += p.reserve
    return total


def projections(biennium: Biennium, as_of: date | None = None) -> list[Projection]:
    as_of = as_of or default_as_of(biennium)
    past: dict = {}
    figures = segment_figures(biennium, until=as_of, keep_past=past)
    # pledges dated after the as-at date count only if they had been recorded by then
    later = flows_by_segment([biennium], after=as_of, recorded_by=as_of, income_only=True)
    previous = previous_biennium(biennium)
    history = {}
    if previous is not None:
        # the previous biennium's full flows were read for the opening balances: not read again
        prev_segments = {s.pk: s.code for s in FundSegment.objects.filter(biennium=previous)}
        history = {code: past[pk] for pk, code in prev_segments.items() if pk in past}
    months_total = (biennium.end_year - biennium.start_year + 1) * 12
    months_left = _months_left(biennium, as_of)
    rows: list[Projection] = []
    by_segment = {}
    psc_to_come: dict[int, Decimal] = {}  # fund -> PSC on the special-purpose expenditure still projected
    for fig in sorted(figures.values(), key=lambda f: (KIND_ORDER.index(f.segment.kind), f.segment.fund.order,
                                                      f.segment.order)):
        seg, flows = fig.segment, fig.flows
        later_flows = later[seg.pk]
        p = Projection(label=seg.name, code=seg.code, role="segment", opening=fig.opening, target=seg,
                       income_to_date=flows.income, uses_to_date=flows.uses, budget=flows.budget,
                       reserve=seg.reserve)
        if months_left:
            p.pledged_later = later_flows.contributions + later_flows.allotments
            past = history.get(seg.code)
            if seg.kind == FundSegment.Kind.PROGRAMME_SUPPORT:
                p.expected_psc = psc_to_come.get(seg.fund_id, Z)
            elif past is not None and past.income > 0:
                estimate = money.cents(past.income * months_left / months_total)
                p.expected_from_history = max(Z, estimate - p.pledged_later)
            if past is not None and past.budget > 0:
                p.delivery_factor = min(Decimal(1), past.expenditure / past.budget)
            factor = p.delivery_factor if p.delivery_factor is not None else Decimal(1)
            remaining = max(Z, flows.budget - flows.expenditure)
            more = money.cents(remaining * factor)
            if seg.kind == FundSegment.Kind.SPECIAL_PURPOSE:
                psc = money.percent_of(more, biennium.psc_rate)
                psc_to_come[seg.fund_id] = psc_to_come.get(seg.fund_id, Z) + psc
                more += psc
            p.remaining_uses = more
        by_segment[seg.pk] = p
        rows.append(p)
    out: list[Projection] = []
    emitted = set()
    for p in rows:
        seg = p.target
        if seg.group_id is None:
            out.append(p)
            continue
        if seg.group_id in emitted:
            continue
        emitted.add(seg.group_id)
        group = Projection(label=seg.group.name, code=seg.group.code, role="group", target=seg.group,
                           reserve=seg.group.reserve)
        members = [m for m in rows if m.target.group_id == seg.group_id]
        for m in members:
            m.role = "member"
            group.add(m)
        out.append(group)
        out.extend(members)
    return out
