"""A short narrative paragraph a programme manager writes against a result, a programme or a project
for a reporting period. It may carry live fact fields ``{{fact:KEY}}`` and footnotes ``[[fn:TEXT]]``."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Narrative(models.Model):
    period = models.CharField(_("reporting period"), max_length=9, help_text=_("e.g. 2008-2009"))
    section = models.CharField(_("report section"), max_length=20, blank=True,
                               help_text=_("Where it belongs in the report, e.g. II.A"))
    result = models.ForeignKey("strategy.StrategyNode", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("result"))
    programme = models.ForeignKey("portfolio.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("programme"))
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("project"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "section", "id"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def subject(self):
        return self.project or self.programme or self.result
