"""Hostile-safe reading of query parameters (issue 14): a year of 10000, a number beyond 64 bits
or in exponent notation never reaches the database as a 500.

Pages ignore or empty a filter they cannot read; the API answers 400 through ``YearFilter`` and
``BoundedIntegerFilter``.
"""
import django_filters
import django_filters.rest_framework
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 1, 9999  # what Python's and the databases' dates can hold
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def int_or_none(value, *, low=INT64_MIN, high=INT64_MAX):
    """The whole number written in ``value`` (plain digits, optional sign) within [low, high], else None."""
    if value is None:
        return None
    text = str(value).strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isascii() or not digits.isdigit() or len(digits) > 20:
        return None
    number = int(text)
    return number if low <= number <= high else None


def year_or_none(value):
    return int_or_none(value, low=MIN_YEAR, high=MAX_YEAR)


def filter_year(qs, field: str, year, lookup: str = "year"):
    """``qs.filter(<field>__<lookup>=year)``, with a year no date can have giving no rows rather than a 500."""
    if year is None or year == "":
        return qs
    number = int_or_none(year)
    if number is None or not MIN_YEAR <= number <= MAX_YEAR:
        if lookup == "year__lte" and number is not None and number > MAX_YEAR:
            return qs
        if lookup == "year__gte" and number is not None and number < MIN_YEAR:
            return qs
        return qs.none()
    return qs.filter(**{f"{field}__{lookup}": number})


class YearFilter(django_filters.NumberFilter):
    """A year filter for API filter sets: anything but a year from 1 to 9999 is a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        super().__init__(*args, **kwargs)
        self.extra.setdefault("validators", [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
        self.extra.setdefault("decimal_places", 0)
        self.extra.setdefault("help_text", _("A year from 1 to 9999"))


class BoundedIntegerFilter(django_filters.NumberFilter):
    """An integer filter that refuses numbers beyond 64 bits with a 400."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra.setdefault("validators", [MinValueValidator(INT64_MIN), MaxValueValidator(INT64_MAX)])
        self.extra.setdefault("decimal_places", 0)


class _BoundedPkMixin:
    """Model-choice form fields that refuse a key beyond 64 bits (the database would overflow)."""

    def _bounded(self, value):
        from django.core.exceptions import ValidationError

        if value in self.empty_values:
            return value
        values = value if isinstance(value, (list, tuple)) else [value]
        for one in values:
            if int_or_none(one) is None:
                raise ValidationError(_("“%(pk)s” is not a valid value.") % {"pk": str(one)[:40]}, code="invalid_pk_value")
        return value

    def clean(self, value):
        return super().clean(self._bounded(value))


def _bounded_field(base):
    return type("Bounded" + base.__name__, (_BoundedPkMixin, base), {})


class BoundedModelChoiceFilter(django_filters.ModelChoiceFilter):
    @property
    def field_class(self):
        from django_filters.fields import ModelChoiceField

        return _bounded_field(ModelChoiceField)


class BoundedModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    @property
    def field_class(self):
        from django_filters.fields import ModelMultipleChoiceField

        return _bounded_field(ModelMultipleChoiceField)


class FilterSet(django_filters.FilterSet):
    """The project's API filter set: keys of related records and integers are checked to fit 64 bits."""

    FILTER_DEFAULTS = {**django_filters.FilterSet.FILTER_DEFAULTS}  # noqa: RUF012 - filled once below


def _bounded_defaults():
    from django.db import models

    defaults = FilterSet.FILTER_DEFAULTS
    for field in (models.ForeignKey, models.OneToOneField, models.OneToOneRel):
        if field in defaults:
            defaults[field] = {**defaults[field], "filter_class": BoundedModelChoiceFilter}
    for field in (models.ManyToManyField, models.ManyToManyRel, models.ManyToOneRel):
        if field in defaults:
            defaults[field] = {**defaults[field], "filter_class": BoundedModelMultipleChoiceFilter}
    for field in (models.IntegerField, models.BigIntegerField, models.AutoField, models.BigAutoField,
                  models.SmallIntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField):
        if field in defaults:
            defaults[field] = {**defaults[field], "filter_class": BoundedIntegerFilter}


_bounded_defaults()


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """The API's filter backend: filter sets made from ``filterset_fields`` get the same checks."""

    filterset_base = FilterSet
