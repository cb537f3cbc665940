"""Lists: contributions (filtered, narrowed by permissions), donors and what they gave."""
from django.db.models import Count, Q

from mandates.core.params import filter_year
from mandates.people import permissions

from ..models import Contribution, Donor, Expenditure, ImportBatch
from .figures import Z
from .sums import MoneySum, cents

CONTRIBUTION_FILTERS = ("biennium", "donor", "donor_kind", "fund", "segment", "earmarking", "status", "currency",
                        "year", "q")


def contributions(user, **filters):
    qs = Contribution.objects.select_related(
        "donor", "segment", "segment__fund", "segment__biennium", "theme", "area", "programme", "project")
    f = {k: v for k, v in filters.items() if v not in (None, "")}
    if "biennium" in f:
        qs = qs.filter(segment__biennium__code=f["biennium"])
    if "donor" in f:
        donor = str(f["donor"])
        qs = qs.filter(donor__pk=int(donor)) if donor.isdigit() else qs.filter(
            Q(donor__short_name__iexact=donor) | Q(donor__name__iexact=donor) | Q(donor__country__iso3__iexact=donor))
    if "donor_kind" in f:
        qs = qs.filter(donor__kind=f["donor_kind"])
    if "fund" in f:
        qs = qs.filter(segment__fund__code=f["fund"])
    if "segment" in f:
        qs = qs.filter(segment__code=f["segment"])
    if "earmarking" in f:
        qs = qs.filter(earmarking=f["earmarking"])
    if "status" in f:
        qs = qs.filter(status=f["status"])
    if "currency" in f:
        qs = qs.filter(currency=str(f["currency"]).upper())
    if "year" in f:
        qs = filter_year(qs, "date", f["year"])
    if "q" in f:
        qs = qs.filter(Q(reference__icontains=f["q"]) | Q(description__icontains=f["q"])
                       | Q(donor__name__icontains=f["q"]))
    return permissions.visible(user, qs).order_by("-date", "reference")


def totals(qs) -> dict:
    row = qs.order_by().aggregate(usd=MoneySum("usd_amount"), received=MoneySum("received_usd"), count=Count("pk"))
    return {"usd": cents(row["usd"]), "received": cents(row["received"]), "count": row["count"]}


def donors(user):
    """Donors the person may see, each with the totals of the contributions the person may see."""
    visible = permissions.visible(user, Contribution.objects.all()).values("pk")
    in_view = Q(contributions__pk__in=visible)
    return (permissions.visible(user, Donor.objects.select_related("country"))
            .annotate(total=MoneySum("contributions__usd_amount", filter=in_view),
                      received=MoneySum("contributions__received_usd", filter=in_view),
                      count=Count("contributions", filter=in_view))
            .order_by("name"))


def donor_detail(user, donor: Donor) -> dict:
    qs = contributions(user, donor=donor.pk)
    by_biennium = list(qs.order_by().values("segment__biennium__code", "earmarking")
                       .annotate(total=MoneySum("usd_amount")).order_by("segment__biennium__code"))
    bienniums: dict[str, dict] = {}
    for r in by_biennium:
        b = bienniums.setdefault(r["segment__biennium__code"], {"biennium": r["segment__biennium__code"],
                                                                "general_purpose": Z, "soft": Z, "hard": Z})
        b[r["earmarking"]] = cents(r["total"])
    for b in bienniums.values():
        b["total"] = b["general_purpose"] + b["soft"] + b["hard"]
    paid_for = list(
        Expenditure.objects.filter(contribution__in=qs.values("pk")).order_by()
        .values("project", "project__code", "project__title")
        .annotate(total=MoneySum("usd_amount"), psc=MoneySum("psc_amount"))
        .order_by("project__code"))
    return {"donor": donor, "contributions": qs, "by_biennium": list(bienniums.values()), "totals": totals(qs),
            "paid_for": paid_for}


def import_batches(limit: int = 20):
    return ImportBatch.objects.select_related("imported_by")[:limit]
