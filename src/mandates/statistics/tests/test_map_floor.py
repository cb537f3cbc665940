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
    listed, years, values, regions, _countries, _population, published = results

    rows = selectors.map_rows(series, year)
    aggregates = selectors.aggregates(series, year, rows)
    assert rows and any(a.published for a in aggregates)
    assert [r[0] for r in listed] == [s.pk for s in selectors.series_list()]
    assert [y for (y,) in years] == selectors.years_of(series)
    assert sorted((code, float(value)) for code, _name, _kind, _m49, value, _source in values) == sorted(
        (r.area.code, float(r.value)) for r in rows)
    assert len(regions) == len(aggregates)
    assert sorted((area, float(value)) for area, value, _c in published) == sorted(
        (v.area.m49_area_id, float(v.value)) for a in aggregates for v in a.published)
