"""Work units as a tree: headquarters divisions, branches and sections; field offices."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class WorkUnit(MP_Node):
    class Kind(models.TextChoices):
        OFFICE = "office", _("Office (headquarters)")
        DIVISION = "division", _("Division")
        BRANCH = "branch", _("Branch")
        SECTION = "section", _("Section")
        UNIT = "unit", _("Unit")
        REGIONAL_OFFICE = "regional_office", _("Regional office")
        COUNTRY_OFFICE = "country_office", _("Country office")
        PROGRAMME_OFFICE = "programme_office", _("Programme office")
        LIAISON_OFFICE = "liaison_office", _("Liaison office")

    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    location = models.CharField(max_length=120, blank=True, help_text=_("Duty station, e.g. Vienna, Nairobi"))
    country = models.ForeignKey(
        "geography.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="work_units"
    )
    is_demo = models.BooleanField(default=False)

    node_order_by = ["code"]

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_field_office(self) -> bool:
        return self.kind in {
            self.Kind.REGIONAL_OFFICE,
            self.Kind.COUNTRY_OFFICE,
            self.Kind.PROGRAMME_OFFICE,
            self.Kind.LIAISON_OFFICE,
        }

    def covers(self, other: "WorkUnit | None") -> bool:
        """True when ``other`` is this unit or one of its descendants (no query)."""
        return other is not None and other.path.startswith(self.path)
