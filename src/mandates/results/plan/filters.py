"""Reading the implementation plan's filters from a query string (pages, API, exports and jobs alike),
with one django-filter FilterSet.

``period`` (code, e.g. 2008-2011; default: the latest period), ``year``, ``region`` (M49 code of an
area), ``country`` (ISO alpha-3), ``work_unit`` (code), ``theme`` (code of a node of the period), ``as_of`` (YYYY-MM-DD: the as-at date
of the "no data in the last year" gap; default today, within the year or period shown).
Unknown values give a message per field instead of a silently unfiltered plan.
"""
import django_filters
from django import forms
from django.utils.translation import gettext as _

from mandates.core.params import MAX_YEAR, MIN_YEAR

# The message for a value that cannot be read, per parameter ({} is the value as given).
MESSAGES = {
    "period": "No strategy period “{}”.",
    "year": "“{}” is not a year.",
    "region": "No region with M49 code “{}”.",
    "country": "No country with ISO code “{}”.",
    "work_unit": "No work unit “{}”.",
    "as_of": "“{}” is not a date (YYYY-MM-DD).",
}


class UpperCaseChoice(forms.ModelChoiceField):
    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class UpperCaseFilter(django_filters.ModelChoiceFilter):
    field_class = UpperCaseChoice


def _keep(queryset, name, value):
    return queryset  # the plan is computed by ``plan.implementation_plan`` from the cleaned values


class PlanFilterSet(django_filters.FilterSet):
    period = django_filters.ModelChoiceFilter(queryset=None, to_field_name="code", method=_keep)
    year = django_filters.NumberFilter(method=_keep, min_value=MIN_YEAR, max_value=MAX_YEAR)
    region = django_filters.ModelChoiceFilter(queryset=None, to_field_name="m49_code", method=_keep)
    country = UpperCaseFilter(queryset=None, to_field_name="iso3", method=_keep)
    work_unit = django_filters.ModelChoiceFilter(queryset=None, to_field_name="code", method=_keep)
    theme = django_filters.CharFilter(method=_keep)
    as_of = django_filters.DateFilter(method=_keep, input_formats=["%Y-%m-%d"])

    def __init__(self, data=None, **kwargs):
        from mandates.geography.models import Area, Country
        from mandates.organisation.models import WorkUnit
        from mandates.strategy.models import StrategyPeriod

        cleaned = {k: (data.get(k) or "").strip() for k in self.base_filters if data is not None and data.get(k)}
        super().__init__(cleaned, queryset=StrategyPeriod.objects.none(), **kwargs)
        for name, qs in (("period", StrategyPeriod.objects.all()), ("region", Area.objects.all()),
                         ("country", Country.objects.all()), ("work_unit", WorkUnit.objects.all())):
            self.filters[name].queryset = qs


def parse(params) -> tuple[dict, dict]:
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    filterset = PlanFilterSet(params)
    form = filterset.form
    form.is_valid()
    data = form.cleaned_data
    errors = {name: MESSAGES[name].format(str(filterset.data.get(name, ""))[:40])
              for name in form.errors if name in MESSAGES}
    out = {"period": data.get("period"), "year": None, "region": data.get("region"), "country": data.get("country"),
           "work_unit": data.get("work_unit"), "theme": None, "as_of": data.get("as_of")}
    if not filterset.data.get("period"):
        out["period"] = StrategyPeriod.objects.order_by("-start_year").first()
    period = out["period"]
    if data.get("year") is not None:
        year = data["year"]
        if year != int(year):
            errors["year"] = MESSAGES["year"].format(filterset.data["year"])
        else:
            out["year"] = int(year)
            if period is not None and not period.start_year <= out["year"] <= period.end_year:
                errors["year"] = _("%(year)s is outside the period %(period)s.") % {"year": out["year"], "period": period.code}
    theme = filterset.data.get("theme", "")
    if theme and period is not None:
        out["theme"] = StrategyNode.objects.filter(period=period, track="results", code=theme).first()
        if out["theme"] is None:
            errors["theme"] = _("No theme “%(theme)s” in %(period)s.") % {"theme": theme, "period": period.code}
    return out, errors


def choices(period) -> dict:
    from mandates.geography.models import Area, Country
    from mandates.geography.names import by_name
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    return {
        "periods": StrategyPeriod.objects.order_by("-start_year"),
        "years": list(range(period.start_year, period.end_year + 1)) if period else [],
        "regions": by_name(Area.objects.filter(level__in=["world", "region", "sub_region"]),
                           group=lambda a: a.level),
        "countries": by_name(Country.objects.only("iso3", "name", "m49_code")),
        "themes": StrategyNode.objects.filter(period=period, track="results", level=0) if period else [],
    }
