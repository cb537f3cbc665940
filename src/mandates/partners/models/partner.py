"""Partners of the office: UN entities, IFIs, regional organisations, civil society, national institutions."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Partner(models.Model):
    class Kind(models.TextChoices):
        UN_ENTITY = "un_entity", _("United Nations entity")
        IFI = "ifi", _("International financial institution")
        REGIONAL_ORGANISATION = "regional_organisation", _("Regional organisation")
        INTERGOVERNMENTAL = "intergovernmental", _("Other intergovernmental organisation")
        GOVERNMENT = "government", _("Government")
        NATIONAL_INSTITUTION = "national_institution", _("National institution")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        ACADEMIA = "academia", _("Academic or research institution")
        PRIVATE_SECTOR = "private_sector", _("Private sector")

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        "geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="partners",
        help_text=_("For national institutions and governments"),
    )
    iati_organisation_ref = models.CharField(
        _("IATI organisation identifier"), max_length=80, blank=True, help_text=_("e.g. XM-DAC-41114 (UNDP)")
    )
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_name(self) -> str:
        return self.acronym or self.name
