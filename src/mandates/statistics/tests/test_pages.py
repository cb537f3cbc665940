"""Explorer, trend, aggregates with coverage, downloads, capacity, country panel, indicator link."""
import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mandates.statistics import selectors
from mandates.statistics.models import IndicatorLink, Series, StatArea, Value

RATE = "Rate per 100,000 population"


def _series(collection, indicator, unit=RATE):
    return Series.objects.get(collection=collection, indicator=indicator, dimension="Total", category="Total",
                              sex="Total", age="Total", unit=unit)


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_map_page_runs_a_bounded_number_of_queries_and_shows_coverage(client, stats, django_assert_max_num_queries):
    held = _series("cts", "Persons held")
    with django_assert_max_num_queries(9):
        response = client.get("/statistics/", {"series": held.pk, "year": 2015})
    assert response.status_code == 200
    kenya = Value.objects.get(series=held, area__code="KEN", year=2015)
    html = response.content.decode()
    assert "Kenya" in html and f"{kenya.value:.2f}" in html.replace(",", "")
    assert response.context["map_data"]["404"]["value"] == float(kenya.value)  # M49 404 = Kenya

    africa = next(a for a in response.context["aggregates"] if a.name == "Africa")
    reporting = Value.objects.filter(series=held, year=2015, area__country__region__name="Africa",
                                     area__kind=StatArea.Kind.COUNTRY)
    assert africa.reporting == reporting.count() and 0 < africa.reporting < africa.countries
    assert 0 < africa.population_share < 100  # never a silent regional average
    values = [v.value for v in reporting]
    assert min(values) <= africa.value <= max(values)


@pytest.mark.django_db
def test_published_aggregates_are_shown_beside_the_computed_ones(client, stats):
    owid = _series("owid", "Victims of intentional homicide")
    response = client.get("/statistics/", {"series": owid.pk, "year": 2015})
    world = next(a for a in response.context["aggregates"] if a.name == "World")
    published = Value.objects.filter(year=2015, area__code="M49_001", series__indicator=owid.indicator,
                                     series__unit=owid.unit, series__sex="Total", series__age="Total",
                                     series__dimension="Total", series__category="Total")
    assert [(p.area_id, p.value, p.collection) for p in world.published] == [  # OWID's and the Global Study's
        (v.area.m49_area_id, v.value, v.series.collection) for v in published]  # in the model's order
    assert [p.collection for p in world.published] == ["gsh2019", "owid"]
    assert "Global Study on Homicide 2019" in response.content.decode()


@pytest.mark.django_db
def test_country_trend_shows_values_with_sources(client, stats, django_assert_max_num_queries):
    held = _series("cts", "Persons held")
    with django_assert_max_num_queries(8):
        response = client.get("/statistics/areas/KEN/", {"series": held.pk})
    assert response.status_code == 200
    points = response.context["chart"]
    expected = list(Value.objects.filter(series=held, area__code="KEN").order_by("year").values_list("year", flat=True))
    assert [p["year"] for p in points] == expected and len(expected) > 5
    assert "unodc_cts_prisons_and_prisoners.csv" in response.content.decode()
    assert all(p["source"] for p in points)


@pytest.mark.django_db
def test_downloads_read_back_and_neutralise_formulas(client, stats):
    held = _series("cts", "Persons held")
    kenya = Value.objects.get(series=held, area__code="KEN", year=2015)
    Value.objects.filter(pk=kenya.pk).update(source="=HYPERLINK(\"x\")")
    response = client.get("/statistics/download.csv", {"series": held.pk, "year": 2015})
    rows = list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
    row = next(r for r in rows if r[1] == "KEN")
    assert Decimal(row[10]) == kenya.value and row[11].startswith("'=") and row[12] == kenya.run.file_name
    assert len(rows) - 1 == Value.objects.filter(series=held, year=2015).exclude(area__kind="aggregate").count()

    response = client.get("/statistics/download.xlsx", {"series": held.pk, "year": 2015})
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = list(book["Values"].iter_rows(values_only=True))
    row = next(r for r in sheet if r[1] == "KEN")
    assert Decimal(str(row[10])).quantize(Decimal("0.0001")) == kenya.value.quantize(Decimal("0.0001"))
    assert row[11].startswith("'=")
    regions = list(book["Regions"].iter_rows(values_only=True))
    assert any(r[0] == "Africa" and r[4] > 0 for r in regions[1:])


