"""Budgets: per project (or, for office-level money, per biennium), year, fund segment and budget
class. A revision is a complete new version of the budget with its reason; the current budget is
the latest revision."""
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .structure import MONEY


class BudgetRevision(models.Model):
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="budget_revisions")
    biennium = models.ForeignKey("Biennium", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="office_budget_revisions",
                                 help_text=_("For an office-level budget (no project): its biennium"))
    number = models.PositiveIntegerField(help_text=_("0 for the original budget"))
    reason = models.TextField()
    is_current = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["project", "biennium", "-number"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(project__isnull=False, biennium__isnull=True)
                           | models.Q(project__isnull=True, biennium__isnull=False)),
                name="budget_revision_project_xor_biennium"),
            models.UniqueConstraint(fields=["project", "number"], condition=models.Q(project__isnull=False),
                                    name="budget_revision_number_unique_in_project"),
            models.UniqueConstraint(fields=["biennium", "number"], condition=models.Q(project__isnull=True),
                                    name="budget_revision_number_unique_in_office_budget"),
        ]

    def __str__(self) -> str:
        owner = self.project.code if self.project_id else f"office budget {self.biennium}"
        return f"{owner}, revision {self.number}"

    @property
    def label(self) -> str:
        return "Original budget" if self.number == 0 else f"Revision {self.number}"


class BudgetLine(models.Model):
    revision = models.ForeignKey(BudgetRevision, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="budget_lines")
    is_current = models.BooleanField(default=True, help_text=_("Copied from the revision, for fast sums"))
    segment = models.ForeignKey("FundSegment", on_delete=models.PROTECT, related_name="budget_lines",
                                verbose_name=_("fund segment"))
    year = models.PositiveSmallIntegerField()
    budget_class = models.ForeignKey("BudgetClass", on_delete=models.PROTECT, related_name="budget_lines")
    amount = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(max_length=3, default="USD", editable=False)
    apportioned = models.BooleanField(default=False,
                                      help_text=_("A fund's share of apportioned general-purpose requirements"))

    class Meta:
        ordering = ["revision", "year", "segment", "budget_class"]
        indexes = [models.Index(fields=["is_current", "segment"]), models.Index(fields=["is_current", "project"])]
        constraints = [
            models.UniqueConstraint(fields=["revision", "segment", "year", "budget_class", "apportioned"],
                                    name="budget_line_unique_in_revision"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_line_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.segment.code} {self.budget_class.code}: USD {self.amount:,.2f}"
