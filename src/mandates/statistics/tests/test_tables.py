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
