"""Money arithmetic: Decimal only, ISO 4217 codes, conversion at the month's rate, exact splits.

Conversion: ``usd = round_half_up(amount / units_per_usd, 2)`` (the UN quotes how many units of a
currency one US dollar buys). A split of an amount between shares (apportionment) gives each part
its share rounded down to the cent, then hands out the remaining cents to the largest fractional
remainders (ties: the larger share, then the order given), so the parts always add up to the
amount exactly.
"""
import csv
import re
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
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


PLAIN_AMOUNT = re.compile(r"-?\d{1,20}(\.\d{1,20})?")
LIMIT = Decimal("1e14")


def parse_amount(text) -> Decimal:
    """A decimal amount from text or a number; raises ValueError on anything else (no floats kept).

    Text must be a plain decimal — digits, an optional decimal point, at most two decimals — so
    ``1e309``, ``NaN``, ``Infinity`` or thousands separators are refused with a message, never a crash.
    """
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, bool):
        raise ValueError(f"“{text}” is not an amount")
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        raw = str(text or "").strip().replace("\u00a0", "").replace(" ", "")
        if not raw:
            raise ValueError("an amount is required")
        if not PLAIN_AMOUNT.fullmatch(raw):
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            raise ValueError(f"“{shown}” is not an amount (use digits and a decimal point, no thousands separator "
                             "or exponent)")
        value = Decimal(raw)
    if not value.is_finite():
        raise ValueError(f"“{text}” is not an amount")
    if abs(value) >= LIMIT:
        raise ValueError(f"“{str(text)[:40]}” is too large")
    if value != value.quantize(CENT, rounding=ROUND_HALF_UP):
        raise ValueError(f"“{text}” has more than two decimals")
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
