"""The tags that write the statistics pages' long lists give the HTML of the template loops they replaced."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from mandates.statistics import selectors
from mandates.statistics.models import Series, StatArea, Value

FORMER_SELECT = Template(
    '{% for indicator, options in series_groups %}<optgroup label="{{ indicator }}">\n'
    '    {% for pk, label in options %}<option value="{{ pk }}"{% if pk == selected.pk %} selected{% endif %}>'
    '{{ label }}</option>{% endfor %}\n  </optgroup>{% endfor %}')
SELECT = Template("{% load statistics_tables %}{% series_options series_groups selected %}")
FORMER_ROWS = Template(
    "{% load humanize %}{% for row in rows %}<tr><th scope=\"row\"><a href=\"{% url 'statistics:area' row.area.code %}"
    '?series={{ series.pk }}">{{ row.area.name }}</a>{% if row.area.kind != "country" %} <small class="muted">'
    "({{ row.area.get_kind_display }})</small>{% endif %}</th><td class=\"num\">{{ row.value|floatformat:\"-2\"|intcomma }}"
    "</td><td>{{ row.source }}</td></tr>\n      {% endfor %}")
ROWS = Template("{% load statistics_tables %}{% map_table_rows rows series %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "fr"])
def test_map_table_rows_and_series_options_write_the_former_loops_html(stats, language):
    year, series_id = (Value.objects.exclude(area__kind__in=[StatArea.Kind.COUNTRY, StatArea.Kind.AGGREGATE])
                       .values_list("year", "series_id").first())
    series = Series.objects.get(pk=series_id)
    rows = selectors.map_rows(series, year)
    assert any(r.area.kind != StatArea.Kind.COUNTRY for r in rows) and len(rows) > 20
    groups = selectors.series_options(selectors.series_list())
    with translation.override(language):
        context = Context({"rows": rows, "series": series, "series_groups": groups})
        new_rows = ROWS.render(context)
        assert new_rows == FORMER_ROWS.render(context)
        assert new_rows.count("<tr>") == len(rows)
        for selected in (series, None):
            context = Context({"series_groups": groups, "selected": selected})
            new_select = SELECT.render(context)
            assert new_select == FORMER_SELECT.render(context)
            assert new_select.count(" selected>") == (1 if selected else 0)
    # a value with thousands and decimals is written as the filters write it
    big = rows[0]
    big.value = Decimal("12345678.5")
    with translation.override(language):
        context = Context({"rows": [big], "series": series})
        assert ROWS.render(context) == FORMER_ROWS.render(context)


@pytest.mark.django_db
def test_country_main_series_read_as_tuples_gives_the_same_values(stats):
    """The portal's evidence (``with_run=False``: the latest value of each series built from tuples) holds the same
    values, series and area as the model instances the staff panel reads (pages7)."""
    from mandates.geography.models import Country

    # The countries with values read from the values (through the areas' key): the test database has no planner
    # statistics, and PostgreSQL scanned every value for each country and area pair with the join the other way.
    ids = set(Value.objects.values_list("area__country_id", flat=True).distinct()) - {None}
    countries = list(Country.objects.filter(pk__in=ids))
    assert len(countries) > 5
    with_values = 0
    for country in [*countries, Country.objects.exclude(pk__in=ids).first()]:
        for limit in (1, 3, 5):
            full = selectors.country_main_series(country, limit=limit)
            light = selectors.country_main_series(country, limit=limit, with_run=False)
            assert [(v.pk, v.series_id, v.year, v.value, v.source, str(v.series), v.series.collection)
                    for v in light["rows"]] == [(v.pk, v.series_id, v.year, v.value, v.source, str(v.series),
                                                 v.series.collection) for v in full["rows"]]
            assert (light["area"] and light["area"].code) == (full["area"] and full["area"].code)
            with_values += bool(full["rows"])
    assert with_values


# Values around every boundary of the filters' roads: integers, values rounding to zero (and its sign), half cents,
# long fractions, thousands, negatives, exponents, and what is not a finite Decimal.
EDGES = ["0", "-0", "0.00", "-0.004", "-0.005", "0.005", "0.004", "0.5", "-0.5", "1", "-1", "12.345", "12.355",
         "999.995", "-999.995", "1000", "1000.0", "1000.01", "-1234567.891", "12345678.5", "1E+3", "1.5E+7", "1E-9",
         "123456789012345678901234567.89", "0.0000000000001", "99.999", "-99.999", "7.10", "100000000"]


@pytest.mark.django_db
def test_two_places_writes_every_stored_value_as_the_filters_do_in_every_language(stats):
    """``two_places`` (pages8: the map table's values without the filters' per-value format lookups) writes each
    value of the imported statistics, and the edge cases, as ``floatformat:"-2"|intcomma`` does, in each language."""
    from django.conf import settings
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.template.defaultfilters import floatformat

    from mandates.statistics.templatetags.statistics_tables import two_places

    values = sorted(set(Value.objects.values_list("value", flat=True)))
    assert len(values) > 1000 and any(v != int(v) for v in values) and any(v >= 1000 for v in values)
    values += [Decimal(text) for text in EDGES] + [Decimal("NaN"), Decimal("Infinity"), 12.5, 7, None, "x"]
    for language in ["en-gb", *(code for code, _name in settings.LANGUAGES)]:
        with translation.override(language):
            write = two_places()
            written = [write(value) for value in values]
            assert written == [intcomma(floatformat(value, "-2")) for value in values], language


FORMER_REGIONS = Template(
    "{% load i18n humanize %}{% for a in aggregates %}<tr{% if a.population_share is not None and "
    'a.population_share < 50 %} class="row--gap"{% endif %}>\n'
    '      <th scope="row">{{ a.name }}</th>\n'
    '      <td class="num">{% if a.value is not None %}{{ a.value|floatformat:"-2"|intcomma }}{% else %}—{% endif %}'
    "</td>\n"
    '      <td class="num">{{ a.reporting }} {% translate "of" %} {{ a.countries }}{% if a.without_population %} '
    '<small class="muted">({% blocktranslate count n=a.without_population %}{{ n }} without population{% plural %}'
    "{{ n }} without population{% endblocktranslate %})</small>{% endif %}</td>\n"
    '      <td class="num">{% if a.population_share is not None %}{{ a.population_share|floatformat:0 }} %'
    "{% else %}—{% endif %}</td>\n"
    '      <td>{% for p in a.published %}{{ p.value|floatformat:"-2"|intcomma }} <small class="muted">'
    "({{ p.collection_label }})</small>{% if not forloop.last %}; {% endif %}{% empty %}—{% endfor %}</td>\n"
    "    </tr>{% endfor %}")
REGIONS = Template("{% load statistics_tables %}{% region_rows aggregates %}")
FORMER_YEARS = Template('{% for y in years %}<option value="{{ y }}"{% if y == year %} selected{% endif %}>{{ y }}'
                        "</option>{% endfor %}")
YEARS = Template("{% load statistics_tables %}{% year_options years year %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "fr", "ar", "zh-hans"])
def test_region_rows_and_year_options_write_the_former_loops_html(stats, language):
    """map9: the regions' table and the year select are written by one tag each; the HTML is the former loops', for
    real figures (a rate with published estimates, counts) and for every branch: no figure, no share, a share under
    50 %, countries without a population (one and several), no published estimate, an unknown collection, a name
    to escape, thousands."""
    owid = Series.objects.get(collection="owid", indicator="Victims of intentional homicide", dimension="Total",
                              category="Total", sex="Total", age="Total")
    held = Series.objects.filter(indicator="Persons held", sex="Total", age="Total", dimension="Total").first()
    tables = []
    for series in (owid, held):
        for year in selectors.years_of(series)[-3:]:
            tables.append(selectors.aggregates(series, year, selectors.map_rows(series, year, with_run=False)))
    assert any(a.published for t in tables for a in t) and any(a.value is not None for t in tables for a in t)
    made = [selectors.Aggregate("A & <B>", "region", countries=12, reporting=3, without_population=1,
                                population_reporting=10, population_known=1000, value=Decimal("12345.678")),
            selectors.Aggregate("World", "world", countries=250, reporting=0, without_population=0),
            selectors.Aggregate("C", "region", countries=9, reporting=9, without_population=2,
                                population_reporting=90, population_known=90, value=Decimal("-0.004"),
                                published=[selectors.Published(1, Decimal("1000.5"), "cts"),
                                           selectors.Published(1, Decimal("2"), "<other>")])]
    with translation.override(language):
        for aggregates in [*tables, made]:
            context = Context({"aggregates": aggregates})
            written = REGIONS.render(context)
            assert written == FORMER_REGIONS.render(context)
            assert written.count("<tr") == len(aggregates)
        assert "row--gap" in REGIONS.render(Context({"aggregates": made}))
        for years, year in ((selectors.years_of(owid), 2015), ([1999, 2000], 1990), ([], None)):
            context = Context({"years": years, "year": year})
            assert YEARS.render(context) == FORMER_YEARS.render(context)


def _former_aggregates(series, year, rows):
    """The regions' figures as ``selectors.aggregates`` computed them before map9: the countries by the ORM, each
    one's nearest population estimate kept in Python from all of them (the earlier-stored on a tie)."""
    from mandates.geography.models import Area, Country
    from mandates.statistics.models import PopulationEstimate

    best = {}
    for country_id, estimate_year, population in PopulationEstimate.objects.filter(
            area__kind=StatArea.Kind.COUNTRY).order_by("pk").values_list("area__country_id", "year", "population"):
        distance = abs(estimate_year - year)
        if country_id not in best or distance < best[country_id][1]:
            best[country_id] = (population, distance)
    regions = {a.pk: a for a in Area.objects.filter(level__in=[Area.Level.WORLD, Area.Level.REGION])}
    world = next(pk for pk, a in regions.items() if a.level == Area.Level.WORLD)
    reported = {r.area.country_id: r.value for r in rows if r.area.kind == StatArea.Kind.COUNTRY and r.area.country_id}
    result = {pk: selectors.Aggregate(a.name, a.level) for pk, a in regions.items()}
    for country_id, region_id in Country.objects.values_list("pk", "region_id"):
        for agg in [result[pk] for pk in {region_id, world} if pk in result]:
            pop, value = best.get(country_id), reported.get(country_id)
            agg.countries += 1
            agg.population_known += pop[0] if pop else 0
            if value is not None:
                agg.reporting += 1
                if pop:
                    agg.population_reporting += pop[0]
                    agg.weighted += value * pop[0]
                else:
                    agg.without_population += 1
                agg.total += value
    for agg in result.values():
        if agg.reporting:
            agg.value = agg.total if series.unit == "Counts" else (
                agg.weighted / agg.population_reporting if agg.population_reporting else None)
    return sorted(result.values(), key=lambda a: (a.level != Area.Level.WORLD, a.name))


