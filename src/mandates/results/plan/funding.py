"""(b) How much: the implementation plan's money, from the finance records.

The plan asks the finance app (``finance.selectors.budget_by_project`` and
``expenditure_by_project``: the current budget and the US-dollar equivalent of the expenditure of
all the plan's projects, in two grouped queries) and shows budget and expenditure (source
``finance``) — the same figures as each project's finance tab, to the cent. A project's figures are
attributed in full to every expected result it contributes to; the plan's grand total counts each
project once. Only when the finance records hold nothing for any of the plan's projects (a period
planned before its money is recorded) does the plan show the planned cost of the contributing
activities (``portfolio.Activity.planned_cost``; source ``planned_cost``), summed in the database per
output, currency and start month; the grand total then counts each activity once. Planned costs in
another currency are converted to US dollars at the UN operational rate (finance's rates of
exchange) of the activity's start month — the nearest earlier month with a rate when that month has
none, the latest rate for an activity without dates — and the plan lists each rate and month used
(``Plan.conversions``) beside the original amounts. A currency with no rate at all stays apart,
unconverted, and is named.

Amounts stay ``Decimal``.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from operator import itemgetter

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from mandates.core.ids import InIds
from mandates.finance.selectors import budget_by_project, expenditure_by_project

CENT = Decimal("0.01")
FINANCE = "finance"
PLANNED_COST = "planned_cost"
SOURCE_LABELS = {FINANCE: _("Budget and expenditure (finance records)"),
                 PLANNED_COST: _("Planned cost of activities (until finance records exist)")}


def finance_by_project(project_ids, *, year=None):
    """(budget, expenditure) per project from the finance records, or None when they hold nothing."""
    if not project_ids:
        return None
    budget = budget_by_project(project_ids, year=year)
    spent = expenditure_by_project(project_ids, year=year)
    if not budget and not spent:
        return None
    return budget, spent


def activity_year_q(year: int | None, prefix: str = "") -> Q:
    """Activities that run in ``year`` (or have no dates)."""
    if not year:
        return Q()
    start, end = date(year, 1, 1), date(year, 12, 31)
    return ((Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": end}))
            & (Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})))


@dataclass(frozen=True)
class Conversion:
    """One rate used to convert planned costs: ``amount`` of ``currency`` at ``rate`` units per USD,
    the rate of ``rate_month`` (``month`` is the activities' start month, None for undated ones)."""
    currency: str
    month: date | None
    rate_month: date | None
    rate: Decimal | None
    amount: Decimal
    usd: Decimal | None


def _rate_near(rates: list[tuple[date, Decimal]], month: date | None):
    """(month, rate) of ``month`` or the nearest earlier month; the latest for None; else the earliest."""
    if not rates:
        return None, None
    if month is None:
        return rates[-1]
    earlier = [r for r in rates if r[0] <= month]
    return earlier[-1] if earlier else rates[0]


def planned_cost_by_output(output_ids, *, year=None) -> tuple[dict, dict, list]:
    """{output_id: {currency: Decimal}} in US dollars (converted), {output_id: number of activities}
    and the conversions made — two queries (activities, rates)."""
    from mandates.finance.models import ExchangeRate
    from mandates.finance.money import USD, to_usd
    from mandates.portfolio.models import Activity

    cost: dict[int, dict[str, Decimal]] = defaultdict(dict)
    count: dict[int, int] = defaultdict(int)
    rows = list(Activity.objects.filter(activity_year_q(year), InIds("output_id", output_ids))
                .annotate(month=TruncMonth("start_date")).values("output_id", "currency", "month")
                .annotate(total=Sum("planned_cost"), n=Count("id")).order_by())
    foreign = {row["currency"] for row in rows if row["currency"] != USD}
    rates: dict[str, list] = defaultdict(list)
    for currency, month, rate in (ExchangeRate.objects.filter(currency__in=foreign).order_by("currency", "month")
                                  .values_list("currency", "month", "units_per_usd")):
        rates[currency].append((month.replace(day=1), rate))
    used: dict[tuple, list] = {}
    for row in rows:
        amount = Decimal(row["total"] or 0).quantize(CENT)
        count[row["output_id"]] += row["n"]
        currency, month = row["currency"], row["month"]
        if hasattr(month, "date"):  # some databases truncate to a datetime
            month = month.date()
        if currency == USD:
            add_into(cost[row["output_id"]], {USD: amount})
            continue
        rate_month, rate = _rate_near(rates.get(currency, []), month)
        usd = to_usd(amount, rate) if rate else None
        add_into(cost[row["output_id"]], {USD: usd} if usd is not None else {currency: amount})
        entry = used.setdefault((currency, month, rate_month, rate), [Decimal(0), Decimal(0) if usd is not None else None])
        entry[0] += amount
        if usd is not None:
            entry[1] += usd
    conversions = [Conversion(c, m, rm, r, a, u) for (c, m, rm, r), (a, u) in
                   sorted(used.items(), key=lambda kv: (kv[0][0], kv[0][1] or date.min))]
    return cost, count, conversions


def add_into(target: dict, amounts: dict) -> None:
    for currency, amount in amounts.items():
        target[currency] = target.get(currency, Decimal(0)) + (amount or Decimal(0))


def summed(amount_dicts) -> dict:
    """{currency: sum} of ``amount_dicts`` ({currency: Decimal or None}, None for nothing), as ``add_into``
    each of them into ``{}`` makes it — the same additions in the same order, currencies in the order they
    first appear, None counted as 0 — with the loops in C: a row of the plan at N=20 sums the money of
    thousands of projects."""
    dicts = [d for d in amount_dicts if d]
    currencies = list(dict.fromkeys(chain.from_iterable(dicts)))
    if len(currencies) == 1:  # one currency (the expenditure is in US dollars; budgets mostly are)
        try:  # a None among them (rare) makes the addition fail: summed below, as 0. (``None in values`` would
            # compare every Decimal with None, each through an isinstance check of numbers.Rational: 60,000 per sum)
            return {currencies[0]: sum(map(itemgetter(currencies[0]), dicts), Decimal(0))}
        except TypeError:
            pass
    return {c: sum((d[c] or Decimal(0) for d in dicts if c in d), Decimal(0)) for c in currencies}


def has_money(*amount_dicts) -> bool:
    return any(v for d in amount_dicts if d for v in d.values())


def conversion_text(conversions) -> str:
    """The rates used, in one sentence (for the Excel and Word exports and the API)."""
    parts = []
    for c in conversions:
        start = f"starting {c.month:%B %Y}" if c.month else "without dates"
        if c.rate:
            parts.append(f"{c.currency} {c.amount:,.2f} (activities {start}) = USD {c.usd:,.2f} at {c.rate} per USD, "
                         f"rate of {c.rate_month:%B %Y}")
        else:
            parts.append(f"{c.currency} {c.amount:,.2f} (activities {start}): no rate of exchange, not converted")
    return ("Planned costs converted to US dollars at the UN operational rates: " + "; ".join(parts) + ".") if parts else ""
