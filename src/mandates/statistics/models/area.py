"""The countries and areas statistics are reported for: M49 countries, UNODC's special codes
(sub-national areas such as GBR_E_W, territories outside M49) and the published aggregates
(regions and the world as computed by the publisher)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatArea(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country or area (M49)")
        SUBNATIONAL = "subnational", _("Sub-national area")
        SPECIAL = "special", _("Special code, not in M49")
        AGGREGATE = "aggregate", _("Published aggregate")

    code = models.CharField(max_length=60, unique=True, help_text=_("ISO alpha-3, a UNODC special code or M49_nnn"))
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    country = models.ForeignKey("geography.Country", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", help_text=_("The M49 country (the parent, for a sub-national area)"))
    m49_area = models.ForeignKey("geography.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unodc_region = models.CharField(max_length=120, blank=True)
    unodc_subregion = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PopulationEstimate(models.Model):
    """Population implied by a count and its rate per 100,000 in the imported data (count x 100,000 / rate).

    No population table is shipped with the data; this is what regional coverage shares are based on."""

    area = models.ForeignKey(StatArea, on_delete=models.CASCADE, related_name="population")
    year = models.SmallIntegerField()
    population = models.BigIntegerField()
    basis = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="stat_population_once")]
