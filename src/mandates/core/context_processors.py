from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
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


# The sections each role may open, with their addresses: the same for every request of the role (the matrix
# and the URLs are fixed while the process runs); labels stay lazy, so each request shows its language.
_sections: dict[tuple, list[tuple]] = {}


def _sections_of(user) -> list[tuple]:
    role = permissions.role_of(user)
    key = (role, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), id(permissions.load_matrix()))
    found = _sections.get(key)
    if found is None:
        found = []
        for label, url_name, object_name in NAV:
            if permissions.scope(user, object_name, "view") == "none":
                continue
            try:
                found.append((label, reverse(url_name), url_name))
            except Exception:  # an app not wired yet
                continue
        _sections[key] = found
    return found


def navigation(request):
    user = getattr(request, "user", None)
    items = [{"label": label, "url": url, "url_name": url_name,
              "active": request.path.startswith(url) and url != "/"} for label, url, url_name in _sections_of(user)]
    return {
        "nav_items": items,
        "nav_groups": _grouped(items),
        "user_role": permissions.role_of(user),
    }
