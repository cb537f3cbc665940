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



def suggest_partners(user, text: str):
    """Type-ahead (``core.suggest``): the partners ``user`` may see whose name or acronym holds ``text``, as
    (name, acronym) pairs; the value is the name (unique), which the project page's "Add a partner" form takes."""
    qs = permissions.visible(user, Partner.objects.all())
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(acronym__icontains=text))
    return qs.order_by("name").values_list("name", "acronym")
