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
        items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {
        "nav_items": items,
        "user_role": permissions.role_of(user),
    }
