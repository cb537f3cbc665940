"""Forms of the portfolio pages. They shape input; the services decide what is valid."""
from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from mandates.core.forms import DateRangeMixin
from mandates.core.locking import VersionedFormMixin
from mandates.core.suggest import TypeAhead
from mandates.geography.forms import PlaceChoiceField, PlaceMultipleChoiceField, sort_places
from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.strategy.models import StrategyNode, StrategyPeriod

from . import selectors
from .models import Programme, ProgrammeComponent, ProgrammeConsultation, Project, ProjectPartner
from .validation import currencies, currencies_with_rate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def areas_world_first():
    """M49 areas for select boxes: the world, then regions, sub-regions, intermediate regions, by name."""
    rank = Case(When(level=Area.Level.WORLD, then=Value(0)), When(level=Area.Level.REGION, then=Value(1)),
                When(level=Area.Level.SUB_REGION, then=Value(2)), default=Value(3), output_field=IntegerField())
    return Area.objects.annotate(rank=rank).order_by("rank", "name")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return "\u2003" * (unit.depth - 1) + f"{unit.name} ({unit.code})"


class ResultsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, node):
        return f"{node.code} {node.short_title}"


class AreaField(PlaceMultipleChoiceField):
    def label_from_instance(self, area):
        return _("Global (the world)") if area.level == Area.Level.WORLD else f"{area.local_name} ({area.get_level_display().lower()})"


def _period_of(form, instance, field="strategy_period"):
    """The strategy period the form is about: the submitted one, the object's, or the latest."""
    value = form.data.get(form.add_prefix(field)) if form.is_bound else form.initial.get(field)
    if value:
        period = StrategyPeriod.objects.filter(pk=value).first() if str(value).isdigit() else None
        if period:
            return period
    if instance is not None and getattr(instance, "strategy_period_id", None):
        return instance.strategy_period
    return selectors.latest_period()


def refresh_results_on_period_change(form, url: str | None) -> None:
    """With JavaScript, choosing another strategy period reloads the results box (htmx); without it, saving does."""
    if url:
        form.fields["strategy_period"].widget.attrs.update({
            "hx-get": url, "hx-trigger": "change", "hx-target": "#id_results", "hx-select": "#id_results",
            "hx-swap": "outerHTML", "aria-controls": "id_results", "hx-include": "#id_results",
        })


def limit_results(field: forms.ModelMultipleChoiceField, period) -> None:
    """Offer only the period's expected results, grouped under their parent (e.g. result area)."""
    nodes = list(selectors.result_nodes(period))
    field.queryset = selectors.result_nodes(period)
    groups: dict = {}
    for node in nodes:
        parent = node.parent
        label = f"{parent.code} {parent.short_title}" if parent else period.level_names[-1].capitalize()
        groups.setdefault(label, []).append((node.pk, field.label_from_instance(node)))
    field.widget.choices = list(groups.items())
    field.help_text = f"Expected results of the strategy {period.code}." if period else "No strategy period yet."


