"""Activities published by other organisations in IATI files, as imported (read-only copies).

One row per ``iati-identifier``; a new import of the same identifier replaces the row's contents.
Money keeps the amount and currency as published (``Decimal``), never converted.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 20, "decimal_places": 2}
PERCENT = {"max_digits": 9, "decimal_places": 4, "null": True, "blank": True}


class ExternalActivity(models.Model):
    identifier = models.CharField(_("IATI identifier"), max_length=250, unique=True)
    reporting_org_ref = models.CharField(_("reporting organisation identifier"), max_length=250, blank=True)
    reporting_org_name = models.CharField(_("reporting organisation"), max_length=500, blank=True)
    reporting_org_type = models.CharField(max_length=10, blank=True)
    title = models.TextField(blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(_("activity status (IATI code)"), max_length=5, blank=True)
    planned_start = models.DateField(null=True, blank=True)
    actual_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    actual_end = models.DateField(null=True, blank=True)
    default_currency = models.CharField(max_length=3, blank=True)
    last_updated = models.DateTimeField(null=True, blank=True)
    version = models.CharField(_("IATI version of the file"), max_length=10, blank=True)
    names_office = models.BooleanField(
        _("partnership with the office"), default=False,
        help_text=_("The office is a participating organisation (by identifier or by name)"))
    source = models.ForeignKey("ImportRecord", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="activities")
    line = models.PositiveIntegerField(_("line in the file"), null=True, blank=True)
    issues = models.JSONField(_("codelist and rule findings"), default=list, blank=True)
    imported_at = models.DateTimeField(auto_now=True)
    # A fingerprint of everything stored for the activity (its values and parts as read): a re-import that finds
    # it unchanged only marks it imported again, instead of deleting and re-inserting its parts.
    fingerprint = models.CharField(max_length=32, blank=True, default="", editable=False)
    # A key of everything the checks read of the activity's element (its markup and lines, the file's version, the
    # checks' code and data, the day): a re-import that finds the same key reuses the verdict instead of checking
    # the element again (services.Reuse). ``errors_found``: its findings held a codelist or rule error.
    check_key = models.CharField(max_length=32, blank=True, default="", editable=False)
    errors_found = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["identifier"]
        indexes = [models.Index(fields=["reporting_org_ref"]), models.Index(fields=["names_office"])]

    def __str__(self) -> str:
        return f"{self.identifier} {self.title[:60]}"

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end




class ExternalCountry(models.Model):
    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2)
    country = models.ForeignKey("geography.Country", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    percentage = models.DecimalField(**PERCENT)

    class Meta:
        ordering = ["activity", "code"]
        indexes = [models.Index(fields=["code"])]


class ExternalRegion(models.Model):
    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="regions")
    vocabulary = models.CharField(max_length=5, default="1")
    code = models.CharField(max_length=20)
    percentage = models.DecimalField(**PERCENT)

    class Meta:
        ordering = ["activity", "vocabulary", "code"]


class ExternalSector(models.Model):
    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="sectors")
    vocabulary = models.CharField(max_length=5, default="1")
    code = models.CharField(max_length=40)
    percentage = models.DecimalField(**PERCENT)

    class Meta:
        ordering = ["activity", "vocabulary", "code"]
        indexes = [models.Index(fields=["vocabulary", "code"])]


class ExternalBudget(models.Model):
    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="budgets")
    type = models.CharField(max_length=2, default="1")
    status = models.CharField(max_length=2, default="1")
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    value_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["activity", "period_start"]


class ExternalTransaction(models.Model):
    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="transactions")
    ref = models.CharField(max_length=250, blank=True)
    type = models.CharField(_("transaction type (IATI code)"), max_length=3)
    date = models.DateField()
    value = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    value_date = models.DateField(null=True, blank=True)
    provider_ref = models.CharField(max_length=250, blank=True)
    provider_name = models.CharField(max_length=500, blank=True)
    receiver_ref = models.CharField(max_length=250, blank=True)
    receiver_name = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["activity", "date", "id"]


class ExternalOrganisation(models.Model):
    """A participating organisation of an imported activity."""

    activity = models.ForeignKey(ExternalActivity, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("organisation role (IATI code)"), max_length=2)
    ref = models.CharField(max_length=250, blank=True)
    name = models.CharField(max_length=500, blank=True)
    type = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["activity", "role", "name"]
