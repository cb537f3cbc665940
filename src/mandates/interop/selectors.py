"""Reads of the interop app: what the IATI export publishes, and who else works where the office works."""
import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from pathlib import Path

from django.db.models import Prefetch, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from mandates.finance.selectors.sums import MoneySum, cents

OFFICE_REF = "XM-DAC-41128"
OFFICE_NAME = "United Nations Office on Drugs and Crime"
OFFICE_TYPE = "40"
EXPORTED_STATUSES = ("approved", "in_implementation", "suspended", "completed", "closed", "cancelled")
SECTORS_FILE = Path(__file__).resolve().parent / "data" / "sectors.csv"
CHUNK = 100
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


@dataclass
class ProjectExport:
    project: object
    identifier: str
    scope: str = "4"
    participants: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    budgets: list = field(default_factory=list)
    transactions: list = field(default_factory=list)
    results: list = field(default_factory=list)


def identifier_of(project) -> str:
    return project.iati_identifier or f"{OFFICE_REF}-{project.code}"


def projects_for_export(projects=None):
    """Yield a ``ProjectExport`` per published project, reading projects in chunks with their parts."""
    from mandates.finance.models import Contribution, Expenditure
    from mandates.portfolio.models import ProjectLocation, ProjectPartner
    from mandates.results.models import Indicator, IndicatorValue

    qs = (projects if projects is not None else public_projects()).filter(published_q()).order_by("code")
    ids = list(qs.values_list("pk", flat=True))
    today = timezone.localdate()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        projects = list(qs.model.objects.filter(pk__in=chunk).order_by("code").prefetch_related(
            Prefetch("locations", ProjectLocation.objects.select_related("country", "area")),
            Prefetch("partner_roles", ProjectPartner.objects.select_related("partner")),
            "results__parent__parent",
            "outcomes__outputs",
        ))
        contributions = defaultdict(list)
        for c in Contribution.objects.filter(project_id__in=chunk).select_related("donor").order_by("date", "pk"):
            contributions[c.project_id].append(c)
        budgets = defaultdict(dict)
        for row in (_current_lines(chunk).values("project_id", "year").annotate(total=MoneySum("amount"))
                    .order_by("project_id", "year")):
            budgets[row["project_id"]][row["year"]] = cents(row["total"])
        revised = set(_current_lines(chunk).filter(revision__number__gt=0).values_list("project_id", flat=True))
        spending = defaultdict(list)
        for row in (Expenditure.objects.filter(project_id__in=chunk)
                    .annotate(year=ExtractYear("date"), month=ExtractMonth("date"))
                    .values("project_id", "year", "month", "kind").annotate(total=MoneySum("usd_amount"))
                    .order_by("project_id", "year", "month", "kind")):
            spending[row["project_id"]].append(row)
        indicators = defaultdict(list)
        for ind in (Indicator.objects.filter(project_id__in=chunk).order_by("code", "pk").prefetch_related(
                "targets", Prefetch("values", IndicatorValue.objects.filter(status="approved")
                                    .prefetch_related("breakdown")))):
            indicators[ind.project_id].append(ind)
        for project in projects:
            yield _build(project, contributions[project.pk], budgets[project.pk], project.pk in revised,
                         spending[project.pk], indicators[project.pk], today)


def _current_lines(project_ids):
    from mandates.finance.models import BudgetLine

    return BudgetLine.objects.filter(project_id__in=project_ids, is_current=True).order_by()


def _build(project, contributions, budgets, revised, spending, indicators, today) -> ProjectExport:
    p = ProjectExport(project, identifier_of(project))
    donors = {}
    for c in contributions:
        donors.setdefault(c.donor_id, c.donor)
    for donor in donors.values():
        p.participants.append({"role": "1", "name": donor.name, "ref": donor.iati_organisation_ref,
                               "type": DONOR_TYPE.get(donor.kind, "90")})
    p.participants.append({"role": "2", "name": OFFICE_NAME, "ref": OFFICE_REF, "type": OFFICE_TYPE})
    p.participants.append({"role": "3", "name": OFFICE_NAME, "ref": OFFICE_REF, "type": OFFICE_TYPE})
    for role in project.partner_roles.all():
        if role.role in PARTNER_ROLE:
            p.participants.append({"role": PARTNER_ROLE[role.role], "name": role.partner.name,
                                   "ref": role.partner.iati_organisation_ref,
                                   "type": PARTNER_TYPE.get(role.partner.kind, "90")})
    _places(p, list(project.locations.all()))
    codes = []
    for node in project.results.all():
        code = sector_for(node.code)
        if code not in codes:
            codes.append(code)
    codes = sorted(codes) or [sector_map()["*"]]
    p.sectors = list(zip(codes, split_100(len(codes))))
    for year, amount in sorted(budgets.items()):
        start = max(date(year, 1, 1), project.start_date) if project.start_date.year == year else date(year, 1, 1)
        end = min(date(year, 12, 31), project.end_date) if project.end_date.year == year else date(year, 12, 31)
        if end < start:
            start, end = date(year, 1, 1), date(year, 12, 31)
        p.budgets.append({"type": "2" if revised else "1", "start": start, "end": end, "amount": amount})
    p.transactions = _transactions(contributions, spending, today)
    p.results = _results(project, indicators)
    return p


