"""A stored summary of the implementation plan (see ``results/plan/stored.py``).

Derived data, not a record people write: each row is the page's (or the API's) summary of a period's
unfiltered plan (or of one year of it) for one visibility scope, as at one date, computed at one **data version** (the
number of the latest audit entry, ``core.page_cache.data_version``). It is read only while that
version is still the latest — any write anywhere makes it out of date; after a write, the rows it
touched are computed again at once (``results/plan/incremental.py``), or the whole of it by a background
task. Not audited: writing it is not a change of the data (and must not move the data version on).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanSummary(models.Model):
    period = models.ForeignKey("strategy.StrategyPeriod", on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=40, help_text="Who it is for: a visibility scope shared by roles")
    shown = models.CharField(max_length=100, help_text="How many outputs, projects and indicators a row lists")
    year = models.PositiveSmallIntegerField(db_default=0, help_text="The year it is of (the plan's year filter); 0: the "
                                                                 "whole period")
    as_of = models.DateField()
    version = models.CharField(max_length=100, help_text="The data version it was computed at: the latest audit "
                                                         "entry, and the stamps of unaudited imports (plan.stored)")
    data = models.BinaryField()
    index = models.BinaryField(null=True, help_text="What its refresh in part needs: each row's projects, every "
                                                    "project's money (plan.incremental); not read by readers")
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stored plan summary")
        verbose_name_plural = _("stored plan summaries")
        constraints = [models.UniqueConstraint(fields=["period", "scope", "shown", "year", "as_of"],
                                               name="results_plansummary_unique")]

    def __str__(self) -> str:
        return f"Plan summary {self.period_id} {self.scope} {self.year or ''} {self.as_of} v{self.version}"
