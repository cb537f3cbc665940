"""UN M49 areas above the country: the world, regions, sub-regions, intermediate regions."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..names import local_name


class Area(models.Model):
    class Level(models.TextChoices):
        WORLD = "world", _("World (global)")
        REGION = "region", _("Region")
        SUB_REGION = "sub_region", _("Sub-region")
        INTERMEDIATE = "intermediate", _("Intermediate region")

    m49_code = models.CharField(_("M49 code"), max_length=3, unique=True)
    name = models.CharField(max_length=120)
    level = models.CharField(max_length=20, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["m49_code"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The UN M49 name in the reader's language (English: the stored name)."""
        return local_name(self.m49_code, self.name)

    @property
    def is_global(self) -> bool:
        return self.level == self.Level.WORLD