@pytest.mark.django_db
def test_capacity_page_counts_reporting_countries(client, stats, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get("/statistics/capacity/")
    assert response.status_code == 200
    _years, regions, countries = selectors.capacity()
    kenya = next(c for c in countries if c["country"].iso3 == "KEN")
    assert kenya["years"] == Value.objects.filter(area__code="KEN", source__icontains="CTS",
                                                  series__collection="cts").values("year").distinct().count()
    africa = next(r for r in regions if r["name"] == "Africa")
    assert max(n for _y, n, _p in africa["cells"]) <= africa["countries"]


@pytest.mark.django_db
def test_country_page_shows_the_main_series(client, stats):
    response = client.get("/countries/KEN/")
    html = response.content.decode()
    assert "Crime and criminal justice statistics" in html and "Persons held" in html


@pytest.mark.django_db
def test_only_permitted_people_import_and_link(client, stats, users, tmp_path):
    data = b"Entity,Code,Year,\"Homicide rate per 100,000 population\"\nKenya,KEN,2030,4.5\n"
    upload = io.BytesIO(data)
    upload.name = "owid.csv"
    assert client.post("/statistics/imports/", {"files": upload}).status_code in (302, 403)
    assert not Value.objects.filter(year=2030).exists()
    client.force_login(users["reader"])
    upload.seek(0)
    assert client.post("/statistics/imports/", {"files": upload}).status_code == 403
    client.force_login(users["planning_officer"])
    upload.seek(0)
    assert client.post("/statistics/imports/", {"files": upload}).status_code == 302
    assert Value.objects.get(year=2030, area__code="KEN").run.by == users["planning_officer"]

    from mandates.results import services as results
    from mandates.results.tests.conftest import DEFAULT_TREE, make_period

    period, nodes = make_period(tree=DEFAULT_TREE)
    held = _series("cts", "Persons held")
    indicator = results.save_indicator(by=users["planning_officer"], result=nodes["2.1.1"], aggregation="latest",
                                       title="Prison population rate in Kenya", targets={2011: 100})
    client.force_login(users["reader"])
    assert client.post(f"/statistics/link/{indicator.pk}/", {"series": held.pk, "area": "KEN"}).status_code == 403
    client.force_login(users["planning_officer"])
    response = client.post(f"/statistics/link/{indicator.pk}/", {"series": held.pk, "area": "KEN"})
    assert response.status_code == 302
    link = IndicatorLink.objects.get(indicator=indicator)
    assert link.series == held and link.area.code == "KEN"
    page = client.get(f"/statistics/link/{indicator.pk}/").content.decode()
    assert "Remove the link" in page and "unodc_cts_prisons_and_prisoners.csv" in page

    from mandates.results.selectors import series_for

    series = series_for([indicator])[indicator.pk]
    kenya = Value.objects.get(series=held, area__code="KEN", year=2015)
    assert series.actuals[2015] == kenya.value
    assert "unodc_cts_prisons_and_prisoners.csv" in series.sources[2015]
    # The programme performance report shows them with their source too.
    from datetime import date
    from types import SimpleNamespace

    from mandates.reporting import performance

    report = performance.build(users["planning_officer"], SimpleNamespace(start=date(2010, 1, 1), end=date(2011, 12, 31)),
                               date(2012, 3, 31))
    row = next(r for e in report["results"] for r in e["indicators"] if r["indicator"] == indicator)
    year = next(y for y in row["years"] if y["year"] == 2011)
    assert year["actual"] == Value.objects.get(series=held, area__code="KEN", year=2011).value
    assert "unodc_cts_prisons_and_prisoners.csv" in year["source"]
    # The implementation plan shows the linked values with their source.
    plan = client.get("/results/plan/", {"period": period.code}).content.decode()
    assert "Prison population rate in Kenya" in plan and "UN-CTS (UNODC Data Portal), Kenya" in plan
    page = client.get(f"/results/indicators/{indicator.pk}/").content.decode()
    assert "Values from a statistics series" in page and "unodc_cts_prisons_and_prisoners.csv" in page


@pytest.mark.django_db
def test_api_filters_paginates_and_streams(client, stats, django_assert_max_num_queries):
    held = _series("cts", "Persons held")
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/statistics/values", {"series": held.pk, "area": "ken", "year_from": 2010})
    assert response.status_code == 200
    body = response.json()
    expected = Value.objects.filter(series=held, area__code="KEN", year__gte=2010)
    assert body["count"] == expected.count() and all(r["area"] == "KEN" and r["year"] >= 2010 for r in body["results"])
    first = body["results"][0]
    assert Decimal(first["value"]) == expected.order_by("year").first().value and first["m49"] == "404"
    assert client.get("/api/v1/statistics/values", {"year": "soon"}).status_code == 400
    series = client.get("/api/v1/statistics/series", {"collection": "owid"}).json()
    assert series["count"] == 1 and series["results"][0]["indicator"] == "Victims of intentional homicide"

    response = client.get("/api/v1/statistics/values/bulk", {"series": held.pk})
    rows = list(csv.reader(io.StringIO(_body(response).decode())))
    assert rows[0][0] == "series" and len(rows) - 1 == Value.objects.filter(series=held).count()


@pytest.mark.django_db
def test_capacity_page_picks_out_the_projects_serving_result_areas_2_1_and_2_2(client, stats, units, users):
    import datetime

    from mandates.geography.models import Country
    from mandates.portfolio import services
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008, end_year=2011)

    def node(code, parent=None):
        return StrategyNode.objects.create(period=period, parent=parent, level=0 if parent is None else parent.level + 1,
                                           code=code, title=f"Result {code}")

    trends = node("2")
    data = node("2.1.1", node("2.1", trends))
    rule = node("1.1.1", node("1.1", node("1")))
    client.force_login(users["planning_officer"])
    weakest = client.get("/statistics/capacity/").context["weakest"]
    assert weakest
    weak = weakest[0]["country"]
    strong = Country.objects.get(iso3="KEN")

    def project(code, result, countries):
        return services.create_project(
            by=users["planning_officer"], code=code, title=f"Project {code}", objective="Better data",
            strategy_period=period, lead_unit=units["ROEA"], start_date=datetime.date(2009, 1, 1),
            end_date=datetime.date(2011, 12, 31), results=[result],
            locations=[{"country": c} for c in countries])

    survey = project("DATA01", data, [weak, strong])
    courts = project("RULE01", rule, [weak])
    elsewhere = project("DATA02", data, [weak])
    response = client.get("/statistics/capacity/")
    row = next(r for r in response.context["weakest"] if r["country"] == weak)
    assert row["capacity_projects"] == [survey, elsewhere] and row["projects"] == [courts]
    serving = response.context["serving"]
    assert [r["project"] for r in serving] == [survey, elsewhere]
    flags = {c["country"].iso3: c["weak"] for c in serving[0]["countries"]}
    assert flags[weak.iso3] is True and flags["KEN"] is (strong.pk in {r["country"].pk for r in weakest})
    html = response.content.decode()
    assert "DATA01" in html and "Projects serving result areas 2.1 and 2.2" in html
    # Kenya's reader sees the draft working in Kenya, not the one working only elsewhere
    client.force_login(users["member_state_reader"])
    page = client.get("/statistics/capacity/")
    assert page.status_code == 200
    assert [r["project"] for r in page.context["serving"]] == [survey]
    assert "DATA02" not in page.content.decode()


@pytest.mark.django_db
def test_capacity_page_names_regions_and_countries_in_the_readers_language(client, stats):
    html = client.get("/statistics/capacity/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<th scope="row">Afrique</th>' in html and '<th scope="row">Africa</th>' not in html
    from django.utils import translation

    with translation.override("fr"):
        _years, regions, countries = selectors.capacity()
        names = [r["name"] for r in regions]
        assert "Afrique" in names and names == sorted(names, key=lambda n: n.casefold())
        assert next(c for c in countries if c["country"].iso3 == "DEU")["country"].local_name == "Allemagne"
