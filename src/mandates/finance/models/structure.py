"""The fund structure, configured per biennium from ``data/fund_structure.yaml``.

A biennium has segments (a fund's general-purpose, special-purpose and programme-support-cost
money, or a section of the regular budget). Two general-purpose arrangements are carried:
*apportioned* (2008-2009: requirements split between the two funds by a ratio, ``Apportionment``)
and *consolidated* (from 2010: the funds' general-purpose segments presented as one budget, a
``SegmentGroup``, while special-purpose segments stay separate).
"""
from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 16, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


class Biennium(models.Model):
    class Arrangement(models.TextChoices):
        APPORTIONED = "apportioned", _("General-purpose requirements apportioned between the funds")
        CONSOLIDATED = "consolidated", _("Consolidated general-purpose budget")

    code = models.CharField(max_length=9, unique=True, help_text=_("e.g. 2008-2009"))
    title = models.CharField(max_length=120)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    psc_rate = models.DecimalField(
        "programme support cost rate (%)", default=Decimal("13.00"), **PERCENT,
        help_text=_("Charged on special-purpose expenditure unless a contribution sets its own rate"),
    )
    general_purpose = models.CharField(max_length=20, choices=Arrangement.choices)
    apportionment_code = models.CharField(
        max_length=20, blank=True,
        help_text=_("Code used in budgets and ERP rows for general-purpose requirements to be apportioned"),
    )
    apportionment_name = models.CharField(max_length=200, blank=True)
    apportionment_source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.code

    @property
    def start_date(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def end_date(self) -> date:
        return date(self.end_year, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def is_apportioned(self) -> bool:
        return self.general_purpose == self.Arrangement.APPORTIONED


class Fund(models.Model):
    class Kind(models.TextChoices):
        REGULAR_BUDGET = "regular_budget", _("Regular budget")
        TRUST_FUND = "trust_fund", _("Trust fund (voluntary contributions)")

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.short_name or self.name


class SegmentGroup(models.Model):
    """A presentation grouping of segments (the consolidated general-purpose budget from 2010)."""

    biennium = models.ForeignKey(Biennium, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True)
    reserve = models.DecimalField(
        "operating reserve (USD)", default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY,
        help_text=_("A projected closing balance below this amount is flagged as a risk"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["biennium", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["biennium", "code"], name="segment_group_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.biennium})"


class FundSegment(models.Model):
    class Kind(models.TextChoices):
        GENERAL_PURPOSE = "general_purpose", _("General-purpose")
        SPECIAL_PURPOSE = "special_purpose", _("Special-purpose")
        PROGRAMME_SUPPORT = "programme_support", _("Programme support cost")
        REGULAR_BUDGET = "regular_budget", _("Regular budget section")

    biennium = models.ForeignKey(Biennium, on_delete=models.CASCADE, related_name="segments")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="segments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=20, help_text=_("Stable across bienniums, e.g. CPCJF-GP"))
    name = models.CharField(max_length=200)
    group = models.ForeignKey(
        SegmentGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="segments"
    )
    opening_balance = models.DecimalField(
        null=True, blank=True, **MONEY,
        help_text=_("Leave empty to carry forward the closing balance of the previous biennium"),
    )
    reserve = models.DecimalField(
        "operating reserve (USD)", default=Decimal("0"), validators=[MinValueValidator(0)], **MONEY,
        help_text=_("A projected closing balance below this amount is flagged as a risk"),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["biennium", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["biennium", "code"], name="fund_segment_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.biennium})"

    @property
    def is_special_purpose(self) -> bool:
        return self.kind == self.Kind.SPECIAL_PURPOSE


class Apportionment(models.Model):
    """A fund's share of general-purpose requirements in an apportioned biennium (75/25 in 2008-2009)."""

    biennium = models.ForeignKey(Biennium, on_delete=models.CASCADE, related_name="apportionments")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="apportionments")
    share = models.DecimalField("share (%)", **PERCENT)

    class Meta:
        ordering = ["biennium", "-share", "fund__code"]
        constraints = [models.UniqueConstraint(fields=["biennium", "fund"], name="apportionment_unique")]

    def __str__(self) -> str:
        return f"{self.fund.code} {self.share} % ({self.biennium})"


class BudgetClass(models.Model):
    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name_plural = "budget classes"

    def __str__(self) -> str:
        return self.name


class RegularBudgetAllotment(models.Model):
    """Regular-budget money allotted to a section for a year (the income of a regular-budget segment)."""

    segment = models.ForeignKey(FundSegment, on_delete=models.PROTECT, related_name="allotments")
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(max_length=3, default="USD", editable=False)
    reference = models.CharField(max_length=120, blank=True, help_text=_("e.g. the allotment advice"))
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["segment", "year"]
        constraints = [models.UniqueConstraint(fields=["segment", "year"], name="allotment_segment_year_unique")]

    def __str__(self) -> str:
        return f"{self.segment.code} {self.year}: USD {self.amount:,.2f}"
