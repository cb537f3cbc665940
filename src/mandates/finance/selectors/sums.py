"""Money sums in the database, exact to the cent on every backend.

PostgreSQL sums NUMERIC exactly. SQLite stores decimals as floating point, so there a sum is taken
in whole cents (``SUM(ROUND(x * 100))``: exact below 2**53 cents, about USD 90 trillion) and divided
back; ``cents()`` then gives the Decimal to the cent.
"""
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, Func, Sum

AMOUNT = DecimalField(max_digits=20, decimal_places=2)
CENT = Decimal("0.01")
CENTS_TEMPLATE = "%(function)s(%(distinct)sROUND(%(expressions)s * 100))"


class MoneySum(Sum):
    output_field = AMOUNT

    def as_sqlite(self, compiler, connection, **extra_context):
        in_cents = self.copy()
        in_cents.template = CENTS_TEMPLATE  # (a FILTER clause, if any, is added after it)
        sql, params = in_cents.as_sql(compiler, connection, **extra_context)
        return f"({sql} / 100.0)", params


class MoneyTotal(Func):
    """``SUM()`` that Django does not take for an aggregate (no GROUP BY): for correlated subqueries."""

    function = "SUM"
    output_field = AMOUNT

    def as_sqlite(self, compiler, connection, **extra_context):
        in_cents = self.copy()
        in_cents.template = "SUM(ROUND(%(expressions)s * 100))"
        sql, params = in_cents.as_sql(compiler, connection, **extra_context)
        return f"({sql} / 100.0)", params


def cents(value) -> Decimal:
    """A database sum as a Decimal to the cent (0.00 for nothing)."""
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)
