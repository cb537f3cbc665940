"""The import log: one row per imported file and one per value an import changed."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    layout = models.CharField(max_length=40)
    collection = models.CharField(max_length=10)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    set_aside = models.PositiveIntegerField(default=0)
    notes = models.JSONField(default=list, blank=True, help_text=_("Warnings and the special areas kept"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.at:%Y-%m-%d %H:%M})"


class ValueChange(models.Model):
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    value = models.ForeignKey("Value", on_delete=models.CASCADE, related_name="changes")
    old_text = models.CharField(max_length=40)
    new_text = models.CharField(max_length=40)
    old_source = models.CharField(max_length=60, blank=True)
    new_source = models.CharField(max_length=60, blank=True)
    old_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
