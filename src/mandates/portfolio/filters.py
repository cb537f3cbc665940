"""Filters of the programme and project lists — one FilterSet per list, shared by the pages and the API
(``/api/v1/projects``, ``/api/v1/programmes``). They read the query string (all optional, codes not
ids), render as the lists' filter forms, and turn into the selectors' keyword arguments
(``selector_kwargs``), so the pages keep their addresses and remembered filters and the API answers
the same rows for the same parameters (an invalid parameter: shown on the page, 400 in the API).

Strategy filters are generic: a node at any level (a theme, a result area, an expected result) matches
everything linked to the results below it; the page's drop-downs offer the nodes of their own level,
labelled with the period's level names. Without ``period``, a code is looked up in the latest period
that has it.
"""
import functools

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mandates.core.fast_select import share_choices, speed_up
from mandates.core.kept_rows import query_key
from mandates.core.params import FilterSet as BoundedFilterSet
from mandates.core.shared_figures import kept
from mandates.core.suggest import TypeAhead
from mandates.geography.forms import PlaceChoiceField
from mandates.geography.models import Country
from mandates.organisation.models import WorkUnit
from mandates.people import permissions
from mandates.strategy.models import StrategyNode, StrategyPeriod

from . import selectors
from .models import Programme, Project


class ShownChoices(ModelChoiceIterator):
    """The drop-down lists ``field.shown`` (one level); validation accepts the whole ``field.queryset``."""

    def __init__(self, field):
        super().__init__(field)
        if getattr(field, "shown", None) is not None:
            self.queryset = field.shown


class NodeChoice(forms.ModelChoiceField):
    iterator = ShownChoices

    def __init__(self, *args, shown=None, **kwargs):
        self.shown = shown
        super().__init__(*args, **kwargs)

    def label_from_instance(self, node):
        return f"{node.code} {node.short_title}"


class AreaChoice(PlaceChoiceField):
    def label_from_instance(self, area):
        return f"{area.local_name} ({area.m49_code})"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return "\u2003" * (unit.depth - 1) + unit.name


class NodeFilter(django_filters.ModelChoiceFilter):
    field_class = NodeChoice


class AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoice


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = PlaceChoiceField


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoice


def _sql(queryset) -> str:
    return "" if queryset is None else query_key(queryset)


@functools.cache
def _declared_sql(filterset_class) -> dict:
    """The SQL of the choices of each filter declared with a queryset on the class (``kept_parts``), once per
    process: those querysets are the class's, not the request's (the others are in ``own_choices``)."""
    return {name: (_sql(f.queryset), "") for name, f in filterset_class.base_filters.items()
            if getattr(f, "queryset", None) is not None and name not in filterset_class.node_fields}


def _working_period():
    """The period the strategy filters offer by default, read once per data version for every list and API list
    (``core.shared_figures``: a query with a subquery on each otherwise)."""
    return kept(("portfolio.working_period",), selectors.working_period)


def _keep(queryset, name, value: str):
    return queryset  # every filter is applied at once by the portfolio's selector


