"""United Nations operational rates of exchange, one per currency and month (imported from CSV)."""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExchangeRate(models.Model):
    currency = models.CharField(max_length=3, help_text=_("ISO 4217"))
    month = models.DateField(help_text=_("The first day of the month the rate applies to"))
    units_per_usd = models.DecimalField(
        "units per US dollar", max_digits=18, decimal_places=6, validators=[MinValueValidator(Decimal("0.000001")),
                                                   MaxValueValidator(Decimal("999999999999.999999"))],
        help_text=_("How many units of the currency one US dollar buys (the UN's quotation)"),
    )
    is_demo = models.BooleanField(default=False, help_text=_("A made-up rate shipped with the demo"))

    class Meta:
        ordering = ["currency", "month"]
        constraints = [models.UniqueConstraint(fields=["currency", "month"], name="exchange_rate_unique")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} USD 1 = {self.currency} {self.units_per_usd}"


class ImportBatch(models.Model):
    """One file imported (ERP expenditure or exchange rates): who, when, and what it changed."""

    class Kind(models.TextChoices):
        EXPENDITURE = "expenditure", _("ERP expenditure and obligations")
        RATES = "rates", _("Rates of exchange")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    file_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="finance_imports"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name} ({self.imported_at:%d %b %Y %H:%M})"
