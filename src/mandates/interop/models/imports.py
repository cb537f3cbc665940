"""The last import of each IATI file: when, by whom, how many activities stored and refused, and why."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused")

    file_name = models.CharField(max_length=255, unique=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    version = models.CharField(max_length=10, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    reason = models.TextField(_("why the file was refused"), blank=True)
    stored = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(_("activities stored with codelist or rule errors"), default=0)
    problems = models.JSONField(_("refused activities and why (the first ones)"), default=list, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    started_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.file_name}: {self.get_outcome_display()}"
