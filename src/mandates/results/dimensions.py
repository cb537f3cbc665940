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
from django.utils.translation import gettext, gettext_noop

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
        raise ValidationError({field: gettext("Unknown dimension(s): %(unknown)s. Known: %(known)s.")
                                      % {"unknown": ", ".join(unknown), "known": ", ".join(dimensions())}})
    if len(set(codes)) != len(codes):
        raise ValidationError({field: gettext("A dimension is listed twice.")})
    return codes


def check_rows(rows, *, total, must_add_up: bool, allowed=None, field: str = "disaggregation",
               what: str = gettext_noop("the total")) -> list[tuple[str, str, Decimal]]:
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
            raise ValidationError({field: gettext("Unknown dimension “%(dimension)s”.") % {"dimension": dimension}})
        if allowed is not None and dimension not in allowed:
            raise ValidationError({field: gettext("This indicator is not disaggregated by %(dimension)s.")
                                          % {"dimension": dims[dimension].name.lower()}})
        dim = dims[dimension]
        if dim.uses_countries:
            category = category.upper()
            country_codes_needed.add(category)
        elif category not in dict(dim.categories):
            raise ValidationError({field: gettext("“%(category)s” is not a category of %(dimension)s (allowed: %(allowed)s).")
                                          % {"category": category, "dimension": dim.name.lower(),
                                             "allowed": ", ".join(c for c, _ in dim.categories)}})
        try:
            amount = Decimal(str(amount))
        except Exception:
            raise ValidationError({field: gettext("%(dimension)s “%(category)s”: “%(amount)s” is not a number.")
                                          % {"dimension": dim.name, "category": category, "amount": amount}}) from None
        if amount < 0:
            raise ValidationError({field: gettext("%(dimension)s “%(category)s”: a count cannot be negative.")
                                          % {"dimension": dim.name, "category": category}})
        if (dimension, category) in seen:
            raise ValidationError({field: gettext("%(dimension)s “%(category)s” is given twice.")
                                          % {"dimension": dim.name, "category": category}})
        seen.add((dimension, category))
        clean.append((dimension, category, amount))
    if country_codes_needed:
        known = set(Country.objects.filter(iso3__in=country_codes_needed).values_list("iso3", flat=True))
        missing = sorted(country_codes_needed - known)
        if missing:
            raise ValidationError({field: gettext("Unknown country code(s): %(codes)s (use ISO alpha-3).")
                                          % {"codes": ", ".join(missing)}})
    if must_add_up and total is not None:
        sums: dict[str, Decimal] = {}
        for dimension, _category, amount in clean:
            sums[dimension] = sums.get(dimension, Decimal(0)) + amount
        for dimension, subtotal in sums.items():
            if subtotal != Decimal(str(total)):
                raise ValidationError({field: (
                    gettext("The breakdown by %(dimension)s adds up to %(subtotal)s, not to %(what)s of %(total)s.")
                    % {"dimension": dims[dimension].name.lower(), "subtotal": _fmt(subtotal),
                       "what": gettext(what), "total": _fmt(Decimal(str(total)))})})
    return clean


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
