"""List filters (selectors, pages and API): text, status, kind, programme, strategy nodes at any level,
region, country, work unit, and the projects of a country."""
import datetime

import pytest

from mandates.portfolio import selectors, services

from .conftest import area, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(make_project, strategy, units, programme, users):
    """Projects spread over results, places and units."""
    made = {
        "KEN": make_project("XKE01", title="Court reform in Kenya", results=[strategy["1.1.1"]],
                            programme=programme, locations=[{"country": country("KEN")}]),
        "NGA": make_project("XNG01", title="Drug data in Nigeria", results=[strategy["2.1.1"]],
                            lead_unit=units["DO-OCB"], locations=[{"country": country("NGA")}],
                            objective="Reliable figures on cocaine seizures"),
        "EAF": make_project("XEA01", title="Border control in Eastern Africa", results=[strategy["1.2.1"]],
                            lead_unit=units["ROEA-SOM"], locations=[{"area": area("014")}]),
        "GLO": make_project("GLO01", title="Global legal advisory", results=[strategy["1.1.2"]],
                            lead_unit=units["DO-JUS"], locations=[{"area": area("001")}]),
        "NEW": make_project("XSP01", title="Convention support 2012", strategy_period=strategy["new_period"],
                            results=[strategy["SP1.a"]], start_date=datetime.date(2012, 1, 1),
                            end_date=datetime.date(2013, 12, 31), lead_unit=units["DO-JUS"],
                            locations=[{"country": country("FRA")}]),
    }
    return made


def codes(qs):
    return {p.code for p in qs}


def project_codes(user, **filters):
    return codes(selectors.project_list(user, **filters))


def test_a_node_at_any_level_matches_every_result_below_it(spread, strategy, users):
    reader = users["reader"]
    assert project_codes(reader, theme=strategy["1"]) == {"XKE01", "XEA01", "GLO01"}
    assert project_codes(reader, result_area=strategy["1.1"]) == {"XKE01", "GLO01"}
    assert project_codes(reader, result=strategy["1.1.1"]) == {"XKE01"}
    assert project_codes(reader, result=strategy["2"]) == {"XNG01"}
    # the later period's two-level tree: its top level matches its results
    assert project_codes(reader, theme=strategy["SP1"]) == {"XSP01"}
    assert project_codes(reader, theme=strategy["1"], result_area=strategy["1.2"]) == {"XEA01"}


def test_region_matches_countries_in_it_and_the_area_itself(spread, users):
    reader = users["reader"]
    assert project_codes(reader, region=area("014")) == {"XKE01", "XEA01"}  # Eastern Africa
    assert project_codes(reader, region=area("002")) == {"XKE01", "XEA01", "XNG01"}  # Africa: areas inside too
    assert project_codes(reader, region=area("150")) == {"XSP01"}  # Europe


def test_country_unit_text_status_programme_and_period(spread, users, units, strategy, programme):
    reader = users["reader"]
    assert project_codes(reader, country=country("KEN")) == {"XKE01"}
    assert project_codes(reader, unit=units["DO"]) == {"XNG01", "GLO01", "XSP01"}  # the units below included
    assert project_codes(reader, unit=units["ROEA"]) == {"XKE01", "XEA01"}
    assert project_codes(reader, search="cocaine") == {"XNG01"}  # in the objective
    assert project_codes(reader, search="xke") == {"XKE01"}  # in the code
    assert project_codes(reader, search="border") == {"XEA01"}  # in the title
    assert project_codes(reader, programme=programme) == {"XKE01"}
    assert project_codes(reader, period=strategy["new_period"]) == {"XSP01"}
    services.transition(spread["KEN"], "cancel", by=users["planning_officer"])
    assert project_codes(reader, status="cancelled") == {"XKE01"}


def test_projects_for_a_country_include_regional_work_but_not_global(spread, users):
    assert codes(selectors.projects_for_country(users["reader"], country("KEN"))) == {"XKE01", "XEA01"}
    assert codes(selectors.projects_for_country(None, country("KEN"))) == set()  # drafts are not public


