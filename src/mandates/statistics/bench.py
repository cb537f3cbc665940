"""``make bench`` rows for statistics: importing every shared statistics file, and the map page for the
homicide rate in 2015, each beside its floor (bare parse + executemany; bare SQL)."""
import csv
from pathlib import Path

STATS = "data/reference/crime_statistics"


def _files() -> list[Path]:
    from mandates.core.testing import SHARED_DIR

    folder = SHARED_DIR / STATS
    return sorted(folder.glob("*.csv")) + sorted(folder.glob("*/*.csv")) if folder.is_dir() else []


# The regions' and the world's computed figures, as the page shows them (``selectors.aggregates``): per region, its
# countries, those reporting a value in the year, those reporting without a known population, the population of the
# reporting countries and of all whose population is known (each country's estimate nearest the year, the
# earlier-stored on a tie), and the figure — the sum of the reporting countries for counts, else their
# population-weighted mean. (pages8: the floor read each country's region and all 4,600 estimates but computed
# none of these; ``tests/test_map_floor.py`` holds its figures to the page's.)
REGIONS = """
WITH pop AS (SELECT country_id, population FROM (
    SELECT a.country_id, p.population,
      ROW_NUMBER() OVER (PARTITION BY a.country_id ORDER BY ABS(p.year - %s), p.id) AS n
    FROM statistics_populationestimate p JOIN statistics_statarea a ON a.id = p.area_id WHERE a.kind = 'country') e
  WHERE n = 1),
reported AS (SELECT a.country_id, v.value FROM statistics_value v JOIN statistics_statarea a ON a.id = v.area_id
  WHERE v.series_id = %s AND v.year = %s AND a.kind = 'country' AND a.country_id IS NOT NULL),
targets AS (SELECT c.id AS country_id, c.region_id AS area_id FROM geography_country c
    WHERE c.region_id IN (SELECT id FROM geography_area WHERE level = 'region')
  UNION ALL SELECT c.id, w.id FROM geography_country c CROSS JOIN geography_area w WHERE w.level = 'world')
SELECT t.area_id, COUNT(*), COUNT(r.value),
  SUM(CASE WHEN r.value IS NOT NULL AND pop.population IS NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN r.value IS NOT NULL THEN pop.population END), SUM(pop.population),
  CASE WHEN %s THEN SUM(r.value)
       ELSE SUM(r.value * pop.population) / NULLIF(SUM(CASE WHEN r.value IS NOT NULL THEN pop.population END), 0) END,
  100.0 * COALESCE(SUM(CASE WHEN r.value IS NOT NULL THEN pop.population END), 0) / NULLIF(SUM(pop.population), 0)
FROM targets t LEFT JOIN reported r ON r.country_id = t.country_id LEFT JOIN pop ON pop.country_id = t.country_id
GROUP BY t.area_id
"""


def map_floor(series, year: int) -> list[tuple[str, list]]:
    """The map page's floor: what the page shows — the series to choose from and the years of this one; the values
    of the year by country or area (not published aggregates); the regions and their computed figures (``REGIONS``);
    the published regional estimates of the same series and year. (The first version read the values and the
    populations only; the second read each country's region and every population estimate without computing.)"""
    from .models.series import COUNTS

    same = [year, series.indicator, series.dimension, series.category, series.sex, series.age, series.unit]
    return [
        ("SELECT id, collection, indicator, dimension, category, sex, age, unit FROM statistics_series "
         "ORDER BY indicator, dimension, category, sex, age, unit, collection", []),
        ("SELECT DISTINCT year FROM statistics_value WHERE series_id = %s AND year >= 1900 ORDER BY year", [series.pk]),
        ("SELECT a.code, a.name, a.kind, c.m49_code, v.value, v.source FROM statistics_value v "
         "JOIN statistics_statarea a ON a.id = v.area_id LEFT JOIN geography_country c ON c.id = a.country_id "
         "WHERE v.series_id = %s AND v.year = %s AND a.kind <> 'aggregate' ORDER BY a.name", [series.pk, year]),
        ("SELECT id, name, level FROM geography_area WHERE level IN ('world', 'region')", []),
        (REGIONS, [year, series.pk, year, series.unit == COUNTS]),
        ("SELECT a.m49_area_id, v.value, s.collection FROM statistics_value v "
         "JOIN statistics_statarea a ON a.id = v.area_id JOIN statistics_series s ON s.id = v.series_id "
         "WHERE v.year = %s AND a.kind = 'aggregate' AND s.indicator = %s AND a.m49_area_id IN "
         "(SELECT id FROM geography_area WHERE level IN ('world', 'region')) "
         "AND s.dimension = %s AND s.category = %s AND s.sex = %s AND s.age = %s AND s.unit = %s", same),
    ]


def workloads(client, scale: int):
    from mandates.benchmarks.workloads import Workload, http

    files = _files()
    if not files:
        return []

    def reset():
        """A clean slate before each run (not measured: the import is, not the bench's clean-up)."""
        from mandates.statistics.models import ImportRun, PopulationEstimate, Value, ValueChange

        for model in (ValueChange, Value, PopulationEstimate, ImportRun):
            model.objects.all()._raw_delete(model.objects.db)

    def run_import():
        from mandates.statistics.services import import_path

        for path in files:
            import_path(path)

    def floor_import():
        """Read every file with the csv module and write one row per value the import stores (the value column
        of a long file, every year's cell of a wide one: the first version wrote one row per line, 125,718 of
        the 178,294 values) with bare executemany."""
        from django.db import connection

        rows = []
        for path in files:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                years = [i for i, name in enumerate(header) if name.isdigit() and len(name) == 4]
                column = header.index("VALUE") if "VALUE" in header else 3
                for line, row in enumerate(reader, start=2):
                    for i in years or [column]:
                        if row[i]:
                            rows.append((path.name, line, int(header[i]) if years else None, row[i]))
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE bench_stats (file VARCHAR(100), line INTEGER, year INTEGER, "
                           "value NUMERIC)")
            cursor.executemany("INSERT INTO bench_stats VALUES (%s, %s, %s, %s)", rows)
            cursor.execute("DROP TABLE bench_stats")

    def homicide_rate():
        from mandates.statistics.models import Series, Value

        if not Value.objects.exists():  # the map needs the data; imported once, lazily
            reset()
            run_import()
        return Series.objects.get(collection="gsh2019", indicator="Victims of intentional homicide",
                                  dimension="Total", category="Total", sex="Total", age="Total",
                                  unit="Rate per 100,000 population")

    def run_map():
        return http(client, f"/statistics/?series={homicide_rate().pk}&year=2015")()

    def floor_map():
        from django.db import connection

        with connection.cursor() as cursor:
            for sql, params in map_floor(homicide_rate(), 2015):
                cursor.execute(sql, params)
                cursor.fetchall()

    return [
        Workload(f"statistics import, {len(files)} shared files", run_import, floor_import, repeat=1, kind="import",
                 setup=reset),
        Workload("statistics map, homicide rate 2015", run_map, floor_map),
    ]
