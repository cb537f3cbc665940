"""(b) How much: the implementation plan's money, from the finance records.

The plan asks the finance app (``finance.selectors.budget_by_project`` and
``expenditure_by_project``: the current budget and the US-dollar equivalent of the expenditure of
all the plan's projects, in two grouped queries) and shows budget and expenditure (source
``finance``) — the same figures as each project's finance tab, to the cent. A project's figures are
attributed in full to every expected result it contributes to; the plan's grand total counts each
project once. Only when the finance records hold nothing for any of the plan's projects (a period
planned before its money is recorded) does the plan show the planned cost of the contributing
activities (``portfolio.Activity.planned_cost``; source ``planned_cost``), summed in the database per
output and currency; the grand total then counts each activity once.

Amounts stay ``Decimal``.
"""
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from mandates.finance.selectors import budget_by_project, expenditure_by_project

CENT = Decimal("0.01")
FINANCE = "finance"
PLANNED_COST = "planned_cost"
SOURCE_LABELS = {FINANCE: "Budget and expenditure (finance records)",
                 PLANNED_COST: "Planned cost of activities (until finance records exist)"}


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


def planned_cost_by_output(output_ids, *, year=None) -> tuple[dict, dict]:
    """{output_id: {currency: Decimal}} and {output_id: number of activities}, one query."""
    from mandates.portfolio.models import Activity

    cost: dict[int, dict[str, Decimal]] = defaultdict(dict)
    count: dict[int, int] = defaultdict(int)
    rows = (Activity.objects.filter(activity_year_q(year), output_id__in=output_ids)
            .values("output_id", "currency").annotate(total=Sum("planned_cost"), n=Count("id")).order_by())
    for row in rows:
        cost[row["output_id"]][row["currency"]] = Decimal(row["total"] or 0).quantize(CENT)
        count[row["output_id"]] += row["n"]
    return cost, count


def add_into(target: dict, amounts: dict) -> None:
    for currency, amount in amounts.items():
        target[currency] = target.get(currency, Decimal(0)) + (amount or Decimal(0))


def has_money(*amount_dicts) -> bool:
    return any(v for d in amount_dicts if d for v in d.values())
