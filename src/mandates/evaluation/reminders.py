"""Deadline reminders for evaluation follow-up: open action items of a programme manager's unit.
Registered in ``EvaluationConfig.ready``."""
import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.core import events

KIND = "evaluation.action_deadline"


def action_deadlines(user, days):
    if user.role != "programme_manager" or user.work_unit is None:
        return []
    from . import selectors

    horizon = timezone.localdate() + datetime.timedelta(days=days)
    items = selectors.follow_up(user, unit=user.work_unit)["items"].filter(due_date__lte=horizon)
    return [events.Deadline(KIND, f"action:{i.pk}", _("Evaluation follow-up: %(what)s") % {"what": str(i)[:150]},
                            reverse("evaluation:action_edit", args=[i.pk]), i.due_date) for i in items[:200]]


def register():
    events.register_kind(KIND, gettext_lazy("An action item of an evaluation falls due or is overdue"))
    events.register_deadlines("evaluation.actions", action_deadlines)
