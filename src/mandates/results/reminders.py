"""Deadline reminders for the end of activities: a programme manager's unit's activities ending
within their chosen number of days, or ended, with no delivery recorded. Registered in
``ResultsConfig.ready``."""
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.core import events

KIND = "results.activity_end"
LIMIT = 200


def activity_deadlines(user, days):
    if user.role != "programme_manager" or user.work_unit is None:
        return []
    from . import selectors

    horizon = timezone.localdate() + datetime.timedelta(days=days)
    activities = selectors.activities_without_delivery(user, unit=user.work_unit, ending_by=horizon)
    return [events.Deadline(
        KIND, f"activity:{a.pk}",
        _("Activity %(code)s of %(project)s ends: %(title)s") % {
            "code": a.code, "project": a.output.outcome.project.code, "title": a.title[:120]},
        reverse("portfolio:project_detail", args=[a.output.outcome.project_id]), a.end_date)
        for a in activities.filter(end_date__isnull=False)[:LIMIT]]


def register():
    events.register_kind(KIND, gettext_lazy("An activity of my unit's projects ends, or has ended, with no delivery recorded"))
    events.register_deadlines("results.activities", activity_deadlines)
