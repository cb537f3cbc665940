"""Treaty events: what a participant did about an instrument, and when (signature, ratification, ...)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    SUCCESSION_TO_SIGNATURE = "succession_to_signature", _("Succession to signature")
    RATIFICATION = "ratification", _("Ratification")
    ACCESSION = "accession", _("Accession")
    ACCEPTANCE = "acceptance", _("Acceptance")
    APPROVAL = "approval", _("Approval")
    SUCCESSION = "succession", _("Succession")
    FORMAL_CONFIRMATION = "formal_confirmation", _("Formal confirmation")
    DEFINITIVE_SIGNATURE = "definitive_signature", _("Definitive signature")
    RATIFICATION_OR_DEFINITIVE_SIGNATURE = "ratification_or_definitive_signature", _("Ratification or definitive signature")
    PARTICIPATION = "participation", _("Participation by virtue of a related instrument")


#: Events by which a participant signs (a signatory) ...
SIGNATURE_KINDS = (EventKind.SIGNATURE, EventKind.SUCCESSION_TO_SIGNATURE)
#: ... and events by which it consents to be bound (a party).
CONSENT_KINDS = tuple(kind for kind in EventKind if kind not in SIGNATURE_KINDS)


class TreatyEvent(models.Model):
    Kind = EventKind

    instrument = models.ForeignKey("Instrument", on_delete=models.CASCADE, related_name="events")
    participant = models.ForeignKey("Participant", on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, choices=EventKind.choices)
    date = models.DateField()
    source_file = models.CharField(max_length=200, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    source_text = models.CharField(_("text in the source"), max_length=200, blank=True)
    declarations = models.TextField(_("declarations and reservations"), blank=True)
    assisted_by_projects = models.ManyToManyField(
        "portfolio.Project", blank=True, related_name="supported_treaty_events",
        verbose_name=_("supported by projects"),
    )
    assisted_by_activities = models.ManyToManyField(
        "portfolio.Activity", blank=True, related_name="supported_treaty_events",
        verbose_name=_("supported by activities"),
    )

    class Meta:
        ordering = ["instrument", "participant", "date"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "participant", "kind"], name="treaty_event_unique_kind"),
        ]
        indexes = [models.Index(fields=["instrument", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_kind_display()} of {self.instrument} on {self.date:%d %b %Y}"

    @property
    def is_consent(self) -> bool:
        return self.kind in CONSENT_KINDS
