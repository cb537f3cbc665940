"""Reads of the interop app: what the IATI export publishes, and who else works where the office works."""
import csv
from collections import defaultdict
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from pathlib import Path

from django.db.models import Q

OFFICE_REF = "XM-DAC-41128"
OFFICE_NAME = "United Nations Office on Drugs and Crime"
OFFICE_TYPE = "40"
EXPORTED_STATUSES = ("approved", "in_implementation", "suspended", "completed", "closed", "cancelled")
SECTORS_FILE = Path(__file__).resolve().parent / "data" / "sectors.csv"
PARTNER_TYPE = {"un_entity": "40", "ifi": "40", "regional_organisation": "40", "intergovernmental": "40",
                "government": "10", "national_institution": "10", "civil_society": "22", "academia": "80",
                "private_sector": "70"}
DONOR_TYPE = {"member_state": "10", "european_commission": "40", "un_entity": "40", "ifi": "40",
              "private_sector": "70", "foundation": "60", "other": "90"}
PARTNER_ROLE = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}


@lru_cache(maxsize=1)
def sector_map() -> dict[str, str]:
    with open(SECTORS_FILE, newline="", encoding="utf-8") as handle:
        return {row["strategy_code"]: row["dac_sector"] for row in csv.DictReader(handle)}


def sector_for(code: str) -> str:
    mapping = sector_map()
    parts = code.split(".")
    while parts:
        found = mapping.get(".".join(parts))
        if found:
            return found
        parts.pop()
    return mapping["*"]


def split_100(n: int) -> list[Decimal]:
    """n shares of 100 with two decimals, adding up to exactly 100."""
    if n <= 0:
        return []
    base = (Decimal(100) / n).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [base] * n
    shares[-1] += Decimal(100) - base * n
    return shares


def published_q() -> Q:
    """What IATI publishes: projects marked public, past approval (cancelled ones too: IATI says they
    were cancelled), and not under a programme that is itself unpublished or still a draft."""
    from mandates.portfolio.models import Programme

    return Q(is_public=True, status__in=EXPORTED_STATUSES) & (
        Q(programme__isnull=True) | (Q(programme__is_public=True) & ~Q(programme__status=Programme.Status.DRAFT)))


def public_projects():
    from mandates.portfolio.models import Project

    return Project.objects.filter(published_q())


def identifier_of(project) -> str:
    return project.iati_identifier or f"{OFFICE_REF}-{project.code}"


def _with_budgets(activities) -> None:
    """Give each activity (budgets prefetched) its budget total and the currency it is published in."""
    for a in activities:
        a.budget_total = sum((b.value for b in a.budgets.all()), Decimal(0))
        a.budget_currency = next((b.currency for b in a.budgets.all()), a.default_currency)


def coordination_for_country(country, *, limit: int = 50) -> dict:
    """The office's published projects in a country beside other publishers' activities there. Filtering and
    counting happen in the database: a country may hold thousands of imported activities."""
    from django.db.models import Count

    from .models import ExternalActivity

    ours = list(public_projects().filter(locations__country=country).distinct().prefetch_related("results")
                .order_by("code"))
    sectors = {sector_for(n.code) for p in ours for n in p.results.all()}
    in_country = ExternalActivity.objects.filter(
        pk__in=ExternalActivity.objects.filter(countries__country=country).exclude(reporting_org_ref=OFFICE_REF)
        .values("pk"))
    same = in_country.filter(pk__in=ExternalActivity.objects.filter(
        sectors__vocabulary="1", sectors__code__in=sectors).values("pk")) if sectors else in_country.none()
    counted = {"all": Count("pk"), "partners": Count("pk", filter=Q(names_office=True))}
    totals = in_country.aggregate(**counted)
    same_totals = same.aggregate(**counted)  # none() when no sector: counts of 0 without a query
    activities = list(same.prefetch_related("sectors", "budgets").order_by("-names_office", "identifier")[:limit])
    _with_budgets(activities)
    return {"country": country, "projects": ours, "sectors": sorted(sectors), "activities": activities,
            "count": same_totals["all"], "partnerships": same_totals["partners"], "in_country": totals["all"],
            "partnerships_in_country": totals["partners"]}


def others_for_project(project, *, limit: int = 20) -> dict:
    """Other publishers' activities in the project's countries and DAC sectors."""
    from .models import ExternalActivity

    countries = [loc.country_id for loc in project.locations.all() if loc.country_id]
    # the project page has read the project's expected results (``portfolio.selectors.with_logframe``)
    results = project.linked_results if hasattr(project, "linked_results") else project.results.all()
    sectors = {sector_for(n.code) for n in results}
    qs = (ExternalActivity.objects.filter(countries__country_id__in=countries, sectors__vocabulary="1",
                                          sectors__code__in=sectors)
          .exclude(reporting_org_ref=OFFICE_REF).distinct())
    activities = list(qs.prefetch_related("budgets", "countries").order_by("-names_office", "identifier")[:limit])
    total = len(activities) if len(activities) < limit else qs.count()  # counted only when there may be more
    _with_budgets(activities)
    return {"activities": activities, "count": total, "sectors": sorted(sectors)}


