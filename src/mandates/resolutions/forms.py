from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from mandates.core.forms import DateWidget
from mandates.core.locking import VersionedFormMixin

from . import reference
from .models import Obligation, Paragraph, Resolution
from .readers import MAX_UPLOAD_BYTES

DATE = forms.DateInput(attrs=DateWidget.attrs(), format="%Y-%m-%d")


class ImportForm(forms.Form):
    file = forms.FileField(
        required=False, label=_("Text of the resolution"),
        help_text=_("Plain text (.txt, any encoding), Markdown (.md), Word (.docx) or PDF with a text layer; "
                    "at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,.markdown,.docx,.pdf,text/plain,application/pdf"}),
    )
    text = forms.CharField(required=False, label=_("…or paste the text"), widget=forms.Textarea(attrs={"rows": 8}))
    symbol = forms.CharField(label=_("Symbol"), max_length=60, required=False,
                             help_text=_("e.g. A/RES/64/179, E/RES/2009/23. Leave empty when the text prints it."))
    body = forms.ChoiceField(label=_("Governing body"), required=False,
                             choices=lambda: [("", _("As the text says"))] + reference.body_choices(),
                             help_text=_("Leave it when the text names the body (“The General Assembly,”)."))
    date = forms.DateField(label=_("Date of adoption"), widget=DATE, required=False,
                           help_text=_("Leave empty when the text gives it (“1416th plenary meeting, 4 March "
                                       "1966”)."))
    title = forms.CharField(label=_("Title"), max_length=500, required=False,
                            help_text=_("Leave empty to take it from the text."))
    replace = forms.BooleanField(required=False, label=_("Replace the resolution if it is already imported"),
                                 help_text=_("Its corrections, obligations' answers and confirmed links are lost."))

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            self.add_error("file", _("Choose a file or paste the text."))
        upload = data.get("file")
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("The file is %(size)s; the limit is %(limit)s.") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)})
        return data

    def source(self):
        return self.cleaned_data.get("file") or self.cleaned_data["text"]


class DraftDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500, widget=forms.TextInput(attrs={"size": 60}))
    symbol = forms.CharField(label=_("Symbol"), max_length=60)
    body = forms.ChoiceField(label=_("Governing body"), choices=reference.body_choices)
    date = forms.DateField(label=_("Date of adoption"), widget=DATE)


class DraftSplitForm(forms.Form):
    at = forms.CharField(label=_("The new paragraph starts with these words"), max_length=500)


class DraftParagraphForm(forms.Form):
    verb = forms.CharField(label=_("Opening verb"), max_length=80, required=False)
    addressee_category = forms.ChoiceField(label=_("Addressed to"),
                                           choices=lambda: reference.addressee_categories() + [("none", _("No addressee"))])
    addressee = forms.CharField(label=_("Addressee (as written)"), max_length=500, required=False)


class DraftObligationForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline (date)"), required=False, widget=DATE)
    recipient_body = forms.ChoiceField(label=_("Report or answer to"), required=False,
                                       choices=lambda: [("", "—")] + reference.body_choices())
    recipient = forms.CharField(label=_("Recipient (as written)"), max_length=300, required=False)


class ResolutionForm(VersionedFormMixin, forms.ModelForm):
    body = forms.ChoiceField(label=_("Governing body"), choices=reference.body_choices)

    class Meta:
        model = Resolution
        fields = ["symbol", "kind", "body", "date", "title", "session"]
        widgets = {"date": DATE, "title": forms.TextInput(attrs={"size": 80})}


class ParagraphForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Paragraph
        fields = ["kind", "number", "verb", "addressee_category", "addressee", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 8})}
        labels = {"addressee_category": "Addressed to", "addressee": "Addressee (as written)"}


class SplitForm(forms.Form):
    at = forms.CharField(label=_("The new paragraph starts with these words"), max_length=500,
                         help_text=_("Copy the first words of the second part exactly as they are in the text."))
    number = forms.IntegerField(required=False, min_value=1, label=_("Number of the new paragraph"),
                                help_text=_("Operative paragraphs only; empty: the next number."))


class ObligationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["kind", "actor", "recipient_body", "recipient", "deadline_text", "deadline", "deadline_precision",
                  "recurrence", "recurrence_months", "status",
                  "report_symbol", "report_title", "report_date", "report_section", "programmes", "projects",
                  "notes"]
        widgets = {"deadline": DATE, "report_date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"status": "Status", "deadline_text": "Deadline (as written)", "deadline": "Deadline (date)"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from mandates.people import permissions
        from mandates.portfolio.models import Programme, Project

        self.fields["programmes"].queryset = permissions.visible(user, Programme.objects.order_by("code"))
        self.fields["projects"].queryset = permissions.visible(user, Project.objects.order_by("code"))
        self.fields["programmes"].help_text = _("Programmes that answer this request")
        self.fields["projects"].help_text = _("Projects that answer this request")


class LinkForm(forms.Form):
    result = forms.ModelChoiceField(queryset=None, label=_("Expected result"))

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        from mandates.strategy.models import StrategyNode

        qs = StrategyNode.objects.none()
        if period is not None:
            qs = StrategyNode.objects.filter(period=period, track="results", level=period.result_level).order_by(
                "sort_key")
        self.fields["result"].queryset = qs
        self.fields["result"].label_from_instance = lambda node: f"{node.code} {node.short_title}"
