"""Disaggregation dimensions and their allowed categories, read from ``data/disaggregation.yaml``.

Breakdowns are stored as rows (dimension, category, amount), never as fixed columns; this module
checks such rows and tells whether each dimension adds up to the total.
"""
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

DATA_FILE = Path(__file__).resolve().parent / "data" / "disaggregation.yaml"
COUNTRIES = "countries"


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    categories: tuple[tuple[str, str], ...]  # (code, name); empty when categories come from countries
    categories_from: str = ""

    @property
    def uses_countries(self) -> bool:
        return self.categories_from == COUNTRIES


@lru_cache(maxsize=1)
def dimensions() -> dict[str, Dimension]:
    with open(DATA_FILE, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    found = {}
    for item in raw["dimensions"]:
        cats = tuple((str(c["code"]), c["name"]) for c in item.get("categories", []))
        found[item["code"]] = Dimension(item["code"], item["name"], cats, item.get("categories_from", ""))
    return found


def choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in dimensions().values()]


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    from mandates.geography.models import Country

    return dict(Country.objects.values_list("iso3", "name"))


def category_name(dimension: str, category: str) -> str:
    dim = dimensions().get(dimension)
    if dim is None:
        return category
    if dim.uses_countries:
        return _country_codes().get(category) or category
    return dict(dim.categories).get(category, category)


def dimension_name(code: str) -> str:
    dim = dimensions().get(code)
    return dim.name if dim else code


def check_dimension_codes(codes, field: str = "disaggregate_by") -> list[str]:
    codes = list(codes or [])
    unknown = [c for c in codes if c not in dimensions()]
    if unknown:
        raise ValidationError({field: f"Unknown dimension(s): {', '.join(unknown)}. "
                                      f"Known: {', '.join(dimensions())}."})
    if len(set(codes)) != len(codes):
        raise ValidationError({field: "A dimension is listed twice."})
    return codes


def check_rows(rows, *, total, must_add_up: bool, allowed=None, field: str = "disaggregation",
               what: str = "the total") -> list[tuple[str, str, Decimal]]:
    """Validate breakdown rows [(dimension, category, amount)] and return them normalised.

    Refuses unknown dimensions or categories, negative amounts, a category given twice, and — when
    ``must_add_up`` — a dimension whose rows do not add up to ``total``.
    """
    from mandates.geography.models import Country

    dims = dimensions()
    clean: list[tuple[str, str, Decimal]] = []
    seen = set()
    country_codes_needed = set()
    for dimension, category, amount in rows:
        dimension, category = str(dimension).strip(), str(category).strip()
        if dimension not in dims:
            raise ValidationError({field: f"Unknown dimension “{dimension}”."})
        if allowed is not None and dimension not in allowed:
            raise ValidationError({field: f"This indicator is not disaggregated by {dims[dimension].name.lower()}."})
        dim = dims[dimension]
        if dim.uses_countries:
            category = category.upper()
            country_codes_needed.add(category)
        elif category not in dict(dim.categories):
            raise ValidationError({field: f"“{category}” is not a category of {dim.name.lower()} "
                                          f"(allowed: {', '.join(c for c, _ in dim.categories)})."})
        try:
            amount = Decimal(str(amount))
        except Exception:
            raise ValidationError({field: f"{dim.name} “{category}”: “{amount}” is not a number."}) from None
        if amount < 0:
            raise ValidationError({field: f"{dim.name} “{category}”: a count cannot be negative."})
        if (dimension, category) in seen:
            raise ValidationError({field: f"{dim.name} “{category}” is given twice."})
        seen.add((dimension, category))
        clean.append((dimension, category, amount))
    if country_codes_needed:
        known = set(Country.objects.filter(iso3__in=country_codes_needed).values_list("iso3", flat=True))
        missing = sorted(country_codes_needed - known)
        if missing:
            raise ValidationError({field: f"Unknown country code(s): {', '.join(missing)} (use ISO alpha-3)."})
    if must_add_up and total is not None:
        sums: dict[str, Decimal] = {}
        for dimension, _category, amount in clean:
            sums[dimension] = sums.get(dimension, Decimal(0)) + amount
        for dimension, subtotal in sums.items():
            if subtotal != Decimal(str(total)):
                raise ValidationError({field: (
                    f"The breakdown by {dims[dimension].name.lower()} adds up to {_fmt(subtotal)}, "
                    f"not to {what} of {_fmt(Decimal(str(total)))}.")})
    return clean


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
