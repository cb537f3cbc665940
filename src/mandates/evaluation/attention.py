"""What needs attention on the home page, from evaluations (registered in ``ready``)."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import OVERDUE, AttentionItem, register_attention
from mandates.people import permissions


def overdue_actions(user):
    from .models import ActionItem

    if not permissions.can(user, "view", ActionItem):
        return []
    from . import selectors

    unit = user.work_unit if user.role == "programme_manager" else None
    if user.role == "programme_manager" and unit is None:
        return []
    query = urlencode({"unit": unit.code if unit else "", "overdue": "1"})
    label = (_("action items of evaluations overdue in your unit") if unit
             else _("action items of evaluations overdue"))
    return [AttentionItem(label, selectors.overdue_items(user, unit=unit).count(),
                          f"{reverse('evaluation:follow_up')}?{query}", OVERDUE, _("Evaluation"))]


def register():
    register_attention("evaluation.overdue_actions", overdue_actions,
                       roles=("programme_manager", "planning_officer", "administrator"), order=30)
