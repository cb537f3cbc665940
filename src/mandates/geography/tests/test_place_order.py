"""Lists of countries and regions are in the order of the names the reader sees: on a French or Spanish page
"Égypte" / "Egipto" and "États-Unis" / "Estados Unidos" are among the E's (the English order put them at
"Egypt" and "United States", and a byte order puts "É" after "Z"), with no query per place."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from mandates.geography.names import by_name, collation_key


def test_the_key_sorts_accents_and_case_with_their_letter():
    names = ["Zambie", "États-Unis d'Amérique", "Équateur", "égypte", "Estonie", "Émirats arabes unis", "Eswatini"]
    assert sorted(names, key=collation_key) == ["égypte", "Émirats arabes unis", "Équateur", "Estonie",
                                                "Eswatini", "États-Unis d'Amérique", "Zambie"]
    assert sorted(names) != sorted(names, key=collation_key)  # what a plain sort gives is not that
    # Arabic: an alif with a hamza or a madda sorts as the bare alif, before the next letter
    assert [n for n in sorted(["باكستان", "أفغانستان", "آيسلندا", "إثيوبيا"], key=collation_key)][-1] == "باكستان"


def _options(page: bytes, name: str) -> list[str]:
    select = html.fromstring(page).xpath(f"//select[@name='{name}']")[0]
    return [o.text_content().strip() for o in select.xpath(".//option") if o.get("value")]


def _get(client, url, language):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content, len(queries)


EXPECTED = {"fr": ("Égypte", "Espagne", "États-Unis d’Amérique", "France"),
            "es": ("Egipto", "España", "Estados Unidos de América", "Francia")}


@pytest.mark.django_db
@pytest.mark.parametrize("url, field", [("/projects/", "country"), ("/results/deliveries/", "country")])
def test_country_choices_are_in_the_readers_order_in_french_and_spanish(client, users, url, field):
    from mandates.geography.models import Country

    client.force_login(users["administrator"])
    _get(client, url, "en")  # warm the per-process caches
    _page, english_queries = _get(client, url, "en")
    for language, (egypt, spain, united_states, france) in EXPECTED.items():
        page, queries = _get(client, url, language)
        options = _options(page, field)
        assert len(options) == Country.objects.count()
        assert options == sorted(options, key=collation_key)
        assert options.index(egypt) < options.index(spain) < options.index(united_states) < options.index(france)
        assert queries == english_queries  # the names come from a file: no query per country


@pytest.mark.django_db
def test_region_filter_and_country_list_follow_the_reader(client, users):
    client.force_login(users["administrator"])
    page, _queries = _get(client, "/projects/", "es")
    regions = [label.rsplit(" (", 1)[0] for label in _options(page, "region")]
    assert "África" in regions and "Americas" not in regions and regions == sorted(regions, key=collation_key)
    for form in ("/partners/new/", "/projects/new/"):  # an edit form's choices: a model's field, a declared one
        page, _queries = _get(client, form, "es")
        countries = _options(page, "country" if form == "/partners/new/" else "countries")
        assert countries == sorted(countries, key=collation_key) and "Egipto" in countries
    page, _queries = _get(client, "/countries/?q=egypte", "fr")  # the search knows the names too
    assert "Égypte" in html.fromstring(page).text_content()
    page, _queries = _get(client, "/countries/", "fr")
    first = [a.text_content() for a in html.fromstring(page).xpath("//table//tbody//td[1]/a")]
    assert first == sorted(first, key=collation_key) and first[0] == "Afghanistan"


@pytest.mark.django_db
def test_by_name_reads_each_place_once(m49):
    from mandates.geography.models import Country

    with CaptureQueriesContext(connection) as queries:
        ordered = by_name(Country.objects.only("iso3", "name", "m49_code"), language="es")
    assert len(queries) == 1 and len(ordered) > 200
    assert [c.iso3 for c in ordered].index("EGY") < [c.iso3 for c in ordered].index("USA")
