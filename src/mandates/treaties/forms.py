from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandates.core.forms import DateWidget
from mandates.core.locking import VersionedFormMixin

from .models import Instrument

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DateForm(forms.Form):
    """The date a status is read at (default today)."""

    as_of = forms.DateField(label=_("Status as at"), required=False, widget=forms.DateInput(attrs=DateWidget.attrs()),
                            help_text=_("Leave empty for today"))

    def as_of_date(self):
        if self.is_valid() and self.cleaned_data.get("as_of"):
            return self.cleaned_data["as_of"]
        return timezone.localdate()


class AsOfForm(DateForm):
    """... and whether the European Union and other regional economic integration organizations are counted."""

    include_rei = forms.BooleanField(
        label=_("Count regional economic integration organizations (the European Union)"), required=False,
    )

    def include_rei_value(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("include_rei"))


class StatusTableForm(AsOfForm):
    group = forms.ChoiceField(label=_("Group"), required=False, choices=[("", _("All groups")), *Instrument.Group.choices])
    instruments = forms.ModelMultipleChoiceField(
        label=_("Instruments"), required=False, queryset=Instrument.objects.none(),
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every instrument of the group"),
    )

    def __init__(self, *args, instrument_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instruments"].queryset = instrument_queryset if instrument_queryset is not None else Instrument.objects.all()
        self.fields["instruments"].to_field_name = "code"


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs=DateWidget.attrs()))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs=DateWidget.attrs()))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Status file (CSV)"),
        help_text=_("A UN Treaty Collection status file (Participant, Signature, Ratification …) or the long CSV "
                  "(mtdsg_no, participant, signature_date, consent_date, consent_type)."),
    )
    instrument = forms.CharField(
        label=_("Instrument code"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"list": "instrument-codes", "autocomplete": "off"}),
        help_text=_("e.g. XVIII-12. May be left empty for a long CSV, or for a UNTC file named like 18-12-a.csv."),
    )
    short_name = forms.CharField(label=_("Short name (new instrument only)"), required=False, max_length=200)
    title = forms.CharField(label=_("Full title (new instrument only)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    group = forms.ChoiceField(label=_("Group (new instrument only)"), required=False,
                              choices=[("", "— from the catalogue or the parent instrument —"), *Instrument.Group.choices])
    status_date = forms.DateField(label=_("Status as at"), required=False, widget=forms.DateInput(attrs=DateWidget.attrs()),
                                  help_text=_("The date the file was taken from the UN Treaty Collection, if known"))
    replace = forms.BooleanField(
        label=_("Remove the events this file no longer lists"), required=False,
        help_text=_("The file is the instrument's whole status. Without this, a file that leaves out events the "
                  "instrument has is refused and the events it leaves out are named first."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; a treaty status file is much smaller."))
        return upload


class InstrumentForm(VersionedFormMixin, forms.ModelForm):
    untc_url = forms.URLField(label=_("UN Treaty Collection page"), required=False, assume_scheme="https")

    class Meta:
        model = Instrument
        fields = ["code", "short_name", "title", "group", "parent", "depositary", "adoption_place", "adoption_date",
                  "entry_into_force", "entry_into_force_source", "untc_url", "position"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 3}),
            "adoption_date": forms.DateInput(attrs=DateWidget.attrs()),
            "entry_into_force": forms.DateInput(attrs=DateWidget.attrs()),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = Instrument.objects.exclude(pk=self.instance.pk)


class AssistanceForm(forms.Form):
    projects = forms.ModelMultipleChoiceField(label=_("Projects"), required=False, queryset=None,
                                              widget=forms.SelectMultiple(attrs={"size": 10}))
    activities = forms.ModelMultipleChoiceField(label=_("Activities"), required=False, queryset=None,
                                                widget=forms.SelectMultiple(attrs={"size": 10}))

    def __init__(self, *args, projects, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = projects
        self.fields["activities"].queryset = activities
        self.fields["activities"].label_from_instance = (
            lambda a: f"{a.output.outcome.project.code} · {a.code} {a.title[:90]}"
        )
