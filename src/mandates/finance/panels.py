"""The finance panel on the project page (registered through core.extensions)."""
from mandates.core.extensions import register_panel
from mandates.people import permissions


def _may_see_money(user, project) -> bool:
    from .models import ProjectFinance

    scope = permissions.scope(user, "project_finance", "view")
    if scope == "none":
        return False
    if scope == "all":
        return True  # every project's money: no need to read this one again
    # the page's project, seen as its money (no second read: the unit check needs only its lead unit,
    # the other scopes ask the database by primary key)
    finance_view = ProjectFinance(pk=project.pk, lead_unit=project.lead_unit)
    return permissions.can(user, "view", finance_view)


def register() -> None:
    register_panel("project", "finance/_project_panel.html", order=10, visible=_may_see_money)
