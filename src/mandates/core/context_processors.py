from django.urls import reverse

from mandates.people import permissions

NAV = [
    ("Strategy", "strategy:tree", "strategy"),
    ("Resolutions", "resolutions:list", "resolution"),
    ("Programmes", "portfolio:programme_list", "programme"),
    ("Projects", "portfolio:project_list", "project"),
    ("Results", "results:indicator_list", "indicator"),
    ("Evaluation", "evaluation:list", "evaluation"),
    ("Partners", "partners:list", "partner"),
    ("Work units", "organisation:tree", "work_unit"),
    ("Finance", "finance:overview", "finance"),
    ("Assistance", "assistance:list", "assistance_request"),
    ("Treaties", "treaties:list", "treaty"),
    ("Statistics", "statistics:explorer", "statistic_value"),
    ("Open data", "interop:open_data", "external_activity"),
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