def test_list_page_filters_by_codes(client, spread, users):
    client.force_login(users["reader"])
    page = client.get("/projects/?result_area=1.1&region=002").content.decode()
    assert 'class="filters"' in page
    assert ">XKE01<" in page and ">GLO01<" not in page and ">XEA01<" not in page
    page = client.get("/projects/?period=2012-2015&theme=SP1").content.decode()
    assert ">XSP01<" in page and ">XKE01<" not in page
    assert "Subprogramme" in page  # the period's own level names label the filters
    page = client.get("/projects/?unit=DO&country=NGA").content.decode()
    assert ">XNG01<" in page and ">GLO01<" not in page
    bad = client.get("/projects/?country=ZZZ")  # an invalid filter is shown, not a 500
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_api_filters_match_the_pages(client, spread, users):
    client.force_login(users["reader"])

    def api_codes(query):
        answer = client.get(f"/api/v1/projects?{query}").json()
        assert "results" in answer, (query, answer)
        return {p["code"] for p in answer["results"]}

    assert api_codes("theme=1") == {"XKE01", "XEA01", "GLO01"}
    assert api_codes("result=1.1&period=2008-2011") == {"XKE01", "GLO01"}
    assert api_codes("theme=SP1") == {"XSP01"}
    assert api_codes("region=014") == {"XKE01", "XEA01"}
    assert api_codes("unit=DO&q=global") == {"GLO01"}
    assert api_codes("programme=RP-EAF") == {"XKE01"}
    # one filter set for both: the page's messages for a bad code, its filters (``ending``) in the API too
    bad = client.get("/api/v1/projects?country=ZZZ")
    assert bad.status_code == 400 and "Select a valid choice" in bad.json()["country"][0]
    assert client.get("/api/v1/projects?ending=0").status_code == 400
    assert api_codes("ending=3650") <= {"XKE01", "XEA01", "GLO01", "XSP01", "XNG01"}


def test_programme_filters(client, programme, strategy, units, users):
    services.create_programme(
        by=users["administrator"], code="GP-ML", title="Global Programme against Money-Laundering",
        kind="global", strategy_period=strategy["period"], start_date=datetime.date(2008, 1, 1),
        end_date=datetime.date(2011, 12, 31), lead_unit=units["DO-OCB"], areas=[area("001")],
        results=[strategy["1.1.2"]])
    reader = users["reader"]
    assert codes(selectors.programme_list(reader, kind="regional")) == {"RP-EAF"}
    assert codes(selectors.programme_list(reader, theme=strategy["1"])) == {"RP-EAF", "GP-ML"}
    assert codes(selectors.programme_list(reader, result_area=strategy["1.2"])) == {"RP-EAF"}
    assert codes(selectors.programme_list(reader, region=area("002"))) == {"RP-EAF"}
    assert codes(selectors.programme_list(reader, country=country("SOM"))) == {"RP-EAF"}
    assert codes(selectors.programme_list(reader, unit=units["DO"])) == {"GP-ML"}
    assert codes(selectors.programme_list(reader, search="laundering")) == {"GP-ML"}
    client.force_login(reader)
    page = client.get("/programmes/?kind=global").content.decode()
    assert ">GP-ML<" in page and ">RP-EAF<" not in page
    assert {p["code"] for p in client.get("/api/v1/programmes?region=014").json()["results"]} == {"RP-EAF"}


def test_last_filters_are_restored_per_list_and_can_be_cleared(client, users):
    client.force_login(users["reader"])
    assert client.get("/projects/?country=KEN").status_code == 200
    back = client.get("/projects/")
    assert back.status_code == 302 and back["Location"] == "/projects/?country=KEN"
    assert client.get("/programmes/").status_code == 200  # each list keeps its own
    page = client.get("/projects/?country=KEN").content.decode()
    snippet = page[page.index("filters__actions"):][:400]
    assert 'href="/projects/?clear=1"' in page and "Clear filters" in page, snippet
    cleared = client.get("/projects/?clear=1")
    assert cleared.status_code == 302 and cleared["Location"] == "/projects/"
    assert client.get("/projects/").status_code == 200
    assert client.get("/projects/?page=1").status_code == 200
