"""Forms of the results pages. They only shape input; the services validate and save."""
from django import forms
from django.utils.translation import gettext_lazy as _

from mandates.core.locking import VersionedFormMixin
from mandates.geography.forms import sort_places
from mandates.geography.models import Area, Country

from . import dimensions
from .models import Delivery, Indicator, IndicatorValue

COUNTRY_ROWS = 6
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    disaggregate_by = forms.MultipleChoiceField(
        label=_("Disaggregated by"), required=False, widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Dimensions of the breakdown (Ctrl-click to choose several)"),
    )
    start_year = forms.IntegerField(required=False, min_value=1945, max_value=2100,
                                    help_text=_("Left empty: the first year of the project or strategy period"))
    end_year = forms.IntegerField(required=False, min_value=1945, max_value=2100)

    class Meta:
        model = Indicator
        fields = ["code", "title", "definition", "kind", "unit", "currency", "allow_above_100", "aggregation",
                  "actual_source", "baseline_value", "baseline_text", "baseline_date", "start_year", "end_year",
                  "disaggregate_by", "disaggregation_must_add_up", "source", "means_of_verification"]
        widgets = {"baseline_date": DATE, "definition": forms.Textarea(attrs={"rows": 3}),
                   "source": forms.Textarea(attrs={"rows": 2}),
                   "means_of_verification": forms.Textarea(attrs={"rows": 2}),
                   "baseline_text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, measured=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disaggregate_by"].choices = dimensions.choices()
        self.fields["aggregation"].label = "Over time"
        for name in ("allow_above_100", "disaggregation_must_add_up"):  # a checkbox's label says it all
            self.fields[name].help_text = ""
        if self.instance.pk:
            self.initial["disaggregate_by"] = self.instance.disaggregate_by
        if measured is not None and measured.project is None:  # expected result: reported values only
            self.fields["actual_source"].choices = [c for c in Indicator.ActualSource.choices if c[0] == "reported"]


class TargetsForm(VersionedFormMixin, forms.Form):
    """One target per year of the indicator's range."""

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        current = {t.year: t for t in indicator.targets.all()}
        for year in indicator.years:
            t = current.get(year)
            if indicator.is_quantitative:
                self.fields[f"y{year}"] = forms.DecimalField(
                    label=f"Target {year}", required=False, max_digits=16, decimal_places=2,
                    initial=t.value if t else None, help_text=indicator.unit_label)
            else:
                self.fields[f"y{year}"] = forms.CharField(label=f"Target {year}", required=False,
                                                          initial=t.text if t else "")

    def targets(self) -> dict:
        return {year: self.cleaned_data.get(f"y{year}") for year in self.indicator.years}


class BreakdownMixin:
    """Adds one number field per category of the chosen dimensions (and country rows)."""

    def add_breakdown_fields(self, dims, existing: dict, *, integer: bool):
        self.breakdown_dims = []
        field_class = forms.IntegerField if integer else forms.DecimalField
        extra = {} if integer else {"max_digits": 16, "decimal_places": 2}
        known = dimensions.dimensions()
        for code in dims:
            dim = known[code]
            names = []
            if dim.uses_countries:
                given = [(c, a) for (d, c), a in existing.items() if d == code]
                countries = [("", "—")] + list(Country.objects.values_list("iso3", "name"))
                for i in range(max(COUNTRY_ROWS, len(given) + 2)):
                    cat, amount = given[i] if i < len(given) else ("", None)
                    self.fields[f"dis__{code}__row{i}"] = forms.ChoiceField(
                        label=f"{dim.name} {i + 1}", choices=countries, required=False, initial=cat)
                    self.fields[f"dis__{code}__row{i}__n"] = field_class(
                        label=f"Number, {dim.name.lower()} {i + 1}", required=False, min_value=0, initial=amount,
                        **extra)
                    names.append((f"dis__{code}__row{i}", f"dis__{code}__row{i}__n"))
            else:
                for cat, label in dim.categories:
                    name = f"dis__{code}__{cat}"
                    self.fields[name] = field_class(label=label, required=False, min_value=0,
                                                    initial=existing.get((code, cat)), **extra)
                    names.append((None, name))
            self.breakdown_dims.append({"code": code, "name": dim.name, "fields": names,
                                        "uses_countries": dim.uses_countries})

    def breakdown_rows(self) -> list[tuple]:
        rows = []
        for dim in self.breakdown_dims:
            for cat_field, amount_field in dim["fields"]:
                amount = self.cleaned_data.get(amount_field)
                if amount in (None, ""):
                    continue
                if cat_field is None:
                    category = amount_field.split("__", 2)[2]
                else:
                    category = self.cleaned_data.get(cat_field)
                    if not category:
                        self.add_error(cat_field, "Choose the country for this number.")
                        continue
                rows.append((dim["code"], category, amount))
        return rows

    def breakdown_groups(self):
        """For the template: per dimension, its bound fields (country rows as pairs)."""
        groups = []
        for dim in self.breakdown_dims:
            pairs = [(self[c] if c else None, self[a]) for c, a in dim["fields"]]
            groups.append({"name": dim["name"], "uses_countries": dim["uses_countries"], "pairs": pairs})
        return groups


