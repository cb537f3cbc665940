from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from mandates.core.audit import history_for
from mandates.people import permissions

from .models import WorkUnit


def tree(request):
    permissions.require(request.user, "view", WorkUnit)
    units = WorkUnit.objects.select_related("country").annotate(project_count=Count("projects", distinct=True)).order_by("path")
    return render(request, "organisation/tree.html", {"units": units})


def detail(request, code):
    unit = get_object_or_404(permissions.visible(request.user, WorkUnit.objects.select_related("country")), code=code)
    return render(request, "organisation/detail.html", {  # programmes and projects: the portfolio's panel
        "unit": unit,
        "ancestors": WorkUnit.objects.get_ancestors(unit),
        "children": WorkUnit.objects.get_children(unit),
        "history": history_for(unit) if permissions.can_view_history(request.user) else None,
    })
