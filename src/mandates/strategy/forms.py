from django import forms
from django.utils.translation import gettext_lazy as _

from mandates.core.locking import VersionedFormMixin

from .fileformat import MAX_BYTES


class NodeForm(VersionedFormMixin, forms.Form):
    title = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), help_text=_("The full text, as adopted."), strip=True,
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False,
        help_text=_("Main objectives, notes or the context of this part of the strategy."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Strategy file (YAML or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.csv,text/csv"}),
        help_text="A nested YAML file like the shipped strategy 2008-2011, or a CSV with the columns track, code, "
                  "parent_code, title, description and the period on “# key: value” lines above the header.",
    )
    replace = forms.BooleanField(
        label=_("Update the period if it is already loaded"), required=False,
    )
    replace_help = ("When updating, nodes are matched by code and keep their links to programmes and projects; "
                    "nodes missing from the file are removed, unless something refers to them.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)})
        return upload
