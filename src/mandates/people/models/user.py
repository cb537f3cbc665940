"""People: a user has one role, and (depending on the role) a work unit or a country."""
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    PLANNING_OFFICER = "planning_officer", _("Planning officer")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    READER = "reader", _("Reader")
    MEMBER_STATE_READER = "member_state_reader", _("Member State reader")
    DONOR_READER = "donor_reader", _("Donor reader")  # scoped to one donor by finance.DonorReader


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.READER)
    work_unit = models.ForeignKey(
        "organisation.WorkUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Programme managers edit the work of this unit and the units below it."),
    )
    country = models.ForeignKey(
        "geography.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="readers",
        help_text=_("Member State readers see what concerns this country."),
    )

    def clean(self):
        super().clean()
        if self.role == Role.PROGRAMME_MANAGER and not self.work_unit_id:
            raise ValidationError({"work_unit": _("A programme manager belongs to a work unit.")})
        if self.role == Role.MEMBER_STATE_READER and not self.country_id:
            raise ValidationError({"country": _("A Member State reader is scoped to one country.")})

    @property
    def matrix_role(self) -> str:
        if self.is_superuser:
            return Role.ADMINISTRATOR
        return self.role

    def __str__(self) -> str:
        full = self.get_full_name()
        return full or self.username
