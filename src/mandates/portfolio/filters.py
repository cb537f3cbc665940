"""Filter forms of the programme and project lists (GET parameters, all optional, codes not ids).

Strategy filters are generic: a node at any level (a theme, a result area, an expected result) matches
everything linked to the results below it. Their labels are the period's own level names.
"""
from django import forms

from mandates.core.suggest import TypeAhead
from mandates.geography.models import Country
from mandates.organisation.models import WorkUnit
from mandates.people import permissions
from mandates.strategy.models import StrategyPeriod

from . import selectors
from .models import Programme, Project


class NodeChoice(forms.ModelChoiceField):
    def label_from_instance(self, node):
        return f"{node.code} {node.short_title}"


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, area):
        return f"{area.name} ({area.m49_code})"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return "\u2003" * (unit.depth - 1) + unit.name


class BaseFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", widget=forms.TextInput(attrs={"type": "search"}))
    period = forms.ModelChoiceField(queryset=StrategyPeriod.objects.order_by("-start_year"), to_field_name="code",
                                    required=False, empty_label="All periods", label="Strategy period")
    region = AreaChoice(queryset=selectors.filter_areas(), to_field_name="m49_code", required=False,
                        empty_label="All regions", label="Region")
    country = forms.ModelChoiceField(queryset=Country.objects.order_by("name"), to_field_name="iso3",
                                     required=False, empty_label="All countries")
    # Work units and programmes grow with the office: typed, with suggestions (core.suggest), not listed.
    unit = UnitChoice(queryset=WorkUnit.objects.order_by("path"), to_field_name="code", required=False,
                      empty_label="All work units", label="Work unit",
                      widget=TypeAhead("work-units", attrs={"placeholder": "All work units"}))

    node_fields = ("theme", "result_area", "result")

    def __init__(self, data=None, *, user=None):
        super().__init__(data or None)
        self.user = user
        period = None
        if self.is_bound and self.data.get("period"):
            period = StrategyPeriod.objects.filter(code=self.data["period"]).first()
        elif self.is_bound:  # e.g. ?result=1.2.1 from a link: the latest period that has such a node
            wanted = [self.data[name] for name in self.node_fields if self.data.get(name)]
            if wanted:
                period = StrategyPeriod.objects.filter(nodes__track="results", nodes__code__in=wanted) \
                    .order_by("-start_year").first()
        self.node_period = period or selectors.working_period()
        self._add_node_fields()

    def _add_node_fields(self):
        period = self.node_period
        if period is None:
            return
        levels = {"theme": 0, "result_area": 1, "result": period.result_level}
        used = set()
        for name in self.node_fields:
            level = levels[name]
            if level in used or level > period.result_level:
                continue
            used.add(level)
            label = period.level_names[level].capitalize()
            self.fields[name] = NodeChoice(
                queryset=selectors.level_nodes(period, level), to_field_name="code", required=False,
                empty_label=f"All ({period.code})", label=label,
            )

    def filters(self) -> dict:
        """Selector keyword arguments from the valid parameters (invalid ones are ignored and shown)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        out = {"search": data.get("q", ""), "period": data.get("period"), "region": data.get("region"),
               "country": data.get("country"), "unit": data.get("unit")}
        for name in self.node_fields:
            out[name] = data.get(name)
        return out

    @property
    def active(self) -> bool:
        return self.is_bound and any(v for k, v in self.data.items() if k != "page")


class ProjectFilterForm(BaseFilterForm):
    status = forms.ChoiceField(choices=[("", "Any status")] + Project.Status.choices, required=False)
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), to_field_name="code", required=False,
                                       empty_label="All programmes",
                                       widget=TypeAhead("programmes", attrs={"placeholder": "All programmes"}))

    field_order = ["q", "status", "programme", "period", "theme", "result_area", "result", "region", "country",
                   "unit"]

    def __init__(self, data=None, *, user=None):
        super().__init__(data, user=user)
        self.fields["programme"].queryset = permissions.visible(user, Programme.objects.all()).order_by("code")
        self.order_fields(self.field_order)

    def filters(self) -> dict:
        out = super().filters()
        if out:
            out["status"] = self.cleaned_data.get("status", "")
            out["programme"] = self.cleaned_data.get("programme")
        return out


class ProgrammeFilterForm(BaseFilterForm):
    status = forms.ChoiceField(choices=[("", "Any status")] + Programme.Status.choices, required=False)
    kind = forms.ChoiceField(choices=[("", "All kinds")] + Programme.Kind.choices, required=False)

    field_order = ["q", "kind", "status", "period", "theme", "result_area", "result", "region", "country", "unit"]

    def __init__(self, data=None, *, user=None):
        super().__init__(data, user=user)
        self.order_fields(self.field_order)

    def filters(self) -> dict:
        out = super().filters()
        if out:
            out["status"] = self.cleaned_data.get("status", "")
            out["kind"] = self.cleaned_data.get("kind", "")
        return out