class BaseFilterSet(BoundedFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method=_keep,
                                  widget=forms.TextInput(attrs={"type": "search"}))
    period = django_filters.ModelChoiceFilter(
        queryset=StrategyPeriod.objects.order_by("-start_year"), to_field_name="code", method=_keep,
        empty_label=_("All periods"), label=_("Strategy period"))
    region = AreaFilter(queryset=selectors.filter_areas(), to_field_name="m49_code", method=_keep,
                        empty_label=_("All regions"), label=_("Region"))
    country = CountryFilter(queryset=Country.objects.order_by("name"), to_field_name="iso3",
                            method=_keep, empty_label=_("All countries"), label=_("Country"))
    # Work units and programmes grow with the office: typed, with suggestions (core.suggest), not listed.
    unit = UnitFilter(queryset=WorkUnit.objects.order_by("path"), to_field_name="code", method=_keep,
                      empty_label=_("All work units"), label=_("Work unit"),
                      widget=TypeAhead("work-units", attrs={"placeholder": _("All work units")}))

    # Declared here so that the API schema lists them; each is narrowed to the period in ``__init__``.
    theme = NodeFilter(queryset=StrategyNode.objects.none(), to_field_name="code", method=_keep,
                       label=_("Strategy node code (any level)"))
    result_area = NodeFilter(queryset=StrategyNode.objects.none(), to_field_name="code", method=_keep,
                             label=_("Strategy node code (any level)"))
    result = NodeFilter(queryset=StrategyNode.objects.none(), to_field_name="code", method=_keep,
                        label=_("Strategy node code: matches it and every result below"))

    node_fields = ("theme", "result_area", "result")
    extra_fields: tuple[str, ...] = ()
    field_order: list[str] = []
    selector = None  # the portfolio selector that applies every filter at once

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        self.user = user if user is not None else getattr(request, "user", None)
        super().__init__(data, queryset=queryset if queryset is not None else self._meta.model.objects.none(),
                         request=request, prefix=prefix)
        self.node_period = self._period_for_nodes()
        self._add_node_filters()
        order = [name for name in self.field_order if name in self.filters]
        self.filters = {name: self.filters[name] for name in order + [n for n in self.filters if n not in order]}

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_fast_selects", False):
            speed_up(form)  # the same <select>s, options written in Python (core/fast_select.py)
            share_choices(form)  # and their choices computed once per data version for everyone
            form._fast_selects = True
            form.kept_parts = self.kept_parts
        return form

    def kept_parts(self) -> tuple:
        """What the filter form's HTML depends on besides the language and the data version (``filter_fields``):
        the filter set, the query string's values of its fields, and each field's choices as SQL — the period
        of the strategy filters and the programmes the person may see included, so that the form's options and
        its errors (a value that is not among the choices) are the same for everyone with the same key."""
        form, declared = self.form, _declared_sql(type(self))
        parts = [type(self).__module__, type(self).__qualname__, form.prefix or "", self.is_bound]
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            values = tuple(self.data.getlist(key)) if hasattr(self.data, "getlist") else (self.data.get(key),)
            if name in self.own_choices or name not in declared:
                choices = (_sql(getattr(field, "queryset", None)), _sql(getattr(field, "shown", None)))
            else:  # the class's own queryset, the same for every request: its SQL written once per process
                choices = declared[name]
            parts.append((name, type(field).__name__, choices, values))
        return tuple(parts)

    def _period_for_nodes(self):
        if self.is_bound and self.data.get("period"):
            return StrategyPeriod.objects.filter(code=self.data["period"]).first() or _working_period()
        if self.is_bound:  # e.g. ?result=1.2.1 from a link: the latest period that has such a node
            wanted = [self.data[name] for name in self.node_fields if self.data.get(name)]
            if wanted:
                found = StrategyPeriod.objects.filter(nodes__track="results", nodes__code__in=wanted) \
                    .order_by("-start_year").first()
                if found:
                    return found
        return _working_period()

    def _add_node_filters(self):
        period = self.node_period
        self.own_choices = set(self.node_fields)  # the filters whose choices this request sets (not the class)
        for name in self.node_fields:
            del self.filters[name]
        if period is None:
            return
        levels = {"theme": 0, "result_area": 1, "result": period.result_level}
        used = set()
        for name in self.node_fields:
            level = levels[name]
            if level in used or level > period.result_level:
                continue
            used.add(level)
            self.filters[name] = NodeFilter(
                field_name=name, queryset=StrategyNode.objects.filter(period=period, track="results"),
                shown=selectors.level_nodes(period, level), to_field_name="code", method=_keep,
                empty_label=_("All (%(period)s)") % {"period": period.code},
                # the period's own level name; the usual ones (Theme, Result area, Expected result) in the reader's language
                label=gettext(period.level_names[level].capitalize()))

    def filter_queryset(self, queryset):
        """The API's list: every valid filter applied at once by the portfolio's selector."""
        return type(self).selector(queryset, **self.selector_kwargs())

    def selector_kwargs(self) -> dict:
        """The selector's keyword arguments from the valid parameters (invalid ones are ignored and shown)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        data = self.form.cleaned_data
        out = {"search": data.get("q") or "", "period": data.get("period"), "region": data.get("region"),
               "country": data.get("country"), "unit": data.get("unit")}
        for name in self.node_fields:
            out[name] = data.get(name)
        for name in self.extra_fields:
            out[name] = data.get(name) if data.get(name) not in (None, "") else self.empty_value(name)
        return out

    @staticmethod
    def empty_value(name):
        return "" if name in ("status", "kind") else None

    @property
    def active(self) -> bool:
        return self.is_bound and any(v for k, v in self.data.items() if k != "page")


class ProjectFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=Project.Status.choices, method=_keep, empty_label=_("Any status"),
                                         label=_("Status"))
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.none(), to_field_name="code",
                                                 method=_keep, empty_label=_("All programmes"), label=_("Programme"),
                                                 widget=TypeAhead("programmes", attrs={"placeholder": _("All programmes")}))
    ending = django_filters.NumberFilter(method=_keep, label=_("Ending within (days)"), min_value=1, max_value=3650,
                                         help_text=_("Running projects whose end date falls within this many days"))

    extra_fields = ("status", "programme", "ending")
    selector = staticmethod(selectors.filter_projects)
    field_order = ["q", "status", "programme", "period", "theme", "result_area", "result", "region", "country",
                   "unit", "ending"]

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix, user=user)
        self.filters["programme"].queryset = permissions.visible(self.user, Programme.objects.all()).order_by("code")
        self.own_choices.add("programme")

    def selector_kwargs(self) -> dict:
        out = super().selector_kwargs()
        if out.get("ending") is not None:
            out["ending"] = int(out["ending"])
        return out


class ProgrammeFilterSet(BaseFilterSet):
    status = django_filters.ChoiceFilter(choices=Programme.Status.choices, method=_keep, empty_label=_("Any status"),
                                         label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, method=_keep, empty_label=_("All kinds"),
                                       label=_("Kind"))

    extra_fields = ("status", "kind")
    selector = staticmethod(selectors.filter_programmes)
    field_order = ["q", "kind", "status", "period", "theme", "result_area", "result", "region", "country", "unit"]

    class Meta:
        model = Programme
        fields: list[str] = []
