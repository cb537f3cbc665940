"""The statistics map's floor in ``make bench`` reads what the page shows (``benchmarks/tests/test_floors.py``
holds the other floors): the series to choose from, the years, the values of the year by country or area, the
regions and the published regional estimates beside the computed ones."""
import pytest
from django.db import connection

from mandates.statistics import selectors
from mandates.statistics.bench import map_floor
from mandates.statistics.models import Series
from mandates.statistics.models.series import RATE


@pytest.mark.django_db
def test_the_map_floor_reads_what_the_map_shows(stats):
    series = Series.objects.get(collection="owid", indicator="Victims of intentional homicide", dimension="Total",
                                category="Total", sex="Total", age="Total", unit=RATE)
    year = 2015
    results = []
    with connection.cursor() as cursor:
        for sql, params in map_floor(series, year):
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    listed, years, values, regions, figures, published = results

    rows = selectors.map_rows(series, year)
    aggregates = selectors.aggregates(series, year, rows)
    assert rows and any(a.published for a in aggregates)
    assert [r[0] for r in listed] == [s.pk for s in selectors.series_list()]
    assert [y for (y,) in years] == selectors.years_of(series)
    assert sorted((code, float(value)) for code, _name, _kind, _m49, value, _source in values) == sorted(
        (r.area.code, float(r.value)) for r in rows)
    assert len(regions) == len(aggregates) == len(figures)
    assert sorted((area, float(value)) for area, value, _c in published) == sorted(
        (v.area_id, float(v.value)) for a in aggregates for v in a.published)


@pytest.mark.django_db
def test_the_map_floor_computes_the_regions_figures_the_page_shows(stats):
    """pages8: the floor computes each region's and the world's figures (countries, those reporting, those without
    a population, the population covered and known, the figure and the share covered) as the page shows them —
    for a rate (the weighted mean) and for counts (the sum), in every year of the series."""
    from decimal import ROUND_HALF_UP, Decimal

    from mandates.statistics.bench import REGIONS

    def shown(number, places):  # as the page writes it (floatformat), tolerant of SQLite's float sums
        return None if number is None else Decimal(str(round(float(number), 6))).quantize(
            Decimal(1).scaleb(-places), ROUND_HALF_UP)

    compared = 0
    for series in Series.objects.filter(indicator__in=["Victims of intentional homicide", "Persons held"],
                                        sex="Total", age="Total", dimension="Total"):
        for year in selectors.years_of(series)[-4:]:
            rows = selectors.map_rows(series, year)
            page = {}
            for a in selectors.aggregates(series, year, rows):
                page[a.name] = (a.countries, a.reporting, a.without_population, a.population_reporting or None,
                                a.population_known or None, shown(a.value, 2), shown(a.population_share, 0))
            with connection.cursor() as cursor:
                cursor.execute(REGIONS, [year, series.pk, year, series.unit == "Counts"])
                found = cursor.fetchall()
                cursor.execute("SELECT id, name FROM geography_area WHERE level IN ('world', 'region')")
                names = dict(cursor.fetchall())
            floor = {names[area]: (countries, reporting, int(without), covered and int(covered), known and int(known),
                                   shown(value, 2), shown(share, 0))
                     for area, countries, reporting, without, covered, known, value, share in found}
            assert floor == {name: figures for name, figures in page.items() if figures[0]}, (series, year)
            compared += sum(1 for f in floor.values() if f[5] is not None)
    assert compared > 20
