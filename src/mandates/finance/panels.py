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
    finance_view = ProjectFinance.objects.select_related("lead_unit").filter(pk=project.pk).first()
    return finance_view is not None and permissions.can(user, "view", finance_view)


def register() -> None:
    register_panel("project", "finance/_project_panel.html", order=10, visible=_may_see_money)