@pytest.mark.django_db
def test_the_regions_figures_read_by_hand_written_sql_equal_the_former_python_ones(stats):
    """map9: each country's nearest population is picked in SQL (the map floor's rule) and the published estimates
    read as tuples; every figure is the same exact Decimal as the former computation's, for rates and counts in
    every year, and the published estimates the same, in the same order."""
    from mandates.statistics.models import PopulationEstimate

    assert PopulationEstimate.objects.exists()
    compared = 0
    for series in Series.objects.filter(indicator__in=["Victims of intentional homicide", "Persons held"],
                                        sex="Total", age="Total", dimension="Total"):
        years = selectors.years_of(series)
        for year in {*years[:2], *years[len(years) // 2:][:2], *years[-4:]}:  # both ends and the middle
            rows = selectors.map_rows(series, year, with_run=False)
            fields = ("name", "level", "countries", "reporting", "without_population", "population_reporting",
                      "population_known", "value", "total", "weighted")
            new = selectors.aggregates(series, year, rows)
            assert [[getattr(a, f) for f in fields] for a in new] == [
                [getattr(a, f) for f in fields] for a in _former_aggregates(series, year, rows)], (series, year)
            published = Value.objects.filter(year=year, area__kind=StatArea.Kind.AGGREGATE,
                                             area__m49_area__level__in=["world", "region"],
                                             series__indicator=series.indicator, series__dimension=series.dimension,
                                             series__category=series.category, series__sex="Total",
                                             series__age="Total", series__unit=series.unit)
            assert sorted((p.area_id, p.value, p.collection) for a in new for p in a.published) == sorted(
                (v.area.m49_area_id, v.value, v.series.collection) for v in published.select_related("area", "series"))
            for a in new:  # in the model's order (collection first)
                assert [p.collection for p in a.published] == sorted(p.collection for p in a.published)
            compared += sum(1 for a in new if a.value is not None)
    assert compared > 50


def test_the_batch_escape_and_the_area_links_give_what_escape_and_reverse_give():
    """map9: the map table escapes its names and sources in one call (a NUL in one of them takes the long road) and
    writes the links of plain codes without ``quote``; both give what ``escape`` and ``{% url %}`` give."""
    from django.urls import reverse
    from django.utils.html import escape

    from mandates.statistics.templatetags.statistics_tables import _area_links, _escaped

    for texts in ([], [""], ["Côte d'Ivoire", "A & <B>", 'say "x"'], ["a\x00b", "<c>", ""], ["plain"] * 3):
        assert _escaped(texts) == [str(escape(t)) for t in texts]
    link = _area_links()
    for code in ("KEN", "GBR_E_W", "M49_001", "a.b~c-d", "A B", "CÔTE", "x@y:z", "100%", "a?b#c"):
        assert link(code) == reverse("statistics:area", args=[code]), code


@pytest.mark.django_db
def test_the_map_pages_hand_written_reads_give_what_the_orm_gives(stats):
    """map9: the series select, the years, the map's rows and the chosen series are read by hand-written queries;
    each gives what the ORM's query gives, for every series and (for the rows) three years of each."""
    orm_choices = selectors.series_options(selectors.series_list().values_list(
        "pk", "indicator", "dimension", "category", "sex", "age", "unit", "collection", named=True))
    assert selectors.series_choices() == orm_choices and sum(len(options) for _i, options in orm_choices) > 20
    compared = 0
    # The rows of the first and last series of each collection and indicator (each map_rows query scans the values
    # per area on a test database without planner statistics), every series for the rest.
    keys = {}
    for series in Series.objects.order_by("pk"):
        keys.setdefault((series.collection, series.indicator), []).append(series.pk)
    with_rows = {pk for pks in keys.values() for pk in (pks[0], pks[-1])}
    every = selectors.series_rows()
    for series in Series.objects.all():
        # Read by its id, and taken from the select's rows as the map page does (map10): the same series.
        for found in (selectors.series_by_id(series.pk), selectors.series_by_id(series.pk, every)):
            assert [getattr(found, f.attname) for f in Series._meta.concrete_fields] == [
                getattr(series, f.attname) for f in Series._meta.concrete_fields] and not found._state.adding
            assert found == series and str(found) == str(series)
        years = selectors.years_of(series)
        assert years == list(Value.objects.filter(series=series, year__gte=1900).values_list("year", flat=True)
                             .distinct().order_by("year"))
        for year in (years[-1:] + years[:1] + years[len(years) // 2:][:1]) if series.pk in with_rows else []:
            light, full = selectors.map_rows(series, year, with_run=False), selectors.map_rows(series, year)
            assert [(r.value, r.source, r.area.code, r.area.name, r.area.kind, r.area.country_id,
                     r.area.country and r.area.country.m49_code) for r in light] == [
                (r.value, r.source, r.area.code, r.area.name, r.area.kind, r.area.country_id,
                 r.area.country and r.area.country.m49_code) for r in full]
            compared += len(full)
    assert compared > 500
    assert selectors.series_by_id(0) is None and selectors.series_by_id(10**12) is None
    assert selectors.series_by_id(0, every) is None and selectors.series_by_id(10**12, every) is None
