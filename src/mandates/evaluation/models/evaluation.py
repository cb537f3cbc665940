"""Evaluations (project, programme, thematic; independent, in-depth or self), their findings and
their recommendations. Every recommendation has an owner: a person or a work unit."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Evaluation(models.Model):
    class Subject(models.TextChoices):
        PROJECT = "project", _("Project evaluation")
        PROGRAMME = "programme", _("Programme evaluation")
        THEMATIC = "thematic", _("Thematic evaluation")

    class Modality(models.TextChoices):
        INDEPENDENT = "independent", _("Independent")
        IN_DEPTH = "in_depth", _("In-depth")
        SELF = "self", _("Self-evaluation")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(max_length=300)
    subject = models.CharField(_("evaluation of"), max_length=20, choices=Subject.choices)
    modality = models.CharField(max_length=20, choices=Modality.choices)
    project = models.ForeignKey(
        "portfolio.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    programme = models.ForeignKey(
        "portfolio.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="evaluations",
        verbose_name=_("themes, result areas and expected results covered"),
    )
    responsible_unit = models.ForeignKey(
        "organisation.WorkUnit", on_delete=models.PROTECT, related_name="evaluations",
        verbose_name=_("evaluated work unit"), help_text=_("The unit whose work is evaluated and which follows up"),
    )
    managed_by = models.ForeignKey(
        "organisation.WorkUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="managed_evaluations",
        help_text=_("e.g. the Independent Evaluation Unit"),
    )
    evaluators = models.CharField(max_length=300, blank=True, help_text=_("Evaluation team or firm"))
    start_date = models.DateField(null=True, blank=True)
    completion_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    summary = models.TextField(blank=True)
    report_url = models.URLField(_("report"), blank=True)
    is_public = models.BooleanField(default=True, help_text=_("The report is published"))
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-completion_date", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def evaluated(self):
        return self.project or self.programme


class Finding(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["evaluation", "number"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "number"], name="finding_number_unique")]

    def __str__(self) -> str:
        return f"Finding {self.number}"


class Recommendation(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    finding = models.ForeignKey(Finding, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="recommendations")
    owner_unit = models.ForeignKey(
        "organisation.WorkUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations",
        verbose_name=_("owner (work unit)"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="recommendations",
        verbose_name=_("owner (person)"),
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["evaluation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "number"], name="recommendation_number_unique"),
            models.CheckConstraint(condition=models.Q(owner_unit__isnull=False) | models.Q(owner_person__isnull=False),
                                   name="recommendation_has_owner",
                                   violation_error_message="Name an owner: a person or a work unit."),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.text[:60]}"

    @property
    def owner(self):
        return self.owner_person or self.owner_unit
