"""Countries and areas (UN M49), each placed in its region, sub-region and intermediate region."""
from django.db import models

from ..names import local_name


class Country(models.Model):
    m49_code = models.CharField("M49 code", max_length=3, unique=True)
    iso2 = models.CharField("ISO alpha-2", max_length=2, unique=True)
    iso3 = models.CharField("ISO alpha-3", max_length=3, unique=True)
    name = models.CharField(max_length=120, unique=True)
    region = models.ForeignKey("Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sub_region = models.ForeignKey("Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    intermediate_region = models.ForeignKey(
        "Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_ldc = models.BooleanField("least developed country", default=False)
    is_lldc = models.BooleanField("land-locked developing country", default=False)
    is_sids = models.BooleanField("small island developing State", default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The UN M49 name in the reader's language (English: the stored name)."""
        return local_name(self.m49_code, self.name)

    @property
    def finest_area(self):
        """The intermediate region where M49 has one, else the sub-region."""
        return self.intermediate_region or self.sub_region

    @property
    def area_ids(self) -> set[int]:
        return {a for a in (self.region_id, self.sub_region_id, self.intermediate_region_id) if a}
