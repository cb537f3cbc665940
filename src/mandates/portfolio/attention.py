"""What needs attention on the home page, from the portfolio (registered in ``ready``)."""
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from mandates.core.extensions import DUE_SOON, AttentionItem, register_attention, register_followed
from mandates.people import permissions

ENDING_DAYS = 90


def _unit_of(user):
    """A programme manager looks at their unit's projects; planners and administrators at all."""
    if user.role == "programme_manager":
        return user.work_unit, user.work_unit is None
    return None, False


def projects_ending(user):
    from . import selectors
    from .models import Project

    if not permissions.can(user, "view", Project):
        return []
    unit, nothing = _unit_of(user)
    if nothing:
        return []
    count = selectors.project_list(user, unit=unit, ending=ENDING_DAYS).count()
    query = {"ending": ENDING_DAYS, **({"unit": unit.code} if unit else {})}
    label = (_("of your unit's projects end within %(days)s days") if unit
             else _("projects end within %(days)s days")) % {"days": ENDING_DAYS}
    return [AttentionItem(label, count, f"{reverse('portfolio:project_list')}?{urlencode(query)}", DUE_SOON,
                          _("Portfolio"))]


def followed_projects(user):
    """The projects a person follows: a programme manager's unit's, a Member State's own."""
    from .models import Project

    if user.role == "programme_manager" and user.work_unit is not None:
        return Project.objects.filter(lead_unit__path__startswith=user.work_unit.path)
    if user.role == "member_state_reader":
        return permissions.visible(user, Project.objects.all())
    return None


def register():
    register_attention("portfolio.projects_ending", projects_ending,
                       roles=("programme_manager", "planning_officer", "administrator"), order=35)
    register_followed("portfolio.projects", followed_projects)
