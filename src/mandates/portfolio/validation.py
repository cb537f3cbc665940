"""Checks shared by the portfolio's services. Each adds messages to an ``Errors`` collector; the
service raises them all at once, before anything is saved."""
import csv
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

CURRENCY_FILE = Path(__file__).resolve().parent / "data" / "currencies.csv"


@lru_cache(maxsize=1)
def currencies() -> dict[str, str]:
    """ISO 4217 codes (active and withdrawn) and their names, from ``data/currencies.csv``."""
    with open(CURRENCY_FILE, newline="", encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def currencies_with_rate() -> set[str] | None:
    """The currencies the office has a rate of exchange for (USD always), from the later finance app
    through ``core.extensions`` ("currencies_with_rate"); None while no rate is loaded at all, when
    every ISO 4217 currency is accepted."""
    from mandates.core.extensions import providers_for

    found: set[str] = set()
    for provider in providers_for("currencies_with_rate"):
        found |= set(provider())
    return (found | {"USD"}) if found else None


class Errors:
    """Field -> messages, raised together as one ``ValidationError``."""

    def __init__(self):
        self.messages: dict[str, list[str]] = defaultdict(list)

    def add(self, field: str | None, message: str) -> None:
        key = field or NON_FIELD_ERRORS
        if message not in self.messages[key]:
            self.messages[key].append(message)

    def merge(self, exc: ValidationError, *, only: set[str] | None = None) -> None:
        for field, messages in exc.message_dict.items():
            if only is None or field in only:
                for message in messages:
                    self.add(field, message)

    def has(self, field: str) -> bool:
        return bool(self.messages.get(field))

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError({field: list(messages) for field, messages in self.messages.items()})


def model_checks(obj, errors: Errors, *, exclude=()) -> None:
    """Django's own field checks (required, choices, lengths, validators), without uniqueness."""
    try:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)


def check_dates(errors: Errors, start, end, *, field: str = "end_date") -> None:
    if start and end and end < start:
        errors.add(field, "The end date cannot be before the start date.")


def check_code_unique(errors: Errors, queryset, code: str, *, exclude_pk=None, where: str = "") -> None:
    if not code:
        return
    clash = queryset.filter(code__iexact=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        errors.add("code", f"The code “{code}” is already used{where}.")


def check_results(errors: Errors, nodes, period, *, field: str = "results") -> None:
    """Each node must be an expected result (the last level of the results tree) of ``period``."""
    if period is None:
        return
    for node in nodes:
        if node.period_id != period.pk:
            errors.add(field, f"{node.code} belongs to the strategy period {node.period.code}, "
                              f"not to {period.code}.")
        elif node.track != "results" or node.level != period.result_level:
            errors.add(field, f"{node.code} is a {node.level_name}, not an expected result; "
                              f"link the expected results under it.")


def check_money(errors: Errors, amount, currency, *, amount_field="planned_cost", currency_field="currency",
                require_rate: bool = True):
    """A valid amount, and an ISO 4217 currency that (once the office has rates; ``require_rate``) has
    a rate of exchange — refused where it is entered, not later when the money is converted."""
    try:
        value = Decimal(amount) if amount is not None else None
    except (InvalidOperation, TypeError, ValueError):
        errors.add(amount_field, "Enter an amount.")
        value = None
    if value is not None and value < 0:  # clearer than the model validator's wording
        errors.messages[amount_field] = ["The planned cost cannot be negative."]
    code = (currency or "").upper()
    if code not in currencies():
        errors.add(currency_field, f"“{currency}” is not an ISO 4217 currency code.")
    elif require_rate:
        rated = currencies_with_rate()
        if rated is not None and code not in rated:
            errors.add(currency_field, f"There is no UN operational rate of exchange for {code}, so its amounts "
                                       f"cannot be converted to US dollars; choose one of {', '.join(sorted(rated))}, "
                                       f"or ask the finance officer to import its rates.")


def normalise_locations(errors: Errors, locations) -> list[dict]:
    """Validate ``[{"country": Country} | {"area": Area}, "percentage": ...]`` and return clean dicts."""
    clean, seen, total = [], set(), Decimal("0")
    for item in locations:
        country, area = item.get("country"), item.get("area")
        if (country is None) == (area is None):
            errors.add("locations", "Each location is either a country or an area (a region, or the world "
                                    "for global work), not both and not neither.")
            continue
        key = ("country", country.pk) if country is not None else ("area", area.pk)
        if key in seen:
            errors.add("locations", f"{country or area} is listed twice.")
            continue
        seen.add(key)
        percentage = item.get("percentage")
        if percentage not in (None, ""):
            try:
                percentage = Decimal(str(percentage))
            except InvalidOperation:
                errors.add("locations", f"The percentage for {country or area} is not a number.")
                continue
            if percentage < 0 or percentage > 100:
                errors.add("locations", f"The percentage for {country or area} must be between 0 and 100.")
                continue
            total += percentage
        else:
            percentage = None
        clean.append({"country": country, "area": area, "percentage": percentage})
    if total > 100:
        errors.add("locations", f"The location percentages add up to {total.normalize():f}; "
                                f"they cannot exceed 100.")
    return clean


def normalise_partners(errors: Errors, partners, roles) -> list[tuple]:
    clean, seen = [], set()
    valid_roles = dict(roles)
    for item in partners:
        try:
            partner, role = item
        except (TypeError, ValueError):
            errors.add("partners", "Give each partner as a (partner, role) pair.")
            continue
        if role not in valid_roles:
            errors.add("partners", f"“{role}” is not a partner role ({', '.join(valid_roles)}).")
            continue
        if (partner.pk, role) in seen:
            errors.add("partners", f"{partner} is listed twice as {valid_roles[role].lower()}.")
            continue
        seen.add((partner.pk, role))
        clean.append((partner, role))
    return clean
