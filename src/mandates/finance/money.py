"""Money arithmetic: Decimal only, ISO 4217 codes, conversion at the month's rate, exact splits.

Conversion: ``usd = round_half_up(amount / units_per_usd, 2)`` (the UN quotes how many units of a
currency one US dollar buys). A split of an amount between shares (apportionment) gives each part
its share rounded down to the cent, then hands out the remaining cents to the largest fractional
remainders (ties: the larger share, then the order given), so the parts always add up to the
amount exactly.
"""
import csv
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

CURRENCY_FILE = Path(__file__).resolve().parent / "data" / "currencies.csv"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")
USD = "USD"


@lru_cache(maxsize=1)
def currencies() -> dict[str, str]:
    """ISO 4217 code -> name, from ``data/currencies.csv``."""
    with open(CURRENCY_FILE, newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def is_currency(code: str) -> bool:
    return (code or "") in currencies()


def cents(value) -> Decimal:
    """Round to the cent, half up (the UN's rounding for amounts)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text) -> Decimal:
    """A decimal amount from text or a number; raises ValueError on anything else (no floats kept)."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = str(text or "").strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise ValueError("an amount is required")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError(f"“{text}” is not an amount (use digits and a decimal point, no thousands separator)")
    if not value.is_finite():
        raise ValueError(f"“{text}” is not an amount")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(f"“{text}” has more than two decimals")
    if abs(value) >= Decimal("1e14"):
        raise ValueError(f"“{text}” is too large")
    return value.quantize(CENT)


def to_usd(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    return cents(Decimal(amount) / Decimal(units_per_usd))


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def percent_of(amount: Decimal, rate_percent: Decimal) -> Decimal:
    return cents(Decimal(amount) * Decimal(rate_percent) / Decimal(100))


def split(amount: Decimal, shares: list[Decimal]) -> list[Decimal]:
    """Split ``amount`` by percentage ``shares`` (summing to 100) into parts that add up exactly."""
    amount = Decimal(amount).quantize(CENT)
    total_share = sum(shares, Decimal(0))
    if total_share <= 0:
        raise ValueError("the shares must add up to more than zero")
    sign = -1 if amount < 0 else 1
    magnitude = abs(amount)
    exact = [magnitude * share / total_share for share in shares]
    parts = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    left = int((magnitude - sum(parts, Decimal(0))) / CENT)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), -shares[i], i))
    for i in order[:left]:
        parts[i] += CENT
    return [part * sign for part in parts]


def ratio(part, whole) -> Decimal | None:
    """part / whole as a Decimal fraction (None when the whole is zero)."""
    if not whole:
        return None
    return Decimal(part) / Decimal(whole)
