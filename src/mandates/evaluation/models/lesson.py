"""Lessons learned: searchable by text, theme, result area and region; shown on the pages of projects
that serve the same results."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Lesson(models.Model):
    title = models.CharField(max_length=300)
    text = models.TextField("lesson")
    evaluation = models.ForeignKey(
        "Evaluation", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    project = models.ForeignKey(
        "portfolio.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons",
        help_text=_("The project it was learned from, if any"),
    )
    results = models.ManyToManyField(
        "strategy.StrategyNode", blank=True, related_name="lessons",
        verbose_name=_("themes, result areas or expected results"),
    )
    areas = models.ManyToManyField(
        "geography.Area", blank=True, related_name="lessons", verbose_name=_("regions"),
        help_text=_("Regions (or the world) where it applies"),
    )
    is_public = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
