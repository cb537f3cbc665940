from django import forms

from mandates.core.locking import VersionedFormMixin
from mandates.geography.forms import sort_places

from .models import Partner


class PartnerForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = ["name", "acronym", "kind", "country", "iati_organisation_ref", "website", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sort_places(self, "country")
