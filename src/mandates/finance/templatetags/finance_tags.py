from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


def _local(text: str) -> str:
    """'1,234.50' with the reader's separators ('1 234,50' in French, '1.234,50' in Spanish)."""
    decimal, thousands = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    if (decimal, thousands) == (".", ","):
        return text
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def _money(value) -> str:
    amount = Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = _local(f"{abs(amount):,.2f}")
    return f"−{text}" if amount < 0 else text


@register.filter
def amount(value):
    """1234.5 -> '1,234.50' (a minus sign for negatives, a dash for nothing)."""
    if value is None or value == "":
        return "—"
    return _money(value)


@register.filter
def millions(value):
    """1234567 -> '1.2' (millions, one decimal)."""
    if value is None:
        return "—"
    return _local(f"{Decimal(value) / Decimal(1_000_000):,.1f}")


@register.filter
def percent(value, places=1):
    if value is None or value == "":
        return "—"
    return _local(f"{Decimal(value) * 100:.{int(places)}f}") + " %"


@register.filter
def cell(pair):
    value, kind = pair
    if kind == "money":
        return amount(value)
    if kind == "percent":
        return percent(value)
    if value is None:
        return ""
    if kind == "date" and isinstance(value, date):
        return date_format(value, "d M Y")  # month names in the reader's language
    if kind == "int":
        return _local(f"{value:,}")
    if kind == "year":
        return str(value)
    return value


@register.filter
def is_number(kind) -> bool:
    return kind in ("money", "percent", "int")


@register.simple_tag
def risk_badge(at_risk: bool):
    if at_risk:
        return format_html('<span class="badge badge--risk">{}</span>', gettext("Below reserve"))
    return format_html('<span class="badge badge--ok">{}</span>', gettext("Above reserve"))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
