"""The fund overview of a biennium: sources and uses per segment, general- vs special-purpose
share, regular-budget share, apportionment or consolidated presentation, funding mix."""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from mandates.core.params import filter_year
from mandates.core.shared_figures import kept
from mandates.core.year import Year

from ..models import (
    Biennium,
    BudgetLine,
    Contribution,
    Donor,
    Expenditure,
    FundSegment,
    RegularBudgetAllotment,
)
from .figures import Flows, Z, segment_figures
from .sums import MoneySum, cents

KIND_ORDER = [FundSegment.Kind.REGULAR_BUDGET, FundSegment.Kind.GENERAL_PURPOSE, FundSegment.Kind.SPECIAL_PURPOSE,
              FundSegment.Kind.PROGRAMME_SUPPORT]


@dataclass
class Line:
    """One row of the overview: a segment, a presentation group, a subtotal or the total."""

    label: str
    code: str = ""
    role: str = "segment"  # segment | member | group | subtotal | total
    flows: Flows = field(default_factory=Flows)
    opening: Decimal = Z
    segment: FundSegment | None = None

    @property
    def closing(self) -> Decimal:
        return self.opening + self.flows.net

    @property
    def delivery(self) -> Decimal | None:
        return self.flows.expenditure / self.flows.budget if self.flows.budget else None

    def add(self, other: "Line") -> None:
        self.flows.add(other.flows)
        self.opening += other.opening


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    return part / whole if whole else None


def fund_overview(biennium: Biennium) -> dict:
    """The overview's figures; the same for everyone, so computed once per data version when shared."""
    return kept(("fund overview", biennium.pk), lambda: _fund_overview(biennium))


def _fund_overview(biennium: Biennium) -> dict:
    spent_by_class: dict = {}  # (segment, budget class) -> expenditure, from the same read of the ledger
    figures = segment_figures(biennium, by_class=spent_by_class)
    by_kind: dict[str, list] = {k: [] for k in KIND_ORDER}
    for fig in sorted(figures.values(), key=lambda f: (f.segment.fund.order, f.segment.order)):
        by_kind[fig.segment.kind].append(fig)
    lines: list[Line] = []
    total = Line("Total, all segments", role="total")
    kind_totals = {}
    for kind in KIND_ORDER:
        subtotal = Line(f"Total {FundSegment.Kind(kind).label.lower()}", role="subtotal")
        emitted_groups = set()
        for fig in by_kind[kind]:
            seg = fig.segment
            line = Line(seg.name, code=seg.code, flows=fig.flows, opening=fig.opening, segment=seg)
            if seg.group_id:
                if seg.group_id in emitted_groups:
                    continue
                emitted_groups.add(seg.group_id)
                group = Line(seg.group.name, code=seg.group.code, role="group")
                members = [f for f in by_kind[kind] if f.segment.group_id == seg.group_id]
                member_lines = [Line(f.segment.name, code=f.segment.code, role="member", flows=f.flows,
                                     opening=f.opening, segment=f.segment) for f in members]
                for m in member_lines:
                    group.add(m)
                lines.append(group)
                lines.extend(member_lines)
                subtotal.add(group)
                continue
            lines.append(line)
            subtotal.add(line)
        if by_kind[kind]:
            lines.append(subtotal)
            total.add(subtotal)
        kind_totals[kind] = subtotal
    lines.append(total)

    voluntary = (kind_totals[FundSegment.Kind.GENERAL_PURPOSE].flows.contributions
                 + kind_totals[FundSegment.Kind.SPECIAL_PURPOSE].flows.contributions)
    rb = kind_totals[FundSegment.Kind.REGULAR_BUDGET].flows.allotments
    sources = sources_of_funds(biennium)
    return {
        "biennium": biennium,
        "lines": lines,
        "total": total,
        "kind_totals": kind_totals,
        "voluntary": voluntary,
        "regular_budget": rb,
        "sources_total": rb + voluntary,
        "gp_share": _share(kind_totals[FundSegment.Kind.GENERAL_PURPOSE].flows.contributions, voluntary),
        "sp_share": _share(kind_totals[FundSegment.Kind.SPECIAL_PURPOSE].flows.contributions, voluntary),
        "rb_share": _share(rb, rb + voluntary),
        "apportionment": apportionment(biennium),
        "groups": [line for line in lines if line.role == "group"],
        "sources": sources,
        "by_year": sources_by_year(biennium),
        "uses_by_class": uses_by_class(biennium, {k: v for k, v in spent_by_class.items() if k[0] in figures}),
    }


