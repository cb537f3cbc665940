"""Participants in treaties: States (an M49 country) or regional economic integration organizations."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Participant(models.Model):
    code = models.CharField(
        max_length=10, unique=True, help_text=_("ISO alpha-3 for a State; the organization's code (e.g. EU) otherwise")
    )
    name = models.CharField(max_length=160, unique=True)
    country = models.OneToOneField(
        "geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="treaty_participant"
    )
    is_rei = models.BooleanField(
        _("regional economic integration organization"), default=False,
        help_text=_("e.g. the European Union: a party to some treaties, not a State"),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_rei=True, country__isnull=True) | Q(is_rei=False, country__isnull=False),
                name="participant_is_state_or_rei",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def iso3(self) -> str:
        return "" if self.is_rei else self.code
