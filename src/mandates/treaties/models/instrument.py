"""Treaty instruments: conventions and protocols, with their depositary and key dates."""
import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# "… Crime. New York, 15 November 2000" — the place and date the UNTC title ends with
_PLACE_AND_DATE = re.compile(r"\.\s+[A-Z][^.,]*,\s+\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\.?\s*$")


class Instrument(models.Model):
    class Group(models.TextChoices):
        DRUG_CONTROL = "drug_control", _("Drug control")
        ORGANIZED_CRIME = "organized_crime", _("Organized crime")
        CORRUPTION = "corruption", _("Corruption")
        TERRORISM = "terrorism", _("Terrorism")
        OTHER = "other", _("Other")

    code = models.CharField(
        max_length=40, unique=True,
        help_text=_("The UN Treaty Collection number (MTDSG), e.g. XVIII-12, or a short code"),
    )
    short_name = models.CharField(max_length=200)
    title = models.TextField("full title")
    group = models.CharField(max_length=20, choices=Group.choices, default=Group.OTHER)
    depositary = models.CharField(max_length=200, blank=True)
    adoption_date = models.DateField(null=True, blank=True)
    adoption_place = models.CharField(max_length=120, blank=True)
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    entry_into_force_source = models.CharField(
        _("source of the entry-into-force date"), max_length=500, blank=True,
        help_text=_("Where the date comes from (e.g. the UN Treaty Collection page); a date without a source is not shown as a fact"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="protocols",
        verbose_name=_("parent instrument"), help_text=_("The convention a protocol supplements or amends"),
    )
    untc_url = models.URLField(_("UN Treaty Collection page"), blank=True)
    status_source = models.CharField(max_length=200, blank=True, help_text=_("The status file last imported"))
    status_date = models.DateField(
        _("status as at"), null=True, blank=True, help_text=_("The date the imported status file was last brought up to date")
    )
    position = models.PositiveIntegerField(default=0, help_text=_("Order in lists and tables"))

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.short_name

    @property
    def name(self) -> str:
        """The instrument's full name, for titles: the UNTC title without its place and date of adoption
        ("United Nations Convention against Transnational Organized Crime", not "UNTOC")."""
        return _PLACE_AND_DATE.sub("", self.title or "").strip() or self.short_name

    def in_force_on(self, day) -> bool | None:
        """Whether the instrument was in force on ``day`` (None when the date is not recorded)."""
        if self.entry_into_force is None:
            return None
        return day >= self.entry_into_force
