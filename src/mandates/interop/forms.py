from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = getattr(settings, "MANDATES_IATI_MAX_UPLOAD", 100 * 1024 * 1024)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("IATI file (XML)"),
                           help_text=_("An IATI 2.01-2.03 activity or organisation file, at most %(mb)d MB.")
                           % {"mb": MAX_UPLOAD // (1024 * 1024)})
    strict = forms.BooleanField(label=_("Refuse activities with codelist or rule errors too"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD // (1024 * 1024)})
        return upload
