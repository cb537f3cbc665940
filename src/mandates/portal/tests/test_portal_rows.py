"""The tags that write a portal page's project rows and delivery list give the HTML of the template loops they
replaced (pages7), in every language the portal speaks."""
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from mandates.geography.models import Country
from mandates.portal.selectors import public
from mandates.portfolio.models import Project
from mandates.results.models import Delivery

FORMER_PROJECTS = Template(
    "{% load i18n portal %}{% for project in projects %}\n"
    '    <tr><th scope="row"><a href="{% url \'portal:project\' project.code %}">{{ project.code }}</a> '
    "{{ project.title }}</th>\n"
    '      <td>{{ project|display:"status" }}</td><td>{{ project.start_date.year }}–{{ project.end_date.year }}</td>'
    "</tr>\n  {% endfor %}")
PROJECTS = Template("{% load portal %}{% project_rows projects %}")
FORMER_DELIVERIES = Template(
    '{% load portal %}{% for d in deliveries %}<li>{{ d.end_date|longdate }}: {{ d.title }} ({{ d|display:"kind" }}, '
    "<a href=\"{% url 'portal:project' d.project.code %}\">{{ d.project.code }}</a>)</li>{% endfor %}")
DELIVERIES = Template("{% load portal %}{% delivery_items deliveries %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "ru", "zh-hans"])
def test_project_rows_and_delivery_items_write_the_former_loops_html(world, language):
    ken = Country.objects.get(iso3="KEN")
    open1 = Project.objects.get(code="OPEN1")
    # a code reverse quotes, a title to escape, two deliveries on one day
    Project.objects.filter(code="OPEN2").update(code="OPEN 2é", title='Courts & "prisons" <reform>')
    Delivery.objects.create(kind="workshop", title="Judges' <workshop> & review", project=open1,
                            start_date=date(2009, 3, 1), end_date=date(2009, 3, 5), country=ken, participants=5)
    Delivery.objects.create(kind="training", title="Another", project=open1, start_date=date(2010, 1, 1),
                            end_date=date(2010, 12, 31), country=ken, participants=5)
    projects = list(public.projects().order_by("code"))
    deliveries = list(public.deliveries().filter(country=ken).select_related("project")
                      .only("end_date", "title", "kind", "project__code").order_by("-end_date", "-id"))
    assert len(projects) >= 2 and len(deliveries) == 3
    with translation.override(language):
        context = Context({"projects": projects, "deliveries": deliveries})
        rows = PROJECTS.render(context)
        assert rows == FORMER_PROJECTS.render(context)
        assert rows.count("<tr>") == len(projects)
        items = DELIVERIES.render(context)
        assert items == FORMER_DELIVERIES.render(context)
        assert items.count("<li>") == 3
        context = Context({"projects": [], "deliveries": []})
        assert PROJECTS.render(context) == FORMER_PROJECTS.render(context) == ""
        assert DELIVERIES.render(context) == FORMER_DELIVERIES.render(context) == ""
    assert "&amp; &quot;prisons&quot; &lt;reform&gt;" in rows and "/OPEN%202%C3%A9/" in rows


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "ru", "zh-hans"])
def test_long_dates_write_what_longdate_writes(language):
    """``long_dates`` (pages8: the locale and pattern parsed once per page) writes each date as the ``longdate``
    filter does, and leaves what is not a date to the filter."""
    from datetime import datetime, timedelta

    from mandates.portal.templatetags.portal import long_dates, longdate

    days = [date(1900, 1, 1) + timedelta(days=n * 37) for n in range(1500)] + [date(2024, 2, 29), date(9999, 12, 31)]
    others = [None, "", datetime(2009, 5, 31, 23, 59), "31 May"]
    with translation.override(language):
        write = long_dates()
        assert [write(d) for d in days + others] == [longdate(d) for d in days + others]
        assert len({write(d) for d in days[:12]}) == 12


@pytest.mark.django_db
def test_language_links_are_translate_urls(world):
    """The portal's language links, resolved once per page (pages8), are the addresses ``translate_url`` gives."""
    from django.conf import settings
    from django.urls import translate_url

    from mandates.portal.views.common import _translated_urls

    codes = [code for code, _name in settings.LANGUAGES]
    for url in ("/open/", "/open/countries/KEN/?year=2009&x=%20a", "/open/projects/OPEN%202%C3%A9/", "/no/such/page/",
                "/open/results/1/", "/open/download/by-year.csv?country=KEN"):
        for current in ("en", "fr", "ar"):
            with translation.override(current):
                assert _translated_urls(url, codes) == {code: translate_url(url, code) for code in codes}, url


FORMER_COUNTRY_OPTIONS = Template(
    "{% load portal %}{% for c in countries %}<option value=\"{{ c.iso3 }}\"{% if chosen == c %} selected{% endif %}>"
    "{{ c|place }}</option>{% endfor %}")
COUNTRY_OPTIONS = Template("{% load portal %}{% country_options countries chosen %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "ar", "zh-hans"])
def test_country_options_written_once_per_language_are_the_former_loops(m49, language):
    """``country_options`` keeps each language's options (pub12) and marks the chosen one: the HTML of the loop it
    replaced, with no choice, a chosen country and a chosen region; a renamed country is written anew."""
    from mandates.geography.models import Area

    countries = list(Country.objects.filter(iso3__in=["KEN", "UGA", "FRA", "CIV", "CHN"]).order_by("name"))
    assert len(countries) == 5
    with translation.override(language):
        for chosen in (None, countries[0], countries[3], Area.objects.get(m49_code="002")):
            context = Context({"countries": countries, "chosen": chosen})
            assert COUNTRY_OPTIONS.render(context) == FORMER_COUNTRY_OPTIONS.render(context)
        written = COUNTRY_OPTIONS.render(Context({"countries": countries, "chosen": countries[3]}))
        assert written.count(" selected") == 1 and f'value="{countries[3].iso3}" selected>' in written
        countries[1].name, countries[1].m49_code = "Renamed <land>", "999"  # not an M49 code: the stored name shows
        context = Context({"countries": countries, "chosen": None})
        assert COUNTRY_OPTIONS.render(context) == FORMER_COUNTRY_OPTIONS.render(context)
        assert "Renamed &lt;land&gt;" in COUNTRY_OPTIONS.render(context)
