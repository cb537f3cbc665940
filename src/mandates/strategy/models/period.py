"""A strategy period (e.g. 2008-2011) and the names of the levels of its results tree."""
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def default_levels():
    return ["theme", "result area", "expected result"]


def default_management_levels():
    return ["management objective", "management result"]


def level_key(name: str) -> str:
    """The identifier of a level name in the API and in query parameters: 'result area' -> 'result_area'."""
    return re.sub(r"[^a-z0-9]+", "_", (name or "").strip().lower()).strip("_")


def plural_name(name: str) -> str:
    """'result area' -> 'result areas', 'activity' -> 'activities', 'analysis' -> 'analyses'."""
    name = name or ""
    if name.endswith("is"):
        return name[:-2] + "es"
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    if name.endswith("y") and name[-2:-1] not in ("a", "e", "i", "o", "u"):
        return name[:-1] + "ies"
    return name + "s"


class StrategyPeriod(models.Model):
    code = models.CharField(max_length=20, unique=True, help_text=_("e.g. 2008-2011"))
    title = models.CharField(max_length=300)
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    level_names = models.JSONField(
        default=default_levels,
        help_text=_("Names of the levels of the results tree, top first; the last level holds the results."),
    )
    management_level_names = models.JSONField(default=default_management_levels)
    adopted_by = models.CharField(max_length=200, blank=True, help_text=_("e.g. ECOSOC resolution 2007/12"))
    mission = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_year", "code"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The period cannot end before it starts.")})
        if not isinstance(self.level_names, list) or not self.level_names:
            raise ValidationError({"level_names": _("Give at least one level name.")})

    @property
    def result_level(self) -> int:
        """Depth (0-based) of the nodes that are results in this period's tree."""
        return len(self.level_names) - 1

    @property
    def result_name(self) -> str:
        """What this period calls its results, e.g. 'expected result'."""
        return self.level_names[-1] if self.level_names else "result"

    def level_names_for(self, track: str) -> list[str]:
        return list(self.level_names if track == "results" else self.management_level_names)

    def level_name(self, track: str, level: int) -> str:
        names = self.level_names_for(track)
        return names[level] if level < len(names) else f"level {level + 1}"

    def level_key(self, level: int) -> str:
        """API key of a level of the results tree, e.g. 'result_area'."""
        return level_key(self.level_name("results", level))
