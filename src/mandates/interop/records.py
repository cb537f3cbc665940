"""What is kept of a (schema-valid) IATI activity element: plain values, ready to store."""
import re
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.utils import timezone
from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CENT = Decimal("0.01")
OFFICE_REF = "XM-DAC-41128"
OFFICE_NAMES = re.compile(r"\bUNODC\b|united\s+nations\s+office\s+(on|for)\s+drugs\s+and\s+crime|"
                          r"office\s+des\s+nations\s+unies\s+contre\s+la\s+drogue|"
                          r"oficina\s+de\s+las\s+naciones\s+unidas\s+contra\s+la\s+droga", re.IGNORECASE)


def narrative(element, lang: str = "en") -> str:
    """The narrative in ``lang`` (or without a language), else the first one."""
    if element is None:
        return ""
    texts = list(element.iterchildren("narrative"))
    for n in texts:
        if (n.get(XML_LANG) or lang).lower() == lang:
            return (n.text or "").strip()
    return (texts[0].text or "").strip() if texts else ""


def parse_date(text) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def parse_datetime(text):
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def money(text) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except (InvalidOperation, ValueError):
        return None
    return value.quantize(CENT, rounding=ROUND_HALF_UP) if value.is_finite() else None


def percentage(text) -> Decimal | None:
    try:
        value = Decimal((text or "").strip())
    except (InvalidOperation, ValueError):
        return None
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if value.is_finite() else None


def _iso(element) -> date | None:
    return parse_date(element.get("iso-date")) if element is not None else None


@lru_cache(maxsize=4096)
def names_office(ref: str, name: str) -> bool:
    return ref.strip().upper() == OFFICE_REF or bool(OFFICE_NAMES.search(name or ""))


def _children(el) -> dict[str, list]:
    """The element's children grouped by tag, in one pass (instead of one ElementPath search per child asked)."""
    grouped: dict[str, list] = {}
    for child in el.iterchildren(tag=etree.Element):
        grouped.setdefault(child.tag, []).append(child)
    return grouped


def _first(grouped: dict, tag: str):
    found = grouped.get(tag)
    return found[0] if found else None


def activity_record(el, *, version: str = "", line: int | None = None) -> dict:
    """The values of one activity element; children as lists of dicts."""
    lang = (el.get(XML_LANG) or "en").lower()
    currency = el.get("default-currency") or ""
    kids = _children(el)
    reporting = _first(kids, "reporting-org")
    dates = {}
    for d in kids.get("activity-date", ()):
        dates.setdefault(d.get("type"), parse_date(d.get("iso-date")))
    descriptions = kids.get("description", [])
    general = next((d for d in descriptions if d.get("type", "1") == "1"), descriptions[0] if descriptions else None)
    participants = []
    for p in kids.get("participating-org", ()):
        participants.append({"role": p.get("role", ""), "ref": (p.get("ref") or "").strip()[:250],
                             "name": narrative(p, lang)[:500], "type": p.get("type", "")})
    budgets = []
    for b in kids.get("budget", ()):
        parts = _children(b)
        value = _first(parts, "value")
        amount = money(value.text if value is not None else None)
        start, end = _iso(_first(parts, "period-start")), _iso(_first(parts, "period-end"))
        if amount is None or start is None or end is None:
            continue
        budgets.append({"type": b.get("type", "1"), "status": b.get("status", "1"), "period_start": start,
                        "period_end": end, "value": amount,
                        "currency": (value.get("currency") or currency)[:3],
                        "value_date": parse_date(value.get("value-date"))})
    transactions = []
    for t in kids.get("transaction", ()):
        parts = _children(t)
        value = _first(parts, "value")
        amount = money(value.text if value is not None else None)
        when = _iso(_first(parts, "transaction-date"))
        kind = _first(parts, "transaction-type")
        if amount is None or when is None or kind is None:
            continue
        provider, receiver = _first(parts, "provider-org"), _first(parts, "receiver-org")
        transactions.append({
            "ref": (t.get("ref") or "")[:250], "type": kind.get("code", ""), "date": when, "value": amount,
            "currency": (value.get("currency") or currency)[:3], "value_date": parse_date(value.get("value-date")),
            "provider_ref": ((provider.get("ref") or "") if provider is not None else "")[:250],
            "provider_name": narrative(provider, lang)[:500],
            "receiver_ref": ((receiver.get("ref") or "") if receiver is not None else "")[:250],
            "receiver_name": narrative(receiver, lang)[:500],
        })
    return {
        "identifier": (el.findtext("iati-identifier") or "").strip(),
        "reporting_org_ref": (reporting.get("ref") or "").strip()[:250] if reporting is not None else "",
        "reporting_org_name": narrative(reporting, lang)[:500],
        "reporting_org_type": (reporting.get("type") or "") if reporting is not None else "",
        "title": narrative(_first(kids, "title"), lang),
        "description": narrative(general, lang),
        "status": (status.get("code", "") if (status := _first(kids, "activity-status")) is not None else ""),
        "planned_start": dates.get("1"), "actual_start": dates.get("2"),
        "planned_end": dates.get("3"), "actual_end": dates.get("4"),
        "default_currency": currency[:3],
        "last_updated": parse_datetime(el.get("last-updated-datetime")),
        "version": version,
        "line": line,
        "names_office": any(names_office(p["ref"], p["name"]) for p in participants) or any(
            names_office(t["provider_ref"], t["provider_name"]) or names_office(t["receiver_ref"], t["receiver_name"])
            for t in transactions),
        "countries": [{"code": (c.get("code") or "").upper()[:2], "percentage": percentage(c.get("percentage"))}
                      for c in kids.get("recipient-country", ())],
        "regions": [{"vocabulary": c.get("vocabulary", "1"), "code": (c.get("code") or "")[:20],
                     "percentage": percentage(c.get("percentage"))} for c in kids.get("recipient-region", ())],
        "sectors": [{"vocabulary": s.get("vocabulary", "1"), "code": (s.get("code") or "")[:40],
                     "percentage": percentage(s.get("percentage"))} for s in kids.get("sector", ())],
        "participants": participants,
        "budgets": budgets,
        "transactions": transactions,
    }