def apportionment(biennium: Biennium) -> list[dict]:
    """Each fund's share of apportioned general-purpose requirements, budgeted and spent."""
    if not biennium.is_apportioned:
        return []
    budget = {r["segment__fund"]: cents(r["total"]) for r in BudgetLine.objects.filter(
        is_current=True, apportioned=True, segment__biennium=biennium).order_by().values("segment__fund")
        .annotate(total=MoneySum("amount"))}
    spent = {r["segment__fund"]: cents(r["total"]) for r in Expenditure.objects.filter(
        apportioned=True, segment__biennium=biennium).order_by().values("segment__fund")
        .annotate(total=MoneySum("usd_amount"))}
    return [{"fund": a.fund, "share": a.share, "budget": budget.get(a.fund_id) or Z,
             "expenditure": spent.get(a.fund_id) or Z}
            for a in biennium.apportionments.select_related("fund")]


def sources_of_funds(biennium: Biennium) -> list[dict]:
    """Funding mix by source: contributions by kind of donor, and the regular budget."""
    labels = dict(Donor.Kind.choices)
    rows = (Contribution.objects.filter(segment__biennium=biennium).order_by().values("donor__kind")
            .annotate(total=MoneySum("usd_amount")))
    out = [{"source": labels.get(r["donor__kind"], r["donor__kind"]), "kind": r["donor__kind"],
            "amount": cents(r["total"])} for r in rows]
    rb = cents(RegularBudgetAllotment.objects.filter(segment__biennium=biennium).aggregate(t=MoneySum("amount"))["t"])
    if rb:
        out.append({"source": _("Regular budget of the United Nations"), "kind": "regular_budget", "amount": rb})
    order = [k for k, _ in Donor.Kind.choices] + ["regular_budget"]
    out.sort(key=lambda r: order.index(r["kind"]) if r["kind"] in order else 99)
    total = sum((r["amount"] for r in out), Z)
    for r in out:
        r["share"] = _share(r["amount"], total)
    return out


def earmarking_by_year(year_from: int | None = None, year_to: int | None = None) -> list[dict]:
    """Contributions per year and earmarking level, with the regular budget beside them."""
    qs = Contribution.objects.all()
    qs = filter_year(qs, "date", year_from, "year__gte")
    qs = filter_year(qs, "date", year_to, "year__lte")
    rows = (qs.annotate(year=Year("date")).order_by().values("year", "earmarking")
            .annotate(total=MoneySum("usd_amount")))
    allotments = RegularBudgetAllotment.objects.all()
    if year_from is not None:
        allotments = allotments.filter(year__gte=year_from)
    if year_to is not None:
        allotments = allotments.filter(year__lte=year_to)
    rb = {r["year"]: cents(r["total"]) for r in allotments.order_by().values("year").annotate(total=MoneySum("amount"))}
    years: dict[int, dict] = {}
    for r in rows:
        entry = years.setdefault(r["year"], {"year": r["year"], "general_purpose": Z, "soft": Z, "hard": Z})
        entry[r["earmarking"]] = cents(r["total"])
    for year, amount in rb.items():
        years.setdefault(year, {"year": year, "general_purpose": Z, "soft": Z, "hard": Z})
    out = []
    for year in sorted(years):
        entry = years[year]
        entry["regular_budget"] = rb.get(year) or Z
        entry["voluntary"] = entry["general_purpose"] + entry["soft"] + entry["hard"]
        entry["total"] = entry["voluntary"] + entry["regular_budget"]
        entry["earmarked_share"] = _share(entry["soft"] + entry["hard"], entry["voluntary"])
        entry["rb_share"] = _share(entry["regular_budget"], entry["total"])
        out.append(entry)
    return out


def sources_by_year(biennium: Biennium) -> list[dict]:
    return earmarking_by_year(biennium.start_year, biennium.end_year)


def uses_by_class(biennium: Biennium, spent_by_class: dict) -> list[dict]:
    """Budget and expenditure of the biennium per budget class, the classes with expenditure first (in their
    order), then those with a budget only. ``spent_by_class``: the biennium's expenditure per (segment, class),
    read with its segments' figures (``segment_figures(..., by_class=)``)."""
    from ..models import BudgetClass

    spent: dict[int, Decimal] = {}
    for (_segment, klass), amount in spent_by_class.items():
        spent[klass] = spent.get(klass, Z) + amount
    budget = {r["budget_class"]: cents(r["total"]) for r in BudgetLine.objects.filter(
        is_current=True, segment__biennium=biennium).order_by().values("budget_class")
        .annotate(total=MoneySum("amount"))}
    classes = {k.pk: k for k in BudgetClass.objects.filter(pk__in=set(spent) | set(budget))}
    out = [{"code": classes[pk].code, "name": classes[pk].name, "expenditure": spent[pk], "budget": budget.pop(pk, Z)}
           for pk in sorted(spent, key=lambda pk: (classes[pk].order, classes[pk].code))]
    out += [{"code": classes[pk].code, "name": classes[pk].name, "expenditure": Z, "budget": budget[pk]}
            for pk in sorted(budget, key=lambda pk: (classes[pk].order, classes[pk].code))]
    for r in out:
        r["delivery"] = _share(r["expenditure"], r["budget"])
    return out