class ProgrammeForm(VersionedFormMixin, DateRangeMixin, forms.ModelForm):
    lead_unit = UnitChoiceField(queryset=WorkUnit.objects.none(), label=_("Lead work unit"))
    results = ResultsField(queryset=StrategyNode.objects.none(), required=False, label=_("Expected results"))
    areas = AreaField(queryset=areas_world_first(), required=False, label=_("Regions"),
                      help_text=_("M49 regions covered; choose the world for a global programme."))

    class Meta:
        model = Programme
        fields = ["code", "title", "kind", "summary", "strategy_period", "start_date", "end_date", "lead_unit",
                  "countries", "areas", "results", "is_public"]
        widgets = {"start_date": DATE, "end_date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, refresh_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        action = "change" if instance else "add"
        self.fields["lead_unit"].queryset = selectors.lead_unit_choices(user, "programme", action)
        self.fields["countries"].queryset = Country.objects.order_by("name")
        sort_places(self, "countries")
        limit_results(self.fields["results"], _period_of(self, instance))
        refresh_results_on_period_change(self, refresh_url)

    def _post_clean(self):  # the service validates and saves; no model validation twice
        pass


class ProjectForm(VersionedFormMixin, DateRangeMixin, forms.ModelForm):
    lead_unit = UnitChoiceField(queryset=WorkUnit.objects.none(), label=_("Lead work unit"))
    results = ResultsField(queryset=StrategyNode.objects.none(), required=False, label=_("Expected results"))
    countries = PlaceMultipleChoiceField(queryset=Country.objects.order_by("name"), required=False,
                                         label=_("Countries"), help_text=_("Where the project works."))
    areas = AreaField(queryset=areas_world_first(), required=False, label=_("Regions"),
                      help_text=_("For regional work; choose the world for a global project."))

    class Meta:
        model = Project
        fields = ["code", "title", "objective", "description", "programme", "component", "strategy_period",
                  "lead_unit", "start_date", "end_date", "results", "countries", "areas", "is_public",
                  "iati_identifier"]
        widgets = {"start_date": DATE, "end_date": DATE, "objective": forms.Textarea(attrs={"rows": 3}),
                   "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"strategy_period": "Leave empty to take the programme's."}

    def __init__(self, *args, user, refresh_url=None, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            initial = kwargs.setdefault("initial", {})
            locations = list(instance.locations.all())
            initial.setdefault("countries", [loc.country_id for loc in locations if loc.country_id])
            initial.setdefault("areas", [loc.area_id for loc in locations if loc.area_id])
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        action = "change" if instance else "add"
        self.fields["lead_unit"].queryset = selectors.lead_unit_choices(user, "project", action)
        self.fields["strategy_period"].required = False
        self.fields["programme"].queryset = Programme.objects.order_by("code")
        self.fields["component"].queryset = ProgrammeComponent.objects.select_related("programme").order_by(
            "programme__code", "code")
        self.fields["component"].label_from_instance = lambda c: f"{c.programme.code} · {c.code} {c.title}"
        limit_results(self.fields["results"], _period_of(self, instance))
        refresh_results_on_period_change(self, refresh_url)
        if instance is None or instance.pk is None:
            self.fields["is_public"].initial = False  # publication follows approval, or is chosen explicitly

    def _post_clean(self):
        pass

    def locations(self, existing=()):
        """Locations for the service, keeping the percentages already recorded."""
        known = {(loc.country_id, loc.area_id): loc.percentage for loc in existing}
        data = self.cleaned_data
        return ([{"country": c, "percentage": known.get((c.pk, None))} for c in data.get("countries", [])]
                + [{"area": a, "percentage": known.get((None, a.pk))} for a in data.get("areas", [])])


class ComponentForm(forms.ModelForm):
    class Meta:
        model = ProgrammeComponent
        fields = ["code", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = ProgrammeConsultation
        fields = ["kind", "date", "place", "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        pass


class PartnerField(forms.ModelChoiceField):
    """A partner typed by its name, with suggestions (``core.suggest``). What people type is taken as well: the name
    in any case, or an acronym only one partner has ("UNICEF" then Enter); anything else is a field error that says
    what to do, with the typed text kept."""

    default_error_messages = {
        "invalid_choice": _("No partner is called “%(value)s”. Type part of its name or acronym and pick it from "
                            "the suggestions."),
        "ambiguous": _("Several partners match “%(value)s”. Pick one from the suggestions."),
    }

    def __init__(self, **kwargs):
        super().__init__(queryset=Partner.objects.all(), to_field_name="name", widget=TypeAhead("partners"), **kwargs)

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        for lookup in ({"name": text}, {"name__iexact": text}, {"acronym__iexact": text}):
            found = list(self.queryset.filter(**lookup)[:2])
            if len(found) == 1:
                return found[0]
            if found:
                raise forms.ValidationError(self.error_messages["ambiguous"], code="ambiguous",
                                            params={"value": text})
        raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                    params={"value": text})


class PartnerRoleForm(forms.Form):
    # typed, with suggestions (core.suggest), not a select of every partner (870 at N=20): the value is the name
    partner = PartnerField(label=_("Partner"))
    role = forms.ChoiceField(choices=ProjectPartner.Role.choices, label=_("Role"))


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    decided_on = forms.DateField(required=False, label=_("Date of the decision"))


class LogframeRowForm(VersionedFormMixin, forms.Form):
    code = forms.CharField(max_length=20)
    title = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    results = ResultsField(queryset=StrategyNode.objects.none(), required=False, label=_("Expected results"))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        limit_results(self.fields["results"], project.strategy_period)


class ActivityForm(VersionedFormMixin, DateRangeMixin, forms.Form):
    code = forms.CharField(max_length=20)
    title = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    country = PlaceChoiceField(queryset=Country.objects.order_by("name"), required=False,
                               help_text=_("Where it takes place: a country ..."))
    area = PlaceChoiceField(queryset=areas_world_first(), required=False, label=_("Region"),
                            help_text=_("... or a region (the world for global activities)."))
    start_date = forms.DateField(required=False, widget=DATE)
    end_date = forms.DateField(required=False, widget=DATE)
    responsible_unit = UnitChoiceField(queryset=WorkUnit.objects.order_by("path"), required=False,
                                       label=_("Responsible work unit"))
    planned_cost = forms.DecimalField(max_digits=16, decimal_places=2, required=False, initial=0)
    currency = forms.ChoiceField(initial="USD")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rated = currencies_with_rate()  # only currencies with a rate of exchange, once the office has rates
        current = self.initial.get("currency") or getattr(getattr(self, "instance", None), "currency", "")
        self.fields["currency"].choices = [(code, f"{code} {name}") for code, name in currencies().items()
                                           if rated is None or code in rated or code == current]
        self.fields["area"].label_from_instance = (
            lambda a: "Global (the world)" if a.level == Area.Level.WORLD else a.name)
