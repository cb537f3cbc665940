"""One node of a strategy tree: a theme, a result area, an expected result, or a management objective.

The depth and names of the levels belong to the period; nothing here assumes the 2008-2011 codes.
"""
import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    RESULTS = "results", _("Programme results")
    MANAGEMENT = "management", _("Management support")


def natural_sort_key(code: str) -> str:
    """'1.10.2' -> '0001.0010.0002', 'b.ii' -> 'b.ii' padded, so codes sort as people read them."""
    parts = re.split(r"[.\s]+", code.strip())
    return ".".join(p.zfill(4) if p.isdigit() else p.rjust(4, " ") for p in parts)


def tree_sort_key(parent_key: str, position: int, code: str) -> str:
    """The key that puts a node in tree order: its parent's key, then its place among its siblings.

    ``position`` is the order of the node in its source (file or form); nodes with the same position
    (e.g. all 0) fall back on the natural order of the last part of their code. Roman numerals such
    as (i) ... (v) therefore keep their order when they were loaded in that order.
    """
    last = re.split(r"[.\s]+", code.strip())[-1][:12] if code else ""
    own = f"{min(position, 9999):04d}{natural_sort_key(last)}"
    return f"{parent_key}/{own}" if parent_key else own


class StrategyNode(models.Model):
    period = models.ForeignKey("StrategyPeriod", on_delete=models.CASCADE, related_name="nodes")
    track = models.CharField(max_length=20, choices=Track.choices, default=Track.RESULTS)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField(help_text=_("0 for the top level"))
    code = models.CharField(max_length=30)
    title = models.TextField()
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(
        default=0, help_text=_("Order among the node's siblings, as in the source of the strategy")
    )
    sort_key = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        ordering = ["period", "track", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["period", "track", "code"], name="strategy_node_code_unique_in_period")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def compute_sort_key(self) -> str:
        parent_key = self.parent.sort_key if self.parent_id else ""
        return tree_sort_key(parent_key, self.position or 0, self.code or "")

    def save(self, *args, **kwargs):
        self.sort_key = self.compute_sort_key()
        super().save(*args, **kwargs)

    @property
    def level_name(self) -> str:
        return self.period.level_name(self.track, self.level)

    @property
    def is_result(self) -> bool:
        return self.track == Track.RESULTS and self.level == self.period.result_level

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 110 else self.title[:107].rsplit(" ", 1)[0] + "…"
