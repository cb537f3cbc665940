"""Performance indicators at expected-result, outcome and output level, with their targets.

An indicator belongs to exactly one of: a strategy expected result (``result``), a project outcome
or a project output. ``project`` is set by the service from the outcome/output (never typed) so that
permissions and lists need no branching.
"""
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        PERCENTAGE = "percentage", _("Percentage")
        AMOUNT = "amount", _("Amount of money")
        QUALITATIVE = "qualitative", _("Qualitative")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Adds up over the periods (e.g. officials trained)")
        LATEST = "latest", _("A level: the latest value counts (e.g. a share, States parties)")

    class ActualSource(models.TextChoices):
        REPORTED = "reported", _("Reported values, approved by a planning officer")
        DELIVERY_PARTICIPANTS = "delivery_participants", _("Participants of the linked deliveries")
        DELIVERY_COUNT = "delivery_count", _("Number of linked deliveries")

    class Level(models.TextChoices):
        RESULT = "result", _("Expected result")
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    code = models.CharField(max_length=30, blank=True, help_text=_("e.g. IND 1.1.2 (a)"))
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    result = models.ForeignKey(
        "strategy.StrategyNode", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators",
        verbose_name=_("expected result"),
    )
    outcome = models.ForeignKey(
        "portfolio.Outcome", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    output = models.ForeignKey(
        "portfolio.Output", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    project = models.ForeignKey(
        "portfolio.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators",
        editable=False, help_text=_("The project of the outcome or output (set automatically)"),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NUMBER)
    unit = models.CharField(max_length=60, blank=True, help_text=_("e.g. officials trained, States, per cent"))
    currency = models.CharField(max_length=3, blank=True, help_text=_("ISO 4217, for amounts of money"))
    allow_above_100 = models.BooleanField(
        "values above 100 % allowed", default=False,
        help_text=_("For percentages that may exceed 100 (e.g. growth rates); otherwise refused"),
    )
    aggregation = models.CharField(max_length=10, choices=Aggregation.choices, default=Aggregation.SUM)
    actual_source = models.CharField(
        "actual values come from", max_length=30, choices=ActualSource.choices, default=ActualSource.REPORTED
    )
    baseline_value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    baseline_text = models.TextField("baseline (qualitative)", blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1945)])
    end_year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1945)])
    disaggregate_by = models.JSONField(
        default=list, blank=True, help_text=_("Dimension codes from results/data/disaggregation.yaml")
    )
    disaggregation_must_add_up = models.BooleanField(
        "disaggregation must add up to the total", default=False,
        help_text=_("Each dimension's rows must add up to the reported total"),
    )
    source = models.TextField("data source", blank=True)
    means_of_verification = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(result__isnull=False, outcome__isnull=True, output__isnull=True)
                    | Q(result__isnull=True, outcome__isnull=False, output__isnull=True)
                    | Q(result__isnull=True, outcome__isnull=True, output__isnull=False)
                ),
                name="indicator_measures_exactly_one_level",
                violation_error_message="An indicator measures one thing: an expected result, an outcome or an output.",
            ),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")),
                                   name="indicator_year_range_ordered",
                                   violation_error_message="The range cannot end before it starts."),
        ]
        # indicators measuring a year (the home page's "no value yet" count): most indicators of a
        # portfolio with a history have ended; without it every indicator is read (13 ms at N=20)
        indexes = [models.Index(fields=["end_year", "start_year"], name="indicator_years")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def level(self) -> str:
        if self.result_id:
            return self.Level.RESULT
        if self.outcome_id:
            return self.Level.OUTCOME
        return self.Level.OUTPUT

    @property
    def level_label(self) -> str:
        return str(self.Level(self.level).label)

    @property
    def measured_object(self):
        return self.result or self.outcome or self.output

    @property
    def is_quantitative(self) -> bool:
        return self.kind != self.Kind.QUALITATIVE

    @property
    def follows_deliveries(self) -> bool:
        return self.actual_source != self.ActualSource.REPORTED

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def unit_label(self) -> str:
        if self.kind == self.Kind.PERCENTAGE:
            return "%"
        if self.kind == self.Kind.AMOUNT:
            return self.currency or self.unit
        return self.unit


class IndicatorTarget(models.Model):
    """The target of an indicator for one reporting period (a calendar year)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    text = models.TextField("target (qualitative)", blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.value if self.value is not None else self.text}"
