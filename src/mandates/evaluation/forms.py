"""Forms of the evaluation pages; the services validate and save."""
from django import forms
from django.utils.translation import gettext_lazy as _

from mandates.core.locking import VersionedFormMixin
from mandates.geography.forms import PlaceMultipleChoiceField
from mandates.geography.models import Area
from mandates.people.models import User
from mandates.strategy.models import StrategyNode

from .models import ActionItem, Evaluation, Lesson, ManagementResponse, Recommendation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NodeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.period.code} · {obj.code} {obj.short_title}"


def _nodes():
    return StrategyNode.objects.filter(track="results").select_related("period").order_by("-period__start_year",
                                                                                          "sort_key")


def _people():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class EvaluationForm(VersionedFormMixin, forms.ModelForm):
    results = NodeChoice(queryset=StrategyNode.objects.none(), required=False,
                         label=_("Themes, result areas and expected results covered"))
    report_url = forms.URLField(required=False, assume_scheme="https", label=_("Report (address)"))

    class Meta:
        model = Evaluation
        fields = ["title", "subject", "modality", "project", "programme", "results", "responsible_unit",
                  "managed_by", "evaluators", "start_date", "completion_date", "status", "summary", "report_url",
                  "is_public"]
        widgets = {"start_date": DATE, "completion_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].queryset = _nodes()
        self.fields["responsible_unit"].required = False
        self.fields["responsible_unit"].help_text = _("Left empty: the lead unit of the project or programme")
        self.fields["project"].queryset = self.fields["project"].queryset.order_by("code")


class FindingForm(forms.Form):
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 4}))


class RecommendationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "finding", "owner_unit", "owner_person"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = evaluation.findings.all()
        self.fields["owner_person"].queryset = _people()
        self.fields["owner_unit"].help_text = _("A recommendation needs an owner: a work unit or a person (or both).")


class ResponseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ManagementResponse
        fields = ["decision", "reason", "responded_on"]
        widgets = {"responded_on": DATE, "reason": forms.Textarea(attrs={"rows": 3})}


class ActionItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner_unit", "owner_person", "due_date", "status", "progress_note"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 3}),
                   "progress_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, owner_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = _people()
        if owner_only:  # an owner updates progress, not the assignment
            for name in ("description", "owner_unit", "owner_person", "due_date"):
                self.fields[name].disabled = True


class LessonForm(VersionedFormMixin, forms.ModelForm):
    results = NodeChoice(queryset=StrategyNode.objects.none(), required=False,
                         label=_("Themes, result areas or expected results"))
    areas = PlaceMultipleChoiceField(queryset=Area.objects.none(), required=False, label=_("Regions"))

    class Meta:
        model = Lesson
        fields = ["title", "text", "evaluation", "project", "results", "areas", "is_public"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["results"].queryset = _nodes()
        self.fields["areas"].queryset = Area.objects.order_by("level", "name")
        self.fields["results"].help_text = _("Left empty: those of the evaluation and its project")
        self.fields["areas"].help_text = _("Left empty: the regions where the project works")
