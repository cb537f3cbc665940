"""A Member State's request for technical assistance, from receipt to response.

Lifecycle: received -> under triage -> assigned (to a work unit) -> accepted (linked to a project
and/or an activity) / declined (with a reason) / referred (to a partner) -> closed. Transitions are
run through ``core.lifecycle.run_transition`` so that who, when and why is recorded.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition


class AssistanceRequest(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_TRIAGE = "under_triage", _("Under triage")
        ASSIGNED = "assigned", _("Assigned")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REFERRED = "referred", _("Referred to a partner")
        CLOSED = "closed", _("Closed")

    class Channel(models.TextChoices):
        NOTE_VERBALE = "note_verbale", _("Note verbale")
        LETTER = "letter", _("Letter")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("E-mail")
        OTHER = "other", _("Other")

    class Urgency(models.TextChoices):
        ROUTINE = "routine", _("Routine")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    OPEN_STATUSES = (Status.RECEIVED, Status.UNDER_TRIAGE, Status.ASSIGNED)
    RESPONSE_STATUSES = (Status.ACCEPTED, Status.DECLINED, Status.REFERRED)

    reference = models.CharField(
        _("reference number"), max_length=40, unique=True,
        help_text=_("Left empty, the next number of the year is given, e.g. TA-2009-0007"),
    )
    requesting_state = models.ForeignKey(
        "geography.Country", on_delete=models.PROTECT, related_name="assistance_requests",
        verbose_name=_("requesting State"),
    )
    received_on = models.DateField("date received")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.NOTE_VERBALE)
    state_reference = models.CharField(
        _("the State's reference"), max_length=120, blank=True, help_text=_("e.g. the number of the note verbale")
    )
    subject = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="assistance_requests",
        verbose_name=_("result areas and expected results"),
    )
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    status = FSMField(default=Status.RECEIVED, choices=Status.choices)
    assigned_unit = models.ForeignKey(
        "organisation.WorkUnit", null=True, blank=True, on_delete=models.PROTECT,
        related_name="assistance_requests", verbose_name=_("assigned work unit"),
    )
    # The response
    responded_on = models.DateField(_("date of response"), null=True, blank=True)
    project = models.ForeignKey(
        "portfolio.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="assistance_requests",
        verbose_name=_("linked project"),
    )
    activity = models.ForeignKey(
        "portfolio.Activity", null=True, blank=True, on_delete=models.PROTECT, related_name="assistance_requests",
        verbose_name=_("linked activity"),
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="assistance_referrals",
        verbose_name=_("referred to"),
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("request for technical assistance")
        verbose_name_plural = _("requests for technical assistance")
        indexes = [models.Index(fields=["status"]), models.Index(fields=["received_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def badge_class(self) -> str:
        """A badge style of the shared stylesheet that fits the status."""
        return {
            self.Status.RECEIVED: "draft",
            self.Status.UNDER_TRIAGE: "submitted",
            self.Status.ASSIGNED: "in_consultation",
            self.Status.ACCEPTED: "approved",
            self.Status.DECLINED: "cancelled",
            self.Status.REFERRED: "completed",
            self.Status.CLOSED: "closed",
        }.get(self.status, "draft")

    # --- conditions ----------------------------------------------------------------------
    def has_unit(self) -> bool:
        return self.assigned_unit_id is not None

    def has_link(self) -> bool:
        return self.project_id is not None or self.activity_id is not None

    def has_reason(self) -> bool:
        return bool((self.decline_reason or "").strip())

    def has_partner(self) -> bool:
        return self.partner_id is not None

    def has_response_date(self) -> bool:
        return self.responded_on is not None

    # --- lifecycle -------------------------------------------------------------------------
    @transition(field=status, source=Status.RECEIVED, target=Status.UNDER_TRIAGE, custom={"label": "Start triage"})
    def start_triage(self, by=None, comment=""):
        pass

    @transition(field=status, source=[Status.UNDER_TRIAGE, Status.ASSIGNED], target=Status.ASSIGNED,
                conditions=[has_unit], custom={"label": "Assign to a work unit"})
    def assign(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.ASSIGNED, target=Status.ACCEPTED,
                conditions=[has_link, has_response_date], custom={"label": "Accept"})
    def accept(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.ASSIGNED, target=Status.DECLINED,
                conditions=[has_reason, has_response_date], custom={"label": "Decline"})
    def decline(self, by=None, comment=""):
        pass

    @transition(field=status, source=Status.ASSIGNED, target=Status.REFERRED,
                conditions=[has_partner, has_response_date], custom={"label": "Refer to a partner"})
    def refer(self, by=None, comment=""):
        pass

    @transition(field=status, source=list(RESPONSE_STATUSES), target=Status.CLOSED, custom={"label": "Close"})
    def close(self, by=None, comment=""):
        pass