class ValueForm(VersionedFormMixin, BreakdownMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Period (year)"), coerce=int)
    value = forms.DecimalField(label=_("Actual value"), required=False, max_digits=16, decimal_places=2)
    text = forms.CharField(label=_("What was achieved"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.ChoiceField(label=_("Rating"), required=False, choices=[("", "—")] + IndicatorValue.Rating.choices)
    note = forms.CharField(label=_("Source and caveats"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, indicator: Indicator, value: IndicatorValue | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in indicator.years]
        if indicator.is_quantitative:
            del self.fields["text"], self.fields["rating"]
            self.fields["value"].help_text = indicator.unit_label
        else:
            del self.fields["value"]
        existing = {}
        if value is not None:
            self.initial.update({"year": value.year, "value": value.value, "text": value.text,
                                 "rating": value.rating, "note": value.note})
            existing = {(r.dimension, r.category): r.amount for r in value.breakdown.all()}
            self.fields["year"].disabled = True
        self.add_breakdown_fields(indicator.disaggregate_by if indicator.is_quantitative else [], existing,
                                  integer=False)


class DeliveryForm(VersionedFormMixin, BreakdownMixin, forms.ModelForm):
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Counts towards the indicators"),
        help_text=_("Output indicators of this project whose actual values follow from deliveries"),
    )
    count_for_output = forms.BooleanField(
        required=False, initial=True, label=_("Counts towards its output's indicators"),
        help_text=_("A new delivery recorded under an output counts towards that output's indicators that follow "
                    "deliveries, in addition to any ticked above. Untick only if it should not."),
    )

    class Meta:
        model = Delivery
        fields = ["kind", "publication_type", "title", "description", "output", "activity", "start_date", "end_date",
                  "place", "country", "area", "participants"]
        widgets = {"start_date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, project, indicator_choices, **kwargs):
        super().__init__(*args, **kwargs)
        from mandates.portfolio.models import Activity, Output

        self.fields["output"].queryset = Output.objects.filter(outcome__project=project).select_related("outcome")
        self.fields["activity"].queryset = Activity.objects.filter(output__outcome__project=project).select_related(
            "output")
        self.fields["area"].queryset = Area.objects.filter(level__in=["world", "region", "sub_region", "intermediate"])
        sort_places(self, "area", "country")
        self.fields["area"].label = "Region (or the world)"
        self.fields["end_date"].required = False
        self.fields["indicators"].queryset = indicator_choices
        existing = {}
        if self.instance.pk:
            del self.fields["count_for_output"]  # an existing delivery's links are edited in the list above
            self.initial["indicators"] = list(self.instance.indicators.values_list("pk", flat=True))
            existing = {(r.dimension, r.category): r.count for r in self.instance.participant_rows.all()}
        self.add_breakdown_fields(list(dimensions.dimensions()), existing, integer=True)
