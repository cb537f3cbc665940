"""Pledges and contributions: the original amount and currency, the rate used, the US-dollar
equivalent, what has been received, and how the money is earmarked."""
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .structure import MONEY, PERCENT


class Contribution(models.Model):
    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        PARTLY_RECEIVED = "partly_received", _("Partly received")
        RECEIVED = "received", _("Received")

    class Earmarking(models.TextChoices):
        GENERAL_PURPOSE = "general_purpose", _("General-purpose (unearmarked)")
        SOFT = "soft", _("Soft-earmarked (theme, region or programme)")
        HARD = "hard", _("Hard-earmarked (project)")

    reference = models.CharField(max_length=60, unique=True, help_text=_("The agreement or pledge reference"))
    donor = models.ForeignKey("Donor", on_delete=models.PROTECT, related_name="contributions")
    segment = models.ForeignKey("FundSegment", on_delete=models.PROTECT, related_name="contributions",
                                verbose_name=_("fund segment"))
    date = models.DateField(help_text=_("Date of the pledge or agreement; its month fixes the rate of exchange"))
    currency = models.CharField(max_length=3, help_text=_("ISO 4217"))
    amount = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    rate = models.DecimalField("rate used (units per USD)", max_digits=18, decimal_places=6)
    rate_month = models.DateField()
    usd_amount = models.DecimalField("US-dollar equivalent", **MONEY)
    received_amount = models.DecimalField(default=0, validators=[MinValueValidator(0)], **MONEY,
                                          help_text=_("In the contribution's currency"))
    received_usd = models.DecimalField("received, US-dollar equivalent", default=0, **MONEY)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLEDGED)
    earmarking = models.CharField(max_length=20, choices=Earmarking.choices)
    theme = models.ForeignKey("strategy.StrategyNode", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="contributions", help_text=_("Soft earmark: a node of the strategy"))
    area = models.ForeignKey("geography.Area", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="contributions", help_text=_("Soft earmark: a region"))
    programme = models.ForeignKey("portfolio.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="contributions", help_text=_("Soft earmark: a programme"))
    project = models.ForeignKey("portfolio.Project", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="contributions", help_text=_("Hard earmark: a project"))
    psc_rate = models.DecimalField("programme support cost rate (%)", null=True, blank=True, **PERCENT,
                                   help_text=_("Leave empty for the biennium's rate"))
    description = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "reference"]
        indexes = [models.Index(fields=["date"]), models.Index(fields=["earmarking"]),
                   models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="contribution_amount_positive",
                                   violation_error_message="The amount must be more than zero."),
            models.CheckConstraint(condition=models.Q(received_amount__lte=models.F("amount")),
                                   name="contribution_received_not_above_amount",
                                   violation_error_message="More cannot be received than was pledged."),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.donor} {self.currency} {self.amount:,.2f}"

    @property
    def earmarked_to(self):
        return self.project or self.programme or self.area or self.theme
