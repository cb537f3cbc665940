"""A result or project indicator that takes its values from a statistics series for one area."""
from django.db import models


class IndicatorLink(models.Model):
    indicator = models.OneToOneField("results.Indicator", on_delete=models.CASCADE, related_name="statistics_link")
    series = models.ForeignKey("Series", on_delete=models.PROTECT, related_name="links")
    area = models.ForeignKey("StatArea", on_delete=models.PROTECT, related_name="links")

    def __str__(self) -> str:
        return f"{self.indicator} <- {self.series} in {self.area}"
