"""Months without a rate of exchange: for each currency in the rates table, the months between the
first and the last month loaded (for any currency) that have no rate for it (one query)."""
from datetime import date

from ..models import ExchangeRate


def _months(first: date, last: date):
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def missing_rates() -> list[tuple[str, date]]:
    """(currency, first day of the month) pairs with no rate, oldest first."""
    known: dict[str, set[date]] = {}
    for currency, month in ExchangeRate.objects.order_by().values_list("currency", "month").distinct():
        known.setdefault(currency, set()).add(month.replace(day=1))
    if not known:
        return []
    months = [m for seen in known.values() for m in seen]
    span = list(_months(min(months), max(months)))
    return [(currency, month) for month in span for currency in sorted(known) if month not in known[currency]
            and currency != "USD"]
