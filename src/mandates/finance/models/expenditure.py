"""Expenditure and obligations imported from the ERP, one row per ERP document line (and fund
segment, when general-purpose requirements are apportioned). Each row keeps its original amount,
currency, the rate used, the US-dollar equivalent and the programme support cost it carries."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from .structure import MONEY, PERCENT


class Expenditure(models.Model):
    class Kind(models.TextChoices):
        DISBURSEMENT = "disbursement", _("Disbursement")
        OBLIGATION = "obligation", _("Unliquidated obligation")
        ADJUSTMENT = "adjustment", _("Adjustment")

    document_number = models.CharField("ERP document number", max_length=40)
    line = models.PositiveIntegerField("document line")
    segment = models.ForeignKey("FundSegment", on_delete=models.PROTECT, related_name="expenditures",
                                verbose_name=_("fund segment"))
    apportioned = models.BooleanField(default=False,
                                      help_text=_("A fund's share of apportioned general-purpose requirements"))
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    # indexed by ``expenditure_project_cover`` (below), which holds what the sums by project read
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="expenditures", db_index=False)
    work_unit = models.ForeignKey("organisation.WorkUnit", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="expenditures")
    budget_class = models.ForeignKey("BudgetClass", on_delete=models.PROTECT, related_name="expenditures")
    currency = models.CharField(max_length=3)
    amount = models.DecimalField(**MONEY)
    rate = models.DecimalField("rate used (units per USD)", max_digits=18, decimal_places=6)
    usd_amount = models.DecimalField("US-dollar equivalent", **MONEY)
    contribution = models.ForeignKey("Contribution", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="expenditures")
    psc_rate = models.DecimalField("programme support cost rate (%)", null=True, blank=True, **PERCENT)
    psc_amount = models.DecimalField("programme support cost (USD)", default=0, **MONEY)
    description = models.CharField(max_length=300, blank=True)
    batch = models.ForeignKey("ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="expenditures")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date", "document_number", "line"]
        indexes = [
            models.Index(fields=["date"]), models.Index(fields=["segment", "date"]),
            # The project's lines with the columns its spending sums read (PostgreSQL: an index-only scan, a few dozen
            # pages for a country's 3,000-6,000 lines instead of one heap page each; SQLite ignores ``include``). It
            # replaces the foreign key's plain index, so that an ERP import still maintains one index by project.
            models.Index(fields=["project"], include=["kind", "date", "contribution", "usd_amount"],
                         name="expenditure_project_cover"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["document_number", "line", "segment"], name="expenditure_natural_key"),
        ]

    def __str__(self) -> str:
        return f"{self.document_number}/{self.line} {self.segment.code} USD {self.usd_amount:,.2f}"
