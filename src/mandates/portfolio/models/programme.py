"""Programmes (regional, thematic, global, country), their components and consultations."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class Programme(models.Model):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional programme")
        THEMATIC = "thematic", _("Thematic programme")
        GLOBAL = "global", _("Global programme")
        COUNTRY = "country", _("Country programme")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_CONSULTATION = "in_consultation", _("In consultation")
        ENDORSED = "endorsed", _("Endorsed")
        IN_IMPLEMENTATION = "in_implementation", _("In implementation")
        UNDER_EVALUATION = "under_evaluation", _("Under evaluation")
        CLOSED = "closed", _("Closed")

    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(blank=True)
    strategy_period = models.ForeignKey(
        "strategy.StrategyPeriod", on_delete=models.PROTECT, related_name="programmes"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = FSMField(default=Status.DRAFT, choices=Status.choices)
    lead_unit = models.ForeignKey("organisation.WorkUnit", on_delete=models.PROTECT, related_name="programmes")
    countries = models.ManyToManyField("geography.Country", blank=True, related_name="programmes")
    areas = models.ManyToManyField(
        "geography.Area", blank=True, related_name="programmes", help_text=_("Regions covered; the world for global programmes")
    )
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="programmes", verbose_name=_("expected results")
    )
    is_public = models.BooleanField("published", default=True, help_text=_("Shown to the public and in open data"))
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    # --- lifecycle -------------------------------------------------------------------------
    def has_consultation_meetings(self) -> bool:
        """Regional programmes are endorsed only after expert or ministerial meetings (ECOSOC 2009/23)."""
        if self.kind != self.Kind.REGIONAL:
            return True
        return self.consultations.filter(
            kind__in=[ProgrammeConsultation.Kind.EXPERT_MEETING, ProgrammeConsultation.Kind.MINISTERIAL_MEETING]
        ).exists()

    @transition(field=status, source=Status.DRAFT, target=Status.IN_CONSULTATION,
                custom={"label": "Start consultation"})
    def start_consultation(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.IN_CONSULTATION, target=Status.DRAFT,
                custom={"label": "Return to draft"})
    def return_to_draft(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.IN_CONSULTATION, target=Status.ENDORSED,
                conditions=[has_consultation_meetings], custom={"label": "Record endorsement"})
    def endorse(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.ENDORSED, target=Status.IN_IMPLEMENTATION,
                custom={"label": "Start implementation"})
    def start_implementation(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.IN_IMPLEMENTATION, target=Status.UNDER_EVALUATION,
                custom={"label": "Start evaluation"})
    def start_evaluation(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.UNDER_EVALUATION, target=Status.IN_IMPLEMENTATION,
                custom={"label": "Continue implementation"})
    def continue_implementation(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.UNDER_EVALUATION, target=Status.CLOSED,
                custom={"label": "Close"})
    def close(self, by=None, comment=""):
        pass


class ProgrammeComponent(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="component_code_unique_in_programme")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProgrammeConsultation(models.Model):
    """A step of the consultative process before endorsement."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation with Member States")
        EXPERT_MEETING = "expert_meeting", _("Expert group meeting")
        MINISTERIAL_MEETING = "ministerial_meeting", _("Ministerial meeting")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = models.DateField()
    place = models.CharField(max_length=120, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["programme", "date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.place} {self.date:%d %B %Y}"
