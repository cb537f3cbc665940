"""A statistical series (indicator x dimension x category x sex x age x unit, within one collection)
and its values per area and year."""
from django.db import models
from django.utils.translation import gettext_lazy as _

RATE = "Rate per 100,000 population"
COUNTS = "Counts"


class Series(models.Model):
    class Collection(models.TextChoices):
        CTS = "cts", _("UN-CTS (UNODC Data Portal)")
        OWID = "owid", _("Our World in Data (from UNODC)")
        GSH = "gsh2019", _("Global Study on Homicide 2019, annex")

    collection = models.CharField(max_length=10, choices=Collection.choices)
    indicator = models.CharField(max_length=200)
    dimension = models.CharField(max_length=200)
    category = models.CharField(max_length=200)
    sex = models.CharField(max_length=30)
    age = models.CharField(max_length=60)
    unit = models.CharField(max_length=100)

    class Meta:
        ordering = ["collection", "indicator", "dimension", "category", "sex", "age", "unit"]
        constraints = [models.UniqueConstraint(
            fields=["collection", "indicator", "dimension", "category", "sex", "age", "unit"], name="stat_series_once")]
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        parts = [self.indicator]
        if self.category != "Total":
            parts.append(self.category)
        if self.sex != "Total":
            parts.append(self.sex)
        if self.age != "Total":
            parts.append(self.age)
        return f"{' — '.join(parts)} ({self.unit})"

    @property
    def key(self) -> tuple:
        return (self.collection, self.indicator, self.dimension, self.category, self.sex, self.age, self.unit)

    @property
    def is_rate(self) -> bool:
        return self.unit == RATE


class Value(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey("StatArea", on_delete=models.PROTECT, related_name="values")
    year = models.SmallIntegerField()
    value = models.DecimalField(max_digits=30, decimal_places=15)
    text = models.CharField(max_length=40, help_text=_("The value exactly as written in the file"))
    source = models.CharField(max_length=60, blank=True, help_text=_("e.g. CTS, CTS/MoI, WPB-ICPR/External"))
    run = models.ForeignKey("ImportRun", on_delete=models.PROTECT, related_name="values",
                            help_text=_("The import (file) that last set this value"))

    class Meta:
        ordering = ["series", "area", "year"]
        constraints = [models.UniqueConstraint(fields=["series", "area", "year"], name="stat_value_once")]
        indexes = [models.Index(fields=["series", "year"], name="stat_value_series_year")]
