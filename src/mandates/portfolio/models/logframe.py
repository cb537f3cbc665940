"""A project's logical framework: outcomes -> outputs -> activities."""
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class InProject:
    """Logframe rows name their project in the audit trail, so a project's history keeps deleted rows."""

    def get_project_id(self):  # pragma: no cover - overridden
        raise NotImplementedError

    def get_additional_data(self):
        try:
            return {"project_id": self.get_project_id()}
        except ObjectDoesNotExist:
            return None


class Outcome(InProject, models.Model):
    project = models.ForeignKey("Project", on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=20, help_text=_("e.g. OC1"))
    title = models.TextField()
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="outcomes", verbose_name=_("expected results")
    )

    class Meta:
        ordering = ["project", "code"]
        constraints = [models.UniqueConstraint(fields=["project", "code"], name="outcome_code_unique_in_project")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_project_id(self):
        return self.project_id


class Output(InProject, models.Model):
    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="outputs")
    code = models.CharField(max_length=20, help_text=_("e.g. OP1.1"))
    title = models.TextField()
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="outputs", verbose_name=_("expected results")
    )

    class Meta:
        ordering = ["outcome", "code"]
        constraints = [models.UniqueConstraint(fields=["outcome", "code"], name="output_code_unique_in_outcome")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def project(self):
        return self.outcome.project

    def get_project_id(self):
        return self.outcome.project_id


class Activity(InProject, models.Model):
    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(max_length=20, help_text=_("e.g. A1.1.1"))
    title = models.TextField()
    description = models.TextField(blank=True)
    country = models.ForeignKey("geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "geography.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("A region, or the world for global activities"),
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    responsible_unit = models.ForeignKey(
        "organisation.WorkUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    planned_cost = models.DecimalField(max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, default="USD")

    class Meta:
        ordering = ["output", "code"]
        verbose_name_plural = "activities"
        constraints = [models.UniqueConstraint(fields=["output", "code"], name="activity_code_unique_in_output")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def project(self):
        return self.output.outcome.project

    def get_project_id(self):
        return self.output.outcome.project_id

    @property
    def where(self) -> str:
        if self.country_id:
            return str(self.country)
        if self.area_id:
            return "Global" if self.area.level == "world" else str(self.area)
        return ""
