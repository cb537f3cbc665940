from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One thing told to one person (in the bell, and by e-mail if they chose so)."""
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=80)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    key = models.CharField(max_length=120, blank=True, help_text=_("Tells a reminder already sent apart."))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], condition=~models.Q(key=""),
                                               name="notification_once_per_key")]

    def __str__(self):
        return self.title


class Preference(models.Model):
    """What a person wants to be told, and how. ``channels`` maps an event kind to ``"email"`` (in
    Mandates and by e-mail), ``"app"`` (in Mandates only) or ``"none"``; a kind not listed: e-mail."""
    class Channel(models.TextChoices):
        EMAIL = "email", _("In Mandates and by e-mail")
        APP = "app", _("In Mandates only")
        NONE = "none", _("Not at all")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    channels = models.JSONField(default=dict, blank=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("remind me of deadlines this many days ahead"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)])
    weekly_digest = models.BooleanField(_("send me a weekly digest by e-mail"), default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Notification preferences of {self.user}"

    def channel(self, kind: str) -> str:
        value = (self.channels or {}).get(kind, self.Channel.EMAIL)
        return value if value in self.Channel.values else self.Channel.EMAIL


class Visit(models.Model):
    """When a person signed in, the time before and this time ("changed since your last visit")."""
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit")
    previous_at = models.DateTimeField(null=True, blank=True)
    current_at = models.DateTimeField()

    def __str__(self):
        return f"{self.user_id}: {self.previous_at} -> {self.current_at}"
