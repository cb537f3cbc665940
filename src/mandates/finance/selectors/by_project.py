"""Budget and expenditure of many projects at once, for other domains' pages (the implementation plan).

Figures are the same as on each project's finance tab: the current budget (all its lines, in US
dollars) and the US-dollar equivalent of every expenditure line (disbursements and obligations),
optionally for one year; two grouped queries whatever the number of projects.
"""
from datetime import date
from decimal import Decimal

from mandates.core.ids import InIds

from ..models import BudgetLine, Expenditure
from .sums import MoneySum, cents

USD = "USD"


def budget_by_project(project_ids, *, year: int | None = None) -> dict[int, dict[str, Decimal]]:
    qs = BudgetLine.objects.filter(InIds("project_id", project_ids), is_current=True)
    if year:
        qs = qs.filter(year=year)
    return {r["project_id"]: {USD: cents(r["total"])}
            for r in qs.order_by().values("project_id").annotate(total=MoneySum("amount")) if r["total"]}


def expenditure_by_project(project_ids, *, year: int | None = None) -> dict[int, dict[str, Decimal]]:
    qs = Expenditure.objects.filter(InIds("project_id", project_ids))
    if year:
        qs = qs.filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
    return {r["project_id"]: {USD: cents(r["total"])}
            for r in qs.order_by().values("project_id").annotate(total=MoneySum("usd_amount")) if r["total"]}
