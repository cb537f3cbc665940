"""Donors and the people who read a donor's own contributions."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Donor(models.Model):
    class Kind(models.TextChoices):
        MEMBER_STATE = "member_state", _("Member State")
        EUROPEAN_COMMISSION = "european_commission", _("European Commission")
        UN_ENTITY = "un_entity", _("United Nations entity")
        IFI = "ifi", _("International financial institution")
        PRIVATE_SECTOR = "private_sector", _("Private sector")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other donor")

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    country = models.OneToOneField(
        "geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="donor",
        help_text=_("For a Member State: the country"),
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="donor_records",
        help_text=_("The same organisation in the partner register, if it is one"),
    )
    iati_organisation_ref = models.CharField("IATI organisation identifier", max_length=80, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if self.kind == self.Kind.MEMBER_STATE and not self.country_id:
            raise ValidationError({"country": _("A Member State donor is linked to its country.")})
        if self.kind != self.Kind.MEMBER_STATE and self.country_id:
            raise ValidationError({"country": _("Only a Member State donor is linked to a country.")})


class DonorReader(models.Model):
    """A donor reader (role ``donor_reader``) sees the contributions of this donor and what they paid for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="donor_reader")
    donor = models.ForeignKey(Donor, on_delete=models.CASCADE, related_name="readers")

    class Meta:
        ordering = ["donor", "user"]

    def __str__(self) -> str:
        return f"{self.user} reads {self.donor}"
