import csv

import pytest

from mandates.geography.models import Area, Country
from mandates.geography.selectors import countries_in_area
from mandates.geography.services import M49_FILE, load_m49


def _rows():
    with open(M49_FILE, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.django_db
def test_every_row_becomes_a_country_with_its_finest_region():
    load_m49()
    rows = _rows()
    assert Country.objects.count() == len(rows)
    for row in rows[::17]:
        country = Country.objects.get(iso3=row["ISO-alpha3 Code"])
        finest = row["Intermediate Region Name"] or row["Sub-region Name"]
        assert (country.finest_area.name if country.finest_area else "") == finest
        assert country.m49_code == row["M49 Code"]


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_m49()
    before = (Country.objects.count(), Area.objects.count(), list(Country.objects.values_list("pk", "name")))
    load_m49()
    assert before == (Country.objects.count(), Area.objects.count(), list(Country.objects.values_list("pk", "name")))


@pytest.mark.django_db
def test_areas_contain_their_countries(m49):
    eastern_africa = Area.objects.get(name="Eastern Africa")
    names = set(countries_in_area(eastern_africa).values_list("iso3", flat=True))
    assert {"KEN", "SOM", "SYC"} <= names
    assert "NGA" not in names
    world = Area.objects.get(level=Area.Level.WORLD)
    assert countries_in_area(world).count() == Country.objects.count()


@pytest.mark.django_db
def test_country_api_is_public_and_filterable(client, m49):
    response = client.get("/api/v1/countries?is_sids=true&page_size=500")
    assert response.status_code == 200
    body = response.json()
    expected = sum(1 for r in _rows() if r["Small Island Developing States (SIDS)"] == "x")
    assert body["count"] == expected
    kenya = client.get("/api/v1/countries/KEN").json()
    assert kenya["intermediate_region"] == "Eastern Africa" and kenya["region"] == "Africa"


@pytest.mark.django_db
def test_country_pages(client, m49):
    assert "Kenya" in client.get("/countries/?q=ken").content.decode()
    assert client.get("/countries/KEN/").status_code == 200
    assert client.get("/countries/XXX/").status_code == 404
