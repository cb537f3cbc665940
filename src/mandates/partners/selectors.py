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


def partner_projects(user, partner: Partner):
    from mandates.portfolio.models import ProjectPartner

    roles = ProjectPartner.objects.filter(partner=partner).select_related("project", "project__lead_unit")
    visible_ids = permissions.visible(user, partner.projects.all()).values("pk")
    return roles.filter(project__in=visible_ids).order_by("project__code", "role")
