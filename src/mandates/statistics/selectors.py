"""Reads for statistics: series to choose from, the map for a year, a country's trend, regional and
global aggregates with their coverage, data-collection capacity. Each runs a fixed number of queries."""
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, Max, Min, Q, Subquery

from .models import Series, StatArea, Value
from .models.series import COUNTS, RATE

# The series a country page shows first, best first (collection, indicator, dimension, category, unit).
MAIN_SERIES = [
    ("cts", "Persons held", "Total", "Total", RATE),
    ("gsh2019", "Victims of intentional homicide", "Total", "Total", RATE),
    ("owid", "Victims of intentional homicide", "Total", "Total", RATE),
    ("cts", "Offences", "by type of offence", "Corruption: Bribery", RATE),
    ("cts", "Violent offences", "by type of offence", "Serious assault", RATE),
]


def series_list():
    """Every series (a series is only created with its values), without touching the values table."""
    return Series.objects.order_by(
        "indicator", "dimension", "category", "sex", "age", "unit", "collection")


def series_options(series):
    """[(indicator, [(pk, label), ...]), ...] for a grouped select, labels built once in Python
    (rendering hundreds of options through template filters dominated the page time)."""
    labels = {value: str(label) for value, label in Series.Collection.choices}  # translated once, not per series
    groups: dict[str, list] = {}
    for s in series:
        parts = [s.indicator, s.dimension, s.category]
        parts += [p for p in (s.sex, s.age) if p != "Total"]
        groups.setdefault(s.indicator, []).append(
            (s.pk, f"{' · '.join(parts)} · {s.unit} — {labels.get(s.collection, s.collection)}"))
    return list(groups.items())


SeriesChoice = namedtuple("SeriesChoice", "pk indicator dimension category sex age unit collection")


def series_rows() -> list[SeriesChoice]:
    """Every series as a ``SeriesChoice`` tuple (258 series at N=20: no model instances to build), in
    ``series_list``'s order, by a hand-written query (map9; ``tests/test_tables.py`` holds it to the ORM's)."""
    return list(map(SeriesChoice._make, _fetch(
        "SELECT id, indicator, dimension, category, sex, age, unit, collection FROM statistics_series "
        "ORDER BY indicator, dimension, category, sex, age, unit, collection", [])))


def series_choices(rows=None):
    """``series_options`` of every series (of ``rows``, ``series_rows()`` already read, if given)."""
    return series_options(series_rows() if rows is None else rows)


def series_by_id(pk, among=None):
    """The series ``pk``, or None; read by hand (map9: the ORM's ``filter(pk=...).first()`` compiled an ORDER BY of
    seven columns for one row), or taken from ``among``, the ``series_rows()`` the page has read for its select
    (map10: one query fewer; a ``SeriesChoice`` holds every column of a series)."""
    from django.db import router

    fields = [f.attname for f in Series._meta.concrete_fields]
    if among is not None:
        row = next((row for row in among if row.pk == pk), None)
        if row is None:
            return None
        values = row._asdict()
        return Series.from_db(router.db_for_read(Series), fields, [values["pk" if f == "id" else f] for f in fields])
    found = _fetch(f"SELECT {', '.join(fields)} FROM statistics_series WHERE id = %s", [pk])
    return Series.from_db(router.db_for_read(Series), fields, found[0]) if found else None


def default_series():
    for collection, indicator, dimension, category, unit in MAIN_SERIES[1:3]:
        found = Series.objects.filter(collection=collection, indicator=indicator, dimension=dimension,
                                      category=category, sex="Total", age="Total", unit=unit).first()
        if found:
            return found
    return Series.objects.order_by("pk").first()


def years_of(series) -> list[int]:
    """The years of a series' values (from 1900), in order; one hand-written query (map9)."""
    return [year for (year,) in _fetch(
        "SELECT DISTINCT year FROM statistics_value WHERE series_id = %s AND year >= %s ORDER BY year", [series.pk, 1900])]


