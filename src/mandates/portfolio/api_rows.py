"""The list endpoints' rows read as values: the JSON of ``ProjectSerializer`` / ``ProgrammeSerializer``, byte for
byte, without building a model instance per project, location, result and partner.

A page of 50 projects built ~750 model instances through four prefetches and then walked them with DRF's
field objects: most of the projects API's CPU. Here one query reads the page's rows with the codes they name,
and one query per list (results, locations, partners) reads the related rows in the order the prefetches gave
(each model's default ordering). The serializers stay the API's documented shape (the OpenAPI schema and the
detail and write endpoints use them); a test compares both ways on the same rows.
"""
from collections import defaultdict

from mandates.geography.models import Area

from .models import Programme, Project, ProjectLocation, ProjectPartner

PROJECT_FIELDS = ("id", "code", "title", "objective", "status", "programme__code", "strategy_period__code",
                  "lead_unit__code", "start_date", "end_date", "is_public", "iati_identifier")
PROGRAMME_FIELDS = ("id", "code", "title", "kind", "status", "summary", "strategy_period__code", "lead_unit__code",
                    "start_date", "end_date", "is_public")


def _plain(queryset, fields):
    """``queryset`` (filtered, narrowed, ordered) as value rows: no joins or prefetches but the named codes."""
    return queryset.select_related(None).prefetch_related(None).values(*fields)


def project_values(queryset):
    return _plain(queryset, PROJECT_FIELDS)


def programme_values(queryset):
    return _plain(queryset, PROGRAMME_FIELDS)


def _date(value):
    return None if value is None else value.isoformat()


def _result_codes(through, owner: str, ids) -> dict:
    """Owner id -> the codes of its expected results, in the strategy nodes' own order (period, track, sort key)."""
    codes = defaultdict(list)
    rows = (through.objects.filter(**{f"{owner}_id__in": ids})
            .order_by("strategynode__period", "strategynode__track", "strategynode__sort_key")
            .values_list(f"{owner}_id", "strategynode__code"))
    for owner_id, code in rows:
        codes[owner_id].append(code)
    return codes


def _place(country_iso3, country_name, area_m49, area_name, area_level):
    if country_iso3 is not None:
        return {"country": country_iso3, "name": country_name}
    if area_level == Area.Level.WORLD:
        return "global"
    return {"area": area_m49, "name": area_name}


def project_data(rows) -> list[dict]:
    """The page's value rows as ``ProjectSerializer`` gives them."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    results = _result_codes(Project.results.through, "project", ids)
    locations = defaultdict(list)
    # ordered within each project as the model orders them, without joining the projects to sort by their code
    for project_id, iso3, country, m49, area, level, percentage in ProjectLocation.objects.filter(
            project_id__in=ids).order_by(*ProjectLocation.ORDER).values_list(
                "project_id", "country__iso3", "country__name", "area__m49_code", "area__name", "area__level",
                "percentage"):
        place = _place(iso3, country, m49, area, level)
        if place != "global" and percentage is not None:
            place["percentage"] = str(percentage)
        locations[project_id].append(place)
    partners = defaultdict(list)
    for project_id, name, acronym, role in ProjectPartner.objects.filter(project_id__in=ids).order_by(
            "role", "partner__name").values_list("project_id", "partner__name", "partner__acronym", "role"):
        partners[project_id].append({"name": name, "acronym": acronym, "role": role})
    return [{"id": row["id"], "code": row["code"], "title": row["title"], "objective": row["objective"],
             "status": row["status"], "programme": row["programme__code"],
             "strategy_period": row["strategy_period__code"], "lead_unit": row["lead_unit__code"],
             "start_date": _date(row["start_date"]), "end_date": _date(row["end_date"]),
             "results": results.get(row["id"], []), "locations": locations.get(row["id"], []),
             "partners": partners.get(row["id"], []), "is_public": row["is_public"],
             "iati_identifier": row["iati_identifier"]} for row in rows]


def programme_data(rows) -> list[dict]:
    """The page's value rows as ``ProgrammeSerializer`` gives them."""
    rows = list(rows)
    ids = [row["id"] for row in rows]
    results = _result_codes(Programme.results.through, "programme", ids)
    countries = defaultdict(list)
    for programme_id, iso3 in (Programme.countries.through.objects.filter(programme_id__in=ids)
                               .order_by("country").values_list("programme_id", "country__iso3")):
        countries[programme_id].append(iso3)
    areas = defaultdict(list)
    for programme_id, m49, name, level in (Programme.areas.through.objects.filter(programme_id__in=ids)
                                           .order_by("area").values_list("programme_id", "area__m49_code",
                                                                         "area__name", "area__level")):
        areas[programme_id].append(_place(None, None, m49, name, level))
    return [{"id": row["id"], "code": row["code"], "title": row["title"], "kind": row["kind"],
             "status": row["status"], "summary": row["summary"], "strategy_period": row["strategy_period__code"],
             "lead_unit": row["lead_unit__code"], "start_date": _date(row["start_date"]),
             "end_date": _date(row["end_date"]), "countries": countries.get(row["id"], []),
             "areas": areas.get(row["id"], []), "results": results.get(row["id"], []),
             "is_public": row["is_public"]} for row in rows]