def _places(p: ProjectExport, locations) -> None:
    countries = [loc for loc in locations if loc.country_id]
    regions = [loc for loc in locations if loc.area_id]
    given = [loc.percentage for loc in locations]
    if all(v is not None for v in given) and sum(given) == 100:
        shares = [v.quantize(Decimal("0.01")) for v in given]
    else:
        shares = split_100(len(locations))
    share = dict(zip([loc.pk for loc in locations], shares))
    single = len(locations) == 1
    p.countries = [(loc.country.iso2, None if single else share[loc.pk]) for loc in countries]
    p.regions = [(loc.area.m49_code, None if single else share[loc.pk]) for loc in regions]
    p.locations = [{"code": loc.country.iso2, "name": loc.country.name} for loc in countries]
    if any(loc.area.level == "world" for loc in regions):
        p.scope = "1"
    elif regions or len(countries) > 1:
        p.scope = "2" if regions else "3"
    else:
        p.scope = "4"


def _transactions(contributions, spending, today) -> list[dict]:
    rows = []
    for c in contributions:
        provider = {"name": c.donor.name, "ref": c.donor.iati_organisation_ref,
                    "type": DONOR_TYPE.get(c.donor.kind, "90")}
        when = min(c.date, today)
        rows.append({"ref": c.reference, "type": "11", "date": when, "amount": cents(c.usd_amount),
                     "provider": provider, "description": "Contribution agreed"})
        if c.received_usd:
            rows.append({"ref": f"{c.reference}-received", "type": "1", "date": when, "amount": cents(c.received_usd),
                         "provider": provider, "description": "Contribution received"})
    for row in spending:
        year, month = row["year"], row["month"]
        last = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
        when = min(date.fromordinal(last), today)
        kind = "2" if row["kind"] == "obligation" else "4"
        rows.append({"type": kind, "date": when, "amount": cents(row["total"]),
                     "description": "Unliquidated obligations" if kind == "2" else "Expenditure"})
    return rows


def _results(project, indicators) -> list[dict]:
    by_object = defaultdict(list)
    for ind in indicators:
        by_object[("outcome", ind.outcome_id) if ind.outcome_id else ("output", ind.output_id)].append(ind)
    results = []
    for outcome in project.outcomes.all():
        if by_object.get(("outcome", outcome.pk)):
            results.append({"type": "2", "title": f"{outcome.code} {outcome.title}",
                            "indicators": by_object[("outcome", outcome.pk)]})
        for output in outcome.outputs.all():
            if by_object.get(("output", output.pk)):
                results.append({"type": "1", "title": f"{output.code} {output.title}",
                                "indicators": by_object[("output", output.pk)]})
    return results


def organisation_figures() -> dict:
    """Per year: total budget and expenditure of published projects; budgets per recipient country."""
    from mandates.finance.models import BudgetLine, Expenditure
    from mandates.portfolio.models import ProjectLocation

    published = public_projects().values("pk")
    budget_rows = list(BudgetLine.objects.filter(project_id__in=published, is_current=True).order_by()
                       .values("project_id", "year").annotate(total=MoneySum("amount")))
    budget = defaultdict(Decimal)
    for row in budget_rows:
        budget[row["year"]] += cents(row["total"])
    spent = defaultdict(Decimal)
    for row in (Expenditure.objects.filter(project_id__in=published).annotate(year=ExtractYear("date")).order_by()
                .values("year").annotate(total=MoneySum("usd_amount"))):
        spent[row["year"]] += cents(row["total"])
    locations = defaultdict(list)
    for loc in ProjectLocation.objects.filter(project_id__in=published).select_related("country").order_by("pk"):
        locations[loc.project_id].append(loc)
    country_budget = defaultdict(Decimal)
    for row in budget_rows:
        locs = locations.get(row["project_id"], [])
        p = ProjectExport(None, "")
        _places(p, locs)
        for code, share in p.countries:
            part = cents(cents(row["total"]) * (share if share is not None else Decimal(100)) / 100)
            country_budget[(code, row["year"])] += part
    return {"budget": sorted(budget.items()), "expenditure": sorted(spent.items()),
            "country_budget": sorted((code, year, amount) for (code, year), amount in country_budget.items())}


def _with_budgets(activities) -> None:
    """Give each activity (budgets prefetched) its budget total and the currency it is published in."""
    for a in activities:
        a.budget_total = sum((b.value for b in a.budgets.all()), Decimal(0))
        a.budget_currency = next((b.currency for b in a.budgets.all()), a.default_currency)


def coordination_for_country(country, *, limit: int = 50) -> dict:
    """The office's published projects in a country beside other publishers' activities there."""

    from .models import ExternalActivity

    ours = list(public_projects().filter(locations__country=country).distinct().prefetch_related("results")
                .order_by("code"))
    sectors = {sector_for(n.code) for p in ours for n in p.results.all()}
    theirs = (ExternalActivity.objects.filter(countries__country=country).exclude(reporting_org_ref=OFFICE_REF)
              .distinct().prefetch_related("sectors", "budgets").order_by("-names_office", "identifier"))
    same = [a for a in theirs if {s.code for s in a.sectors.all() if s.vocabulary == "1"} & sectors]
    _with_budgets(same[:limit])
    return {"country": country, "projects": ours, "sectors": sorted(sectors), "activities": same[:limit],
            "count": len(same), "partnerships": sum(a.names_office for a in same), "in_country": len(theirs),
            "partnerships_in_country": sum(a.names_office for a in theirs)}


def others_for_project(project, *, limit: int = 20) -> dict:
    """Other publishers' activities in the project's countries and DAC sectors."""
    from .models import ExternalActivity

    countries = [loc.country_id for loc in project.locations.all() if loc.country_id]
    sectors = {sector_for(n.code) for n in project.results.all()}
    qs = (ExternalActivity.objects.filter(countries__country_id__in=countries, sectors__vocabulary="1",
                                          sectors__code__in=sectors)
          .exclude(reporting_org_ref=OFFICE_REF).distinct())
    total = qs.count()
    activities = list(qs.prefetch_related("budgets", "countries").order_by("-names_office", "identifier")[:limit])
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
