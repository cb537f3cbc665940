"""The register of what the office delivers: workshops, trainings, advisory missions, legislative
assistance, tools and publications — each linked to a project (and optionally an output/activity),
with participants broken down by sex, country, institution type (dimension rows).

A delivery may count towards output indicators whose actual values follow from deliveries.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop or seminar")
        TRAINING = "training", _("Training course")
        ADVISORY_MISSION = "advisory_mission", _("Advisory mission")
        LEGISLATIVE_ASSISTANCE = "legislative_assistance", _("Legislative assistance")
        PUBLICATION = "publication", _("Tool or publication")

    class PublicationType(models.TextChoices):
        MODEL_LAW = "model_law", _("Model law")
        HANDBOOK = "handbook", _("Handbook")
        MANUAL = "manual", _("Manual")
        TRAINING_MODULE = "training_module", _("Training module or course")
        GUIDE = "guide", _("Guide or toolkit")
        STUDY = "study", _("Study or assessment")
        ONLINE_TOOL = "online_tool", _("Online tool or database")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    publication_type = models.CharField(max_length=20, choices=PublicationType.choices, blank=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    project = models.ForeignKey("portfolio.Project", on_delete=models.PROTECT, related_name="deliveries")
    output = models.ForeignKey(
        "portfolio.Output", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    activity = models.ForeignKey(
        "portfolio.Activity", null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    start_date = models.DateField()
    end_date = models.DateField(help_text=_("The delivery counts in the year it ends"))
    place = models.CharField(max_length=120, blank=True, help_text=_("City or venue; “online” for e-learning"))
    country = models.ForeignKey(
        "geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("Where it took place, or the State assisted"),
    )
    area = models.ForeignKey(
        "geography.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("For regional or global deliveries: the region, or the world"),
    )
    participants = models.PositiveIntegerField(default=0, help_text=_("Total number of participants"))
    indicators = models.ManyToManyField(
        "Indicator", blank=True, related_name="deliveries",
        help_text=_("Output indicators whose actual values follow from this delivery"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-end_date", "-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["kind"]), models.Index(fields=["end_date"]),
            # a country's latest deliveries (the portal's country page): without it PostgreSQL walked every delivery
            # by date until it found 50 of the country (12,000 rows at N=20)
            models.Index(fields=["country", "-end_date", "-id"], name="delivery_country_latest"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def where(self) -> str:
        parts = [self.place] if self.place else []
        if self.country_id:
            parts.append(str(self.country))
        elif self.area_id:
            parts.append("Global" if self.area.level == "world" else str(self.area))
        return ", ".join(parts)


class DeliveryParticipants(models.Model):
    """Participants of a delivery by one category of one dimension (e.g. sex = female: 14)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="participant_rows")
    dimension = models.CharField(max_length=30)
    category = models.CharField(max_length=30)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["delivery", "dimension", "category"]
        verbose_name_plural = "delivery participants"
        constraints = [
            models.UniqueConstraint(fields=["delivery", "dimension", "category"], name="delivery_participants_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.category}: {self.count}"
