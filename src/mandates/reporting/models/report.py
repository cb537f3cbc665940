"""An assembled report: its kind and parameters (a saved definition that can be re-run), its
narrative items in order, its lifecycle draft -> in review -> final, and, once final, the facts
frozen with their definitions and filters."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Kind(models.TextChoices):
        TECHNICAL_COOPERATION = "technical_cooperation", _("Report of the Secretary-General on technical cooperation")
        REGIONAL_PROGRAMMES = "regional_programmes", _("Progress report on the regional programmes")
        DONOR = "donor", _("Donor report")
        PROFILE = "profile", _("Country or region profile")
        MEDIUM_TERM = "medium_term", _("Medium-term activities and estimated cost")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        FINAL = "final", _("Final")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.TECHNICAL_COOPERATION)
    title = models.CharField(_("name"), max_length=200)
    period = models.CharField(_("period"), max_length=9)
    as_of = models.DateField(_("as at"))
    parameters = models.JSONField(default=dict, blank=True, help_text=_(
        "Masthead, subject (programme, donor, country or region), previous report's as-at date (since)"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    shared = models.BooleanField(_("shared with colleagues"), default=True)
    frozen_facts = models.JSONField(null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.FINAL


class ReportItem(models.Model):
    """A narrative paragraph placed in a report's section, in order; its text may be edited for the report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="items")
    narrative = models.ForeignKey("reporting.Narrative", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="placements")
    section = models.CharField(max_length=20)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["section", "order", "id"]
