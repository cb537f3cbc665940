"""The lessons-learned panel on the project page (registered through core.extensions)."""
from mandates.core.extensions import register_panel


def _lessons(user, project) -> dict:
    from .selectors import lessons_for_project

    return {"project_lessons": lessons_for_project(project, user)}


def _shared(user, project) -> tuple:
    """The panel shows the lessons the person may see, nothing else of theirs."""
    from mandates.people import permissions

    return permissions.view_key(user, "lesson")


def register() -> None:
    register_panel("project", "evaluation/_lessons_for_project.html", order=30, context=_lessons, shared=_shared)
