from django.db.models import Q

from .models import Area, Country
from .names import codes_named


def countries(search: str = ""):
    qs = Country.objects.select_related("region", "sub_region", "intermediate_region")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(iso3__iexact=search) | Q(iso2__iexact=search)
                       | Q(m49_code__in=codes_named(search)))
    return qs


def areas():
    return Area.objects.select_related("parent")


def world() -> Area:
    return Area.objects.get(level=Area.Level.WORLD)


def countries_in_area(area: Area):
    """All countries inside an M49 area (the world: every country)."""
    if area.level == Area.Level.WORLD:
        return Country.objects.all()
    return Country.objects.filter(
        Q(region=area) | Q(sub_region=area) | Q(intermediate_region=area)
    )
