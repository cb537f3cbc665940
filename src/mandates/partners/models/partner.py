"""Partners of the office: UN entities, IFIs, regional organisations, civil society, national institutions."""
from django.db import models


class Partner(models.Model):
    class Kind(models.TextChoices):
        UN_ENTITY = "un_entity", "United Nations entity"
        IFI = "ifi", "International financial institution"
        REGIONAL_ORGANISATION = "regional_organisation", "Regional organisation"
        INTERGOVERNMENTAL = "intergovernmental", "Other intergovernmental organisation"
        GOVERNMENT = "government", "Government"
        NATIONAL_INSTITUTION = "national_institution", "National institution"
        CIVIL_SOCIETY = "civil_society", "Civil society organisation"
        ACADEMIA = "academia", "Academic or research institution"
        PRIVATE_SECTOR = "private_sector", "Private sector"

    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    country = models.ForeignKey(
        "geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="partners",
        help_text="For national institutions and governments",
    )
    iati_organisation_ref = models.CharField(
        "IATI organisation identifier", max_length=80, blank=True, help_text="e.g. XM-DAC-41114 (UNDP)"
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
