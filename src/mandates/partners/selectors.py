from django.db.models import Count, Q

from mandates.people import permissions

from .models import Partner


def partner_list(user, *, search: str = "", kind: str = ""):
    qs = (
        Partner.objects.select_related("country")
        .annotate(project_count=Count("project_roles__project", distinct=True))
        .order_by("name")
    )
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(acronym__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    return permissions.visible(user, qs)