def count_for_projects(project_ids) -> dict[int, int]:
    """Per project: how many other publishers' activities share one of its countries and sectors."""
    from mandates.portfolio.models import Project

    from .models import ExternalSector

    projects = Project.objects.filter(pk__in=project_ids).prefetch_related("locations", "results")
    wanted = {}
    for p in projects:
        wanted[p.pk] = ({loc.country_id for loc in p.locations.all() if loc.country_id},
                        {sector_for(n.code) for n in p.results.all()})
    all_countries = set().union(*(c for c, _ in wanted.values())) if wanted else set()
    all_sectors = set().union(*(s for _, s in wanted.values())) if wanted else set()
    pairs = defaultdict(set)
    for activity_id, country_id, code in (ExternalSector.objects.filter(
            vocabulary="1", code__in=all_sectors, activity__countries__country_id__in=all_countries)
            .exclude(activity__reporting_org_ref=OFFICE_REF)
            .values_list("activity_id", "activity__countries__country_id", "code")):
        pairs[(country_id, code)].add(activity_id)
    counts = {}
    for pk, (countries, sectors) in wanted.items():
        found = set()
        for c in countries:
            for s in sectors:
                found |= pairs.get((c, s), set())
        counts[pk] = len(found)
    return counts


def imports():
    from .models import ImportRecord

    return ImportRecord.objects.select_related("by").order_by("-started_at")




def count_for_results(rows) -> dict[int, int]:
    """Per implementation plan row (an expected result): other publishers' activities in the row's countries and
    in the result's DAC sector. One query whatever the number of rows."""
    from .models import ExternalSector

    wanted = {row.result.pk: (set(row.countries), sector_for(row.result.code)) for row in rows}
    names = set().union(*(c for c, _ in wanted.values())) if wanted else set()
    if not names:
        return {}
    pairs = defaultdict(set)
    for activity_id, country, code in (ExternalSector.objects.filter(
            vocabulary="1", code__in={s for _, s in wanted.values()}, activity__countries__country__name__in=names)
            .exclude(activity__reporting_org_ref=OFFICE_REF)
            .values_list("activity_id", "activity__countries__country__name", "code")):
        pairs[(country, code)].add(activity_id)
    counts = {}
    for result_id, (countries, code) in wanted.items():
        found = set()
        for c in countries:
            found |= pairs.get((c, code), set())
        counts[result_id] = len(found)
    return counts


def coordination_for_area(area, *, limit: int = 100) -> dict:
    """For a region (or sub-region), the office's published projects there beside other publishers'
    activities in the same DAC sectors, in the area's countries or given the area itself (M49 regions,
    IATI region vocabulary 2); with the count per country, so a regional programme sees where the
    overlap is. Filtering and counting happen in the database."""
    from django.db.models import Count

    from mandates.geography.models import Area, Country
    from mandates.portfolio.models import Project

    from .models import ExternalActivity, ExternalCountry

    areas = [area]
    frontier = [area]
    while frontier:  # M49 nests at most four deep: world, region, sub-region, intermediate region
        frontier = list(Area.objects.filter(parent__in=frontier))
        areas += frontier
    area_ids = [a.pk for a in areas]
    if area.is_global:
        countries = Country.objects.all()
    else:
        countries = Country.objects.filter(Q(region__in=area_ids) | Q(sub_region__in=area_ids)
                                           | Q(intermediate_region__in=area_ids))
    ours = list(Project.objects.filter(
        pk__in=public_projects().filter(Q(locations__country__in=countries) | Q(locations__area__in=area_ids))
        .values("pk")).prefetch_related("results").order_by("code"))
    sectors = sorted({sector_for(n.code) for p in ours for n in p.results.all()})
    here = ExternalActivity.objects.filter(
        Q(countries__country__in=countries) | Q(regions__vocabulary="2", regions__code__in=[a.m49_code for a in areas])
    ).exclude(reporting_org_ref=OFFICE_REF)
    in_area = ExternalActivity.objects.filter(pk__in=here.values("pk"))
    same = in_area.filter(pk__in=ExternalActivity.objects.filter(
        sectors__vocabulary="1", sectors__code__in=sectors).values("pk"))
    count = same.count()
    activities = list(same.prefetch_related("sectors", "budgets").order_by("-names_office", "identifier")[:limit])
    _with_budgets(activities)
    by_country = list(
        ExternalCountry.objects.filter(activity__in=same.values("pk"), country__in=countries)
        .values("country__iso3", "country__name").annotate(n=Count("activity", distinct=True))
        .order_by("-n", "country__name"))
    return {"area": area, "projects": ours, "sectors": sectors, "activities": activities, "count": count,
            "partnerships": same.filter(names_office=True).count(), "in_area": in_area.count(),
            "by_country": by_country}
