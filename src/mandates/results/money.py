"""(b) How much: the seam between the implementation plan and the finance records.

The plan asks the finance app first and falls back on the portfolio's planned activity cost:

1. If ``mandates.finance.selectors`` defines both

       budget_by_project(project_ids, *, year=None) -> {project_id: {currency: Decimal}}
       expenditure_by_project(project_ids, *, year=None) -> {project_id: {currency: Decimal}}

   (each answering in a bounded number of queries, for all the projects at once) and they return
   any figure for the projects of the plan, the plan shows budget and expenditure from them
   (source ``finance``). A project's figures are attributed in full to every expected result it
   contributes to; the plan's grand total counts each project once.
2. Otherwise (finance not installed, the functions missing, or no data yet) the plan shows the
   planned cost of the contributing activities (``portfolio.Activity.planned_cost``; source
   ``planned_cost``), summed in the database per output and currency; the grand total counts each
   activity once.

Amounts stay ``Decimal`` and are kept per currency; they are never converted.
"""
import logging
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

log = logging.getLogger(__name__)

CENT = Decimal("0.01")
FINANCE = "finance"
PLANNED_COST = "planned_cost"
SOURCE_LABELS = {FINANCE: "Budget and expenditure (finance records)",
                 PLANNED_COST: "Planned cost of activities (until finance records exist)"}


def finance_by_project(project_ids, *, year=None):
    """(budget, expenditure) dicts from the finance app, or None when it has nothing to say."""
    try:
        from mandates.finance import selectors as finance
    except ImportError:
        return None
    budget_fn = getattr(finance, "budget_by_project", None)
    spent_fn = getattr(finance, "expenditure_by_project", None)
    if not (callable(budget_fn) and callable(spent_fn)) or not project_ids:
        return None
    try:
        budget = budget_fn(list(project_ids), year=year) or {}
        spent = spent_fn(list(project_ids), year=year) or {}
    except TypeError:  # a different signature: say so in the log, keep the plan working
        log.warning("finance selectors do not match the seam in results/money.py; using planned cost")
        return None
    if not any(any(v for v in cur.values()) for cur in list(budget.values()) + list(spent.values())):
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