def map_rows(series, year, *, with_run=True):
    """The values of a series in a year, countries and special areas (not published aggregates); with their
    import run (the downloads name its file) unless ``with_run`` is False (the map page shows none: each run
    read again per row with its JSON notes was a tenth of the page's CPU)."""
    if not with_run:
        # The page reads the few columns it shows as tuples, with the same attribute paths (``row.area.country
        # .m49_code``...) as the model instances: 450 instances of three models were a tenth of its CPU (pages7).
        # The query is the ORM's below, written by hand (map9: compiling it cost what reading it did).
        return [SimpleNamespace(value=value, source=source, area=SimpleNamespace(
            code=code, name=name, kind=kind, country_id=country_id,
            country=SimpleNamespace(m49_code=m49_code) if country_id else None))
            for value, source, code, name, kind, country_id, m49_code in _fetch(
                _MAP_ROWS, [series.pk, year, str(StatArea.Kind.AGGREGATE)], value_at=0)]
    values = (Value.objects.filter(series=series, year=year).exclude(area__kind=StatArea.Kind.AGGREGATE)
              .order_by("area__name"))
    return list(values.select_related("area", "area__country", "run"))


_MAP_ROWS = """
SELECT v.value, v.source, a.code, a.name, a.kind, a.country_id, c.m49_code FROM statistics_value v
JOIN statistics_statarea a ON a.id = v.area_id LEFT JOIN geography_country c ON c.id = a.country_id
WHERE v.series_id = %s AND v.year = %s AND NOT (a.kind = %s) ORDER BY a.name
"""


def map_data(rows) -> dict:
    """M49 code -> value and name, for the map (world-atlas ids are M49 codes)."""
    return {row.area.country.m49_code: {"name": row.area.name, "value": float(row.value), "source": row.source}
            for row in rows if row.area.kind == StatArea.Kind.COUNTRY and row.area.country_id}


def trend(series, area):
    return list(Value.objects.filter(series=series, area=area, year__gte=1900).select_related("run").order_by("year"))


def area_series(area):
    """The series that have values for an area, with their first and last year and number of values."""
    return list(Series.objects.filter(values__area=area).annotate(
        first=Min("values__year"), last=Max("values__year"), n=Count("values")).order_by(
        "indicator", "dimension", "category", "sex", "age", "unit", "collection"))


def country_main_series(country, limit: int = 3, *, with_run: bool = True):
    """Latest values of the main series for an M49 country: (series, latest Value) pairs, one query whether the
    country has statistics or not (its area is read in the same query; none without values). Without ``with_run``
    the values' import runs are not read (the portal shows none; each run's JSON notes are decoded per row)."""
    if not with_run:
        values = _built(_main_series_rows(country))
    else:
        area = Subquery(StatArea.objects.filter(country=country, kind=StatArea.Kind.COUNTRY).values("pk")[:1])
        q = Q()
        for collection, indicator, dimension, category, unit in MAIN_SERIES:
            q |= Q(series__collection=collection, series__indicator=indicator, series__dimension=dimension,
                   series__category=category, series__unit=unit, series__sex="Total", series__age="Total")
        found = Value.objects.filter(q, area=area, year__gte=1900).order_by("-year")
        values = list(found.select_related("series", "run", "area"))
    latest = {}
    for value in values:
        latest.setdefault(value.series_id, value)
    order = {key: i for i, key in enumerate(MAIN_SERIES)}
    rows = sorted(latest.values(), key=lambda v: order.get(
        (v.series.collection, v.series.indicator, v.series.dimension, v.series.category, v.series.unit), 99))
    return {"area": values[0].area if values else None, "rows": rows[:limit]}


_VALUE = ("id", "series_id", "area_id", "year", "value", "text", "source", "run_id")
_SERIES = ("id", "collection", "indicator", "dimension", "category", "sex", "age", "unit")
_AREA = ("id", "code", "name", "kind", "country_id", "m49_area_id", "unodc_region", "unodc_subregion")


