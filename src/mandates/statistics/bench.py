"""``make bench`` rows for statistics: importing every shared statistics file, and the map page for the
homicide rate in 2015, each beside its floor (bare parse + executemany; bare SQL)."""
import csv
from pathlib import Path

STATS = "data/reference/crime_statistics"


def _files() -> list[Path]:
    from mandates.core.testing import SHARED_DIR

    folder = SHARED_DIR / STATS
    return sorted(folder.glob("*.csv")) + sorted(folder.glob("*/*.csv")) if folder.is_dir() else []


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

        series = homicide_rate()

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.name, c.m49_code, v.value, v.source FROM statistics_value v "
                "JOIN statistics_statarea a ON a.id = v.area_id LEFT JOIN geography_country c ON c.id = a.country_id "
                "WHERE v.series_id = %s AND v.year = 2015 ORDER BY a.name", [series.pk])
            cursor.fetchall()
            cursor.execute("SELECT area_id, year, population FROM statistics_populationestimate")
            cursor.fetchall()

    return [
        Workload(f"statistics import, {len(files)} shared files", run_import, floor_import, repeat=1, kind="import",
                 setup=reset),
        Workload("statistics map, homicide rate 2015", run_map, floor_map),
    ]
