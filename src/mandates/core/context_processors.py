from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mandates.people import permissions

NAV = [
    (_("Strategy"), "strategy:tree", "strategy"),
    (_("Resolutions"), "resolutions:list", "resolution"),
    (_("Programmes"), "portfolio:programme_list", "programme"),
    (_("Projects"), "portfolio:project_list", "project"),
    (_("Results"), "results:indicator_list", "indicator"),
    (_("Evaluation"), "evaluation:list", "evaluation"),
    (_("Partners"), "partners:list", "partner"),
    (_("Work units"), "organisation:tree", "work_unit"),
    (_("Finance"), "finance:overview", "finance"),
    (_("Assistance"), "assistance:list", "assistance_request"),
    (_("Treaties"), "treaties:list", "treaty"),
    (_("Statistics"), "statistics:explorer", "statistic_value"),
    (_("Reports"), "reporting:list", "report"),
    (_("IATI"), "interop:open_data", "external_activity"),
]


# The header's menus: each section belongs to one group; a group with one visible section is a plain link.
GROUPS = [
    (_("Mandates"), ("strategy:tree", "resolutions:list", "treaties:list")),
    (_("Portfolio"), ("portfolio:programme_list", "portfolio:project_list", "partners:list", "organisation:tree")),
    (_("Results"), ("results:indicator_list", "evaluation:list", "statistics:explorer")),
    (_("Money"), ("finance:overview",)),
    (_("Cooperation"), ("assistance:list", "interop:open_data")),
    (_("Reports"), ("reporting:list",)),
]


def _grouped(items) -> list[dict]:
    by_name = {item["url_name"]: item for item in items}
    groups = []
    for number, (label, names) in enumerate(GROUPS, start=1):
        members = [by_name[name] for name in names if name in by_name]
        if members:
            groups.append({"id": f"nav-menu-{number}", "label": label, "items": members,
                           "active": any(m["active"] for m in members)})
    return groups


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    for label, url_name, object_name in NAV:
        if permissions.scope(user, object_name, "view") == "none":
            continue
        try:
            url = reverse(url_name)
        except Exception:  # an app not wired yet
            continue
        items.append({"label": label, "url": url, "url_name": url_name,
                      "active": request.path.startswith(url) and url != "/"})
    return {
        "nav_items": items,
        "nav_groups": _grouped(items),
        "user_role": permissions.role_of(user),
    }
