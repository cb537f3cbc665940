"""Projects: code, objective, dates, lifecycle, locations, partners and their results."""
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        IN_IMPLEMENTATION = "in_implementation", _("In implementation")
        SUSPENDED = "suspended", _("Suspended")
        COMPLETED = "completed", _("Operationally completed")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    code = models.CharField(max_length=40, unique=True, help_text=_("e.g. XAMT72"))
    title = models.CharField(max_length=300)
    objective = models.TextField()
    description = models.TextField(blank=True)
    programme = models.ForeignKey(
        "Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    component = models.ForeignKey(
        "ProgrammeComponent", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    strategy_period = models.ForeignKey(
        "strategy.StrategyPeriod", on_delete=models.PROTECT, related_name="projects"
    )
    lead_unit = models.ForeignKey("organisation.WorkUnit", on_delete=models.PROTECT, related_name="projects")
    start_date = models.DateField()
    end_date = models.DateField()
    status = FSMField(default=Status.DRAFT, choices=Status.choices)
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="projects", verbose_name=_("expected results")
    )
    partners = models.ManyToManyField("partners.Partner", through="ProjectPartner", related_name="projects")
    # Open data (IATI) — room for the export: identifier and publication flag now, sectors later.
    iati_identifier = models.CharField("IATI activity identifier", max_length=120, blank=True)
    is_public = models.BooleanField("published", default=True,
                                    help_text=_("Shown to the public and published as open data"))
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["start_date", "end_date"]),
                   # the project list filtered by status, in code order: a page read in order, not every
                   # project of that status sorted (10-17 ms of SQLite at N=20)
                   models.Index(fields=["status", "code"], name="project_status_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    # --- lifecycle -------------------------------------------------------------------------
    def has_logframe(self) -> bool:
        """A project goes for approval with at least one outcome, one output and one expected result."""
        return (
            self.results.exists()
            and self.outcomes.exists()
            and Output.objects.filter(outcome__project=self).exists()
        )

    @transition(field=status, source=Status.DRAFT, target=Status.SUBMITTED, conditions=[has_logframe],
                custom={"label": "Submit for approval"})
    def submit(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.DRAFT, custom={"label": "Return to draft"})
    def return_to_draft(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.SUBMITTED, target=Status.APPROVED, custom={"label": "Approve"})
    def approve(self, by=None, comment=""):
        self.is_public = True  # publication follows approval

    @transition(field=status, source=[Status.APPROVED, Status.SUSPENDED], target=Status.IN_IMPLEMENTATION,
                custom={"label": "Start or resume implementation"})
    def start_implementation(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.IN_IMPLEMENTATION, target=Status.SUSPENDED, custom={"label": "Suspend"})
    def suspend(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.IN_IMPLEMENTATION, target=Status.COMPLETED,
                custom={"label": "Complete operationally"})
    def complete(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.COMPLETED, target=Status.CLOSED, custom={"label": "Close financially"})
    def close(self, by=None, comment=""):
        pass

    @transition(field=status, source=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED], target=Status.CANCELLED,
                custom={"label": "Cancel the project"})
    def cancel(self, by=None, comment=""):
        pass


class ProjectLocation(models.Model):
    """Where a project works: a country, an M49 region, or the world (global)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="locations")
    country = models.ForeignKey("geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey("geography.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    percentage = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the project for this location (IATI recipient-country percentage)"),
    )

    # A project's places: countries by name, then regions and the world by M49 code, on every database (SQLite puts
    # a NULL first and PostgreSQL last: the order is said, not left to either).
    ORDER = (models.F("country__name").asc(nulls_last=True), "area__m49_code")

    class Meta:
        ordering = ["project", models.F("country__name").asc(nulls_last=True), "area__m49_code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "country"], condition=models.Q(country__isnull=False),
                                    name="project_location_country_unique"),
            models.UniqueConstraint(fields=["project", "area"], condition=models.Q(area__isnull=False),
                                    name="project_location_area_unique"),
            models.CheckConstraint(
                condition=(models.Q(country__isnull=False, area__isnull=True)
                           | models.Q(country__isnull=True, area__isnull=False)),
                name="project_location_country_xor_area",
            )
        ]

    def __str__(self) -> str:
        if self.area_id and self.area.level == "world":
            return "Global"
        return str(self.country or self.area)

    def get_additional_data(self):
        return {"project_id": self.project_id}


class ProjectPartner(models.Model):
    """A partner's role in a project (IATI organisation roles, plus cooperation)."""

    class Role(models.TextChoices):
        FUNDING = "funding", _("Funding")
        ACCOUNTABLE = "accountable", _("Accountable")
        EXTENDING = "extending", _("Extending")
        IMPLEMENTING = "implementing", _("Implementing")
        COOPERATING = "cooperating", _("Cooperating")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_roles")
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["project", "role", "partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "partner", "role"], name="project_partner_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"

    def get_additional_data(self):
        return {"project_id": self.project_id}


from .logframe import Output  # noqa: E402  (used in has_logframe)
