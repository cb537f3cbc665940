from django import forms
from django.utils.translation import gettext_lazy as _

from mandates.core.forms import DateWidget
from mandates.core.locking import VersionedFormMixin
from mandates.geography.forms import PlaceChoiceField, sort_places
from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.portfolio.models import Activity, Project
from mandates.strategy.models import StrategyNode

from . import services
from .models import AssistanceRequest


def result_choices():
    """Result areas and expected results of every strategy period, newest period first."""
    nodes = (StrategyNode.objects.filter(track="results").select_related("period")
             .order_by("-period__start_year", "sort_key"))
    return [node for node in nodes if services.result_errors([node]) is None]


class ResultChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, node):
        return f"{node.period.code} · {node.code} {node.short_title}"


class RequestForm(VersionedFormMixin, forms.ModelForm):
    results = ResultChoiceField(
        queryset=StrategyNode.objects.none(), required=False, label=_("Result areas and expected results"),
        help_text=_("Hold Ctrl (Cmd on a Mac) to choose several."),
    )

    class Meta:
        model = AssistanceRequest
        fields = ["requesting_state", "received_on", "channel", "state_reference", "reference", "subject",
                  "description", "results", "urgency"]
        widgets = {
            "received_on": forms.DateInput(attrs=DateWidget.attrs(), format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference"].required = False
        sort_places(self, "requesting_state")
        nodes = result_choices()
        self.fields["results"].queryset = StrategyNode.objects.filter(
            pk__in=[n.pk for n in nodes]).select_related("period").order_by("-period__start_year", "sort_key")

    def clean_received_on(self):
        value = self.cleaned_data.get("received_on")
        message = services.received_on_error(value)
        if message:
            raise forms.ValidationError(message)
        return value


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, project):
        return f"{project.code} {project.title}"[:120]


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        return f"{activity.output.outcome.project.code} · {activity.code} {activity.title}"[:120]


class TransitionForm(forms.Form):
    """The fields one transition asks for (``services.TRANSITION_FIELDS``) and a comment."""

    def __init__(self, name: str, *args, **kwargs):
        kwargs.setdefault("prefix", name)
        super().__init__(*args, **kwargs)
        self.transition = name
        wanted = services.TRANSITION_FIELDS.get(name, ())
        if "assigned_unit" in wanted:
            self.fields["assigned_unit"] = forms.ModelChoiceField(
                queryset=WorkUnit.objects.order_by("path"), label=_("Work unit"),
                error_messages={"required": "Choose the work unit that will handle the request."},
            )
        if "responded_on" in wanted:
            self.fields["responded_on"] = forms.DateField(
                label=_("Date of response"), required=False, initial=services.today,
                widget=forms.DateInput(attrs=DateWidget.attrs(), format="%Y-%m-%d"),
                help_text=_("Left empty: today."),
            )
        if "project" in wanted:
            self.fields["project"] = ProjectChoiceField(
                queryset=Project.objects.order_by("code"), required=False, label=_("Linked project"),
                help_text=_("The project, or the activity below, that delivers the assistance."),
            )
        if "activity" in wanted:
            self.fields["activity"] = ActivityChoiceField(
                queryset=Activity.objects.select_related("output__outcome__project")
                .order_by("output__outcome__project__code", "code"),
                required=False, label=_("Linked activity"),
            )
        if "decline_reason" in wanted:
            self.fields["decline_reason"] = forms.CharField(
                label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": "Say why the request is declined."},
            )
        if "partner" in wanted:
            self.fields["partner"] = forms.ModelChoiceField(
                queryset=Partner.objects.order_by("name"), label=_("Partner"),
                error_messages={"required": "Choose the partner the request is referred to."},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Shown in the status timeline."),
        )


class FilterForm(forms.Form):
    """The register's filters; a value that does not exist is ignored with a message, never a crash."""

    q = forms.CharField(label=_("Text"), required=False)
    state = PlaceChoiceField(queryset=Country.objects.order_by("name"), required=False,
                             label=_("Requesting State"), to_field_name="iso3", empty_label=_("All States"))
    region = PlaceChoiceField(queryset=Area.objects.exclude(level="world").order_by("level", "name"),
                              required=False, label=_("Region"), to_field_name="m49_code",
                              empty_label=_("All regions"))
    status = forms.ChoiceField(choices=[("", _("All statuses")), *AssistanceRequest.Status.choices], required=False)
    urgency = forms.ChoiceField(choices=[("", _("Any urgency")), *AssistanceRequest.Urgency.choices], required=False)
    unit = forms.ModelChoiceField(queryset=WorkUnit.objects.order_by("path"), required=False,
                                  label=_("Work unit (and units below)"), to_field_name="code",
                                  empty_label=_("All work units"))
    result = forms.ModelChoiceField(queryset=StrategyNode.objects.filter(track="results")
                                    .select_related("period").order_by("-period__start_year", "sort_key"),
                                    required=False, label=_("Result area or expected result"), empty_label=_("All results"))
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100, label=_("Year received"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].label_from_instance = lambda n: f"{n.code} {n.short_title}"[:100]

    def filters(self):
        from .selectors import RequestFilters

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():  # keep the valid part
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return RequestFilters(
            state=data.get("state"), region=data.get("region"), status=data.get("status") or "",
            urgency=data.get("urgency") or "", unit=data.get("unit"), result=data.get("result"),
            year=data.get("year"), q=(data.get("q") or "").strip(),
        )
