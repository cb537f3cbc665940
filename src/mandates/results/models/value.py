"""A reported actual value of an indicator for one period, its disaggregation and its review.

Lifecycle: submitted -> approved, or submitted -> returned (with a comment) -> submitted again.
An approved value can be reopened (back to returned) by a planning officer, with a comment.
Transitions run through ``core.lifecycle.run_transition``: who, when and the comment are recorded.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class IndicatorValue(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for revision")

    class Rating(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        OFF_TRACK = "off_track", _("Off track")

    indicator = models.ForeignKey("Indicator", on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField("period (year)")
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    text = models.TextField("narrative", blank=True, help_text=_("For qualitative indicators: what was achieved"))
    rating = models.CharField(
        max_length=10, choices=Rating.choices, blank=True, help_text=_("For qualitative indicators")
    )
    note = models.TextField(blank=True, help_text=_("Source used, caveats"))
    status = FSMField(default=Status.SUBMITTED, choices=Status.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True, help_text=_("The reviewer's last comment"))
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_one_per_year")]
        indexes = [models.Index(fields=["status"]),
                   # an indicator's approved values (the project page, the portal): without it SQLite,
                   # which keeps no statistics, reads every approved value of the portfolio (58 ms at N=20)
                   models.Index(fields=["indicator", "status"], name="indicator_value_by_status")]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else (self.text[:40] or self.get_rating_display())
        return f"{self.indicator.code or self.indicator.title[:30]} {self.year}: {shown}"

    @property
    def badge_class(self) -> str:
        return self.status

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED, custom={"label": "Approve"})
    def approve(self, by=None, comment=""):
        self.approved_by = by if getattr(by, "is_authenticated", False) else None
        self.approved_at = timezone.now()
        self.review_comment = comment

    @transition(field=status, source=Status.SUBMITTED, target=Status.RETURNED,
                custom={"label": "Return for revision"})
    def return_for_revision(self, by=None, comment=""):
        self.review_comment = comment

    @transition(field=status, source=Status.RETURNED, target=Status.SUBMITTED, custom={"label": "Resubmit"})
    def resubmit(self, by=None, comment=""):
        self.submitted_by = by if getattr(by, "is_authenticated", False) else self.submitted_by
        self.submitted_at = timezone.now()

    @transition(field=status, source=Status.APPROVED, target=Status.RETURNED, custom={"label": "Reopen"})
    def reopen(self, by=None, comment=""):
        self.approved_by = None
        self.approved_at = None
        self.review_comment = comment


class DisaggregatedValue(models.Model):
    """One row of a value's disaggregation: dimension x category -> value (rows, not columns)."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.CASCADE, related_name="breakdown")
    dimension = models.CharField(max_length=30)
    category = models.CharField(max_length=30)
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["value", "dimension", "category"]
        constraints = [
            models.UniqueConstraint(fields=["value", "dimension", "category"], name="disaggregation_row_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}: {self.amount}"
