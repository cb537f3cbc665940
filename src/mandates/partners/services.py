"""Writes to partners: validated, in a transaction, audited."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .models import Partner

FIELDS = ("name", "acronym", "kind", "country", "iati_organisation_ref", "website", "description", "is_demo")


def _check(partner: Partner) -> None:
    name = (partner.name or "").strip()
    if Partner.objects.filter(name__iexact=name).exclude(pk=partner.pk).exists():
        raise ValidationError({"name": _("A partner named “%(name)s” already exists.") % {"name": name}})
    partner.full_clean(validate_unique=False)


@transaction.atomic
def save_partner(partner: Partner | None = None, *, by, **data) -> Partner:
    """Create (``partner`` None) or update a partner from field values."""
    partner = partner or Partner()
    for key in FIELDS:
        if key in data:
            setattr(partner, key, data[key])
    partner.name = (partner.name or "").strip()
    _check(partner)
    with acting_as(by):
        partner.save()
    return partner
