"""What interop adds to earlier domains' pages, registered from ``ready()`` through core.extensions:
the project page ("others working here on the same sectors"), the country page (the office's
projects beside other publishers' activities) and a count in the implementation plan's (c) column."""
from mandates.core.extensions import register_annotator, register_panel


def _may_see(user, obj) -> bool:
    from mandates.people import permissions

    from .models import ExternalActivity

    return permissions.can(user, "view", ExternalActivity)


def _project(user, project) -> dict:
    from .selectors import others_for_project

    return {"others": others_for_project(project)}


def _shared(user, project) -> tuple:
    """The panel shows nothing of the person (who may see it at all is ``_may_see``); an IATI import moves the data
    version (``services._import_handle``), so the part is dropped when other publishers' activities change."""
    return ()


def _country(user, country) -> dict:
    from .selectors import coordination_for_country

    return {"coordination": coordination_for_country(country)}


def _plan_rows(user, rows) -> None:
    from .selectors import count_for_results

    counts = count_for_results(rows)
    for row in rows:
        row.extras["others_here"] = counts.get(row.result.pk, 0)


def register() -> None:
    register_panel("project", "interop/_project_others.html", order=40, visible=_may_see, context=_project,
                   shared=_shared)
    register_panel("country", "interop/_country_coordination.html", order=40, visible=_may_see, context=_country)
    register_panel("plan_where", "interop/_plan_where.html", order=40)
    register_annotator("implementation_plan", _plan_rows)