def _main_series_rows(country) -> list[tuple]:
    """The values of the main series (sex and age "Total", from 1900) in ``country``'s statistics area, latest year
    first, as tuples of ``_VALUE``, ``_SERIES`` and ``_AREA``: the query the ORM wrote for ``country_main_series``
    (the first country area by name, as its ``Subquery(...[:1])``), written once by hand — building and compiling
    its 35 lookups through the series was three quarters of its CPU, the reading a tenth (pages8). The value
    column goes through the database's converters, as the ORM's does (``test_tables``: equal for every country)."""
    from django.db import connections, router

    db = router.db_for_read(Value)
    connection = connections[db]
    quote = connection.ops.quote_name
    tables = {m: quote(m._meta.db_table) for m in (Value, Series, StatArea)}
    columns = ", ".join([*(f"v.{quote(c)}" for c in _VALUE), *(f"s.{quote(c)}" for c in _SERIES),
                         *(f"a.{quote(c)}" for c in _AREA)])
    which = " OR ".join(["(s.collection = %s AND s.indicator = %s AND s.dimension = %s AND s.category = %s "
                         "AND s.unit = %s)"] * len(MAIN_SERIES))
    sql = (f"SELECT {columns} FROM {tables[Value]} v JOIN {tables[Series]} s ON s.id = v.series_id "
           f"JOIN {tables[StatArea]} a ON a.id = v.area_id WHERE ({which}) AND s.sex = %s AND s.age = %s "
           f"AND v.area_id = (SELECT u.id FROM {tables[StatArea]} u WHERE u.country_id = %s AND u.kind = %s "
           f"ORDER BY u.name LIMIT 1) AND v.year >= %s ORDER BY v.year DESC")
    params = [*(part for key in MAIN_SERIES for part in key), "Total", "Total", country.pk, str(StatArea.Kind.COUNTRY),
              1900]
    return _fetch(sql, params, value_at=_VALUE.index("value"))


def _built(rows) -> list:
    """The rows of ``_main_series_rows``: the values with their series, the first with its area; the series'
    latest value is kept of every year of it, so only the kept ones (one per series) are made model instances
    (pages7: 76 values of three models were a fifth of the portal's country page). The same instances
    ``select_related("series", "area")`` gives, but the area only on the first value (the caller reads no other)."""
    n, m = len(_VALUE), len(_VALUE) + len(_SERIES)
    seen, built = set(), []
    for row in rows:
        if row[1] in seen and built:
            continue
        seen.add(row[1])
        value = Value(**dict(zip(_VALUE, row[:n])))
        value.series = Series(**dict(zip(_SERIES, row[n:m])))
        if not built:
            value.area = StatArea(**dict(zip(_AREA, row[m:])))
        built.append(value)
    return built


@dataclass
class Aggregate:
    name: str
    level: str
    countries: int = 0
    reporting: int = 0
    without_population: int = 0
    population_reporting: int = 0
    population_known: int = 0
    value: Decimal | None = None
    total: Decimal = Decimal(0)
    weighted: Decimal = Decimal(0)
    published: list = field(default_factory=list)

    @property
    def population_share(self):
        if not self.population_known:
            return None
        return Decimal(self.population_reporting * 100) / Decimal(self.population_known)

    @property
    def country_share(self):
        return Decimal(self.reporting * 100) / Decimal(self.countries) if self.countries else None


@dataclass(frozen=True)
class Published:
    """A published regional estimate of the same series and year (e.g. the Global Study's), beside a computed one."""
    area_id: int  # the M49 area (geography.Area) it is published for
    value: Decimal
    collection: str

    @property
    def collection_label(self) -> str:
        """What ``Series.get_collection_display()`` gives, in the current language."""
        return str(dict(Series.Collection.choices).get(self.collection, self.collection))


# Each statistics area's population estimate nearest the year (the earlier-stored on a tie), with its distance from
# the year and its id, so that a country with several areas keeps the nearest of theirs by the same rule: the
# ``pop`` of the map floor's ``bench.REGIONS`` (map9: this read and kept the nearest of 4,600 estimates in Python, a
# third of the figures' CPU; it now reads one row per area). One table, no join: with the areas joined inside the
# window and the countries outside it, a database whose planner statistics said the tables were empty (a test
# database, or just after the first import) ran the window once per country, for minutes. The areas are joined to
# their countries in ``_COUNTRIES``, two small tables.
_NEAREST = """
SELECT area_id, population, distance, id FROM (
  SELECT area_id, population, ABS(year - %s) AS distance, id,
         ROW_NUMBER() OVER (PARTITION BY area_id ORDER BY ABS(year - %s), id) AS n
  FROM statistics_populationestimate) e
WHERE n = 1
"""
_COUNTRIES = """
SELECT c.id, c.region_id, a.id FROM geography_country c
LEFT JOIN statistics_statarea a ON a.country_id = c.id AND a.kind = %s ORDER BY c.name
"""
# The published estimates of the series' indicator, dimension, category, sex, age and unit (any collection) for the
# world and the regions (their ids written in, as the ORM's ``__in`` did), in ``Value``'s model order (series, area,
# year: through their models' orders).
_PUBLISHED = """
SELECT a.m49_area_id, v.value, s.collection FROM statistics_value v
JOIN statistics_statarea a ON a.id = v.area_id JOIN statistics_series s ON s.id = v.series_id
WHERE v.year = %s AND a.kind = %s AND a.m49_area_id IN ({regions})
  AND s.indicator = %s AND s.dimension = %s AND s.category = %s AND s.sex = %s AND s.age = %s AND s.unit = %s
ORDER BY s.collection, s.indicator, s.dimension, s.category, s.sex, s.age, s.unit, a.name, v.year
"""


