"""The follow-up of a recommendation: one management response, and action items with owner and due date."""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ManagementResponse(models.Model):
    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
        REJECTED = "rejected", _("Rejected")

    recommendation = models.OneToOneField("Recommendation", on_delete=models.CASCADE, related_name="response")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField(blank=True, help_text=_("Required when the recommendation is rejected or partially accepted"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return self.get_decision_display()

    @property
    def badge_class(self) -> str:
        return {"accepted": "approved", "partially_accepted": "at_risk", "rejected": "rejected"}[self.decision]


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    recommendation = models.ForeignKey("Recommendation", on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner_unit = models.ForeignKey(
        "organisation.WorkUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="action_items",
        verbose_name=_("owner (work unit)"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="action_items",
        verbose_name=_("owner (person)"),
    )
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    progress_note = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(owner_unit__isnull=False) | models.Q(owner_person__isnull=False),
                                   name="action_item_has_owner",
                                   violation_error_message="Name an owner: a person or a work unit."),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner(self):
        return self.owner_person or self.owner_unit

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())