def _fetch(sql, params, *, value_at=None) -> list[tuple]:
    """Rows of a hand-written query; the column at ``value_at`` (a ``Value.value``) through the database's converters,
    as the ORM's (a Decimal of 15 places on SQLite)."""
    from django.db import connections, router

    connection = connections[router.db_for_read(Value)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if value_at is None:
        return rows
    field = Value._meta.get_field("value")
    column = field.get_col(Value._meta.db_table)
    converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
    if not converters:
        return rows
    converted = []
    for row in rows:
        value = row[value_at]
        for converter in converters:
            value = converter(value, column, connection)
        converted.append((*row[:value_at], value, *row[value_at + 1:]))
    return converted


def aggregates(series, year, rows):
    """Regional and global figures for a series and year, each with its coverage.

    For rates and percentages the figure is the population-weighted mean of the reporting countries
    (population implied by count/rate pairs in the data, nearest year); for counts, the sum of the
    reporting countries. Coverage says how many of the region's M49 countries report and what share of
    the population (of the countries whose population is known) they hold. Published aggregates for
    the same series and year (e.g. the Global Study's regional estimates) are shown beside them.
    Four small queries, written by hand (map9: compiling them through the ORM and keeping the nearest
    of 4,600 population estimates in Python were most of the page's figures); the sums stay exact Decimals in Python."""
    from mandates.geography.models import Area

    levels = [str(Area.Level.WORLD), str(Area.Level.REGION)]
    regions = _fetch("SELECT id, name, level FROM geography_area WHERE level IN (%s, %s) ORDER BY m49_code", levels)
    world = next((pk for pk, _name, level in regions if level == Area.Level.WORLD), None)
    reported = {row.area.country_id: row.value for row in rows
                if row.area.kind == StatArea.Kind.COUNTRY and row.area.country_id}
    result = {pk: Aggregate(name, level) for pk, name, level in regions}
    nearest = {area_id: ((distance, pk), population)
               for area_id, population, distance, pk in _fetch(_NEAREST, [year, year])}
    # The countries in the order of ``Country``'s model (by name: the order the figures are summed in), each with its
    # statistics areas of kind country (a row per area; names are unique, so a country's rows are together).
    countries, areas_of = [], defaultdict(list)
    for country_id, region_id, area_id in _fetch(_COUNTRIES, [str(StatArea.Kind.COUNTRY)]):
        if not countries or countries[-1][0] != country_id:
            countries.append((country_id, region_id))
        if area_id in nearest:
            areas_of[country_id].append(nearest[area_id])
    for country_id, region_id in countries:
        population = min(areas_of[country_id])[1] if country_id in areas_of else None
        value = reported.get(country_id)
        for pk in {region_id, world}:
            agg = result.get(pk)
            if agg is None:
                continue
            agg.countries += 1
            if population is not None:
                agg.population_known += population
            if value is not None:
                agg.reporting += 1
                if population is not None:
                    agg.population_reporting += population
                    agg.weighted += value * population
                else:
                    agg.without_population += 1
                agg.total += value
    for agg in result.values():
        if not agg.reporting:
            continue
        if series.unit == COUNTS:
            agg.value = agg.total
        elif agg.population_reporting:
            agg.value = agg.weighted / agg.population_reporting
    published = _fetch(_PUBLISHED.format(regions=", ".join(["%s"] * len(result))), [
        year, str(StatArea.Kind.AGGREGATE), *result, series.indicator, series.dimension, series.category, series.sex,
        series.age, series.unit], value_at=1) if result else []
    for area_id, value, collection in published:
        result[area_id].published.append(Published(area_id, value, collection))
    return sorted(result.values(), key=lambda a: (a.level != Area.Level.WORLD, a.name))


def capacity(collection="cts"):
    """Which M49 countries reported to each UN-CTS year (any value with a CTS source), per region.

    Returns (years, regions) where regions is a list of dicts: name, countries, and per year the number
    reporting; plus, per country, the number of years reported (the weakest first)."""
    from mandates.geography.models import Area, Country
    from mandates.geography.names import collation_key

    pairs = (Value.objects.filter(series__collection=collection, source__icontains="CTS", year__gte=1990,
                                  area__kind__in=[StatArea.Kind.COUNTRY, StatArea.Kind.SUBNATIONAL])
             .values_list("area__country_id", "year").distinct())
    by_country = defaultdict(set)
    for country_id, year in pairs:
        by_country[country_id].add(year)
    years = sorted({y for ys in by_country.values() for y in ys})
    known = set(StatArea.objects.filter(kind=StatArea.Kind.COUNTRY, values__isnull=False)
                .values_list("country_id", flat=True).distinct())
    regions = {a.pk: a.local_name for a in Area.objects.filter(level=Area.Level.REGION)}  # the reader's language
    table = {pk: {"name": name, "countries": 0, "per_year": defaultdict(int)} for pk, name in regions.items()}
    countries = []
    for country in Country.objects.select_related("region").order_by("name"):
        reported = by_country.get(country.pk, set())
        countries.append({"country": country, "years": len(reported), "last": max(reported) if reported else None,
                          "in_data": country.pk in known})
        if country.region_id in table:
            row = table[country.region_id]
            row["countries"] += 1
            for y in reported:
                row["per_year"][y] += 1
    region_rows = []
    for row in sorted(table.values(), key=lambda r: collation_key(r["name"])):
        row["cells"] = [(y, row["per_year"].get(y, 0), (row["per_year"].get(y, 0) * 100 // row["countries"])
                         if row["countries"] else 0) for y in years]
        region_rows.append(row)
    countries.sort(key=lambda c: (c["years"], collation_key(c["country"].local_name)))
    return years, region_rows, countries


def projects_for_countries(user, countries) -> dict:
    """Country id -> the projects working there that ``user`` may see; one query."""
    from mandates.people import permissions
    from mandates.portfolio.models import Project, ProjectLocation

    visible = permissions.visible(user, Project.objects.all()).values("pk")
    found = defaultdict(list)
    for location in (ProjectLocation.objects.filter(country__in=[c.pk for c in countries], project__in=visible)
                     .select_related("project").order_by("project__code")):
        if location.project not in found[location.country_id]:
            found[location.country_id].append(location.project)
    return found


CAPACITY_RESULT_CODES = ("2.1", "2.2")  # the strategy's result areas on data and national capacity to collect it


def capacity_projects(user) -> tuple[set[int], list]:
    """The projects ``user`` may see that serve result areas 2.1 or 2.2 (or an expected result under them),
    with the countries where they work: (their ids, [(project, [country, ...]), ...]). Three queries."""
    from mandates.people import permissions
    from mandates.portfolio.models import Project, ProjectLocation
    from mandates.strategy.models import StrategyNode

    q = Q()
    for node in StrategyNode.objects.filter(code__in=CAPACITY_RESULT_CODES, track="results"):
        q |= Q(results__period_id=node.period_id, results__sort_key__startswith=node.sort_key)
    if not q:
        return set(), []
    ids = set(permissions.visible(user, Project.objects.filter(q)).values_list("pk", flat=True))
    places = defaultdict(list)
    projects = {}
    for location in (ProjectLocation.objects.filter(project_id__in=ids).select_related("project", "country")
                     .order_by("project__code", "country__name")):
        projects[location.project_id] = location.project
        if location.country and location.country not in places[location.project_id]:
            places[location.project_id].append(location.country)
    missing = ids - set(projects)
    if missing:
        projects.update({p.pk: p for p in Project.objects.filter(pk__in=missing)})
    rows = sorted(((p, places.get(pk, [])) for pk, p in projects.items()), key=lambda r: r[0].code)
    return ids, rows
