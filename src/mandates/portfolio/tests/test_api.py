"""The API contract of /api/v1/programmes and /api/v1/projects: shapes, writes by code, 400 per field."""
import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from mandates.portfolio import services
from mandates.portfolio.models import Project

from .conftest import area, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, users):
    client.force_login(users["planning_officer"])
    return client


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data):  # "*": these tests are not about concurrent edits (core/tests/test_optimistic_locking)
    return client.patch(url, data, content_type="application/json", HTTP_IF_MATCH="*")


def test_project_list_item_contract(api, project, make_project, units):
    services.update_project(project, by=None, locations=[
        {"country": country("KEN"), "percentage": Decimal("50")}, {"area": area("014")}, {"area": area("001")}])
    body = api.get("/api/v1/projects").json()
    assert body["count"] == 1
    item = body["results"][0]
    assert {k: item[k] for k in ("code", "status", "programme", "lead_unit", "start_date", "end_date")} == {
        "code": "XEAX20", "status": "draft", "programme": "RP-EAF", "lead_unit": "ROEA",
        "start_date": "2009-01-01", "end_date": "2011-12-31"}
    assert item["title"] == "Maritime crime programme: piracy trials support"
    assert item["results"] == ["1.1.1"]
    assert sorted(item["locations"], key=str) == sorted([
        {"country": "KEN", "name": "Kenya", "percentage": "50.00"},
        {"area": "014", "name": "Eastern Africa"},
        "global",
    ], key=str)
    assert sorted(item["partners"], key=lambda p: p["role"]) == [
        {"name": "International Criminal Police Organization", "acronym": "INTERPOL", "role": "cooperating"},
        {"name": "United Nations Development Programme", "acronym": "UNDP", "role": "implementing"},
    ]


def test_project_detail_nests_the_logframe(api, project):
    body = api.get(f"/api/v1/projects/{project.pk}/").json()
    assert body["component"] == "SP1"
    outcome = body["outcomes"][0]
    assert (outcome["code"], outcome["results"]) == ("OC1", ["1.1.1"])
    activity = outcome["outputs"][0]["activities"][0]
    assert activity == {
        "code": "A1.1.1", "title": "Training of prosecutors in Mombasa", "description": "",
        "where": {"country": "KEN", "name": "Kenya"}, "start_date": "2009-03-02", "end_date": "2009-03-06",
        "responsible_unit": None, "planned_cost": "12500.00", "currency": "USD",
    }


def test_create_project_with_codes(api, programme, partners, users):
    response = post(api, "/api/v1/projects", {
        "code": "XEAJ01", "title": "Criminal justice reform in Kenya", "objective": "Fairer trials",
        "programme": "RP-EAF", "component": "SP1", "lead_unit": "ROEA",
        "start_date": "2010-01-01", "end_date": "2011-06-30", "results": ["1.1.1", "1.2.1"],
        "locations": [{"country": "ken", "percentage": 80}, {"area": "14", "percentage": 20}, "global"],
        "partners": [{"name": "UNDP", "role": "funding"},
                     {"name": "International Criminal Police Organization", "role": "implementing"}],
    })
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["strategy_period"] == "2008-2011"  # taken from the programme
    assert body["results"] == ["1.1.1", "1.2.1"] and body["component"] == "SP1"
    assert {"country": "KEN", "name": "Kenya", "percentage": "80.00"} in body["locations"]
    assert {p["acronym"]: p["role"] for p in body["partners"]} == {"UNDP": "funding", "INTERPOL": "implementing"}
    created = Project.objects.get(code="XEAJ01")
    assert LogEntry.objects.get_for_object(created).get(action=LogEntry.Action.CREATE).actor == users["planning_officer"]


@pytest.mark.parametrize("change, field", [
    ({"results": ["9.9.9"]}, "results"),
    ({"lead_unit": "NOWHERE"}, "lead_unit"),
    ({"programme": "RP-NONE"}, "programme"),
    ({"component": "SP7"}, "component"),
    ({"locations": [{"country": "XXX"}]}, "locations"),
    ({"locations": ["everywhere"]}, "locations"),
    ({"partners": [{"name": "UNDP", "role": "sponsor"}]}, "partners"),
    ({"partners": [{"name": "Nobody", "role": "funding"}]}, "partners"),
    ({"title": ""}, "title"),
    ({"start_date": "first of May"}, "start_date"),
    # refused by the service, after the shape was accepted
    ({"end_date": "2008-12-31"}, "end_date"),
    ({"code": "XEAX20"}, "code"),
    ({"results": ["1.2"]}, "results"),
    ({"locations": [{"country": "KEN", "area": "014"}]}, "locations"),
    ({"locations": [{"country": "KEN", "percentage": 70}, {"country": "SOM", "percentage": 40}]}, "locations"),
])
def test_bad_input_answers_400_with_a_message_for_the_field(api, project, partners, change, field):
    payload = {"code": "XEAJ02", "title": "T", "objective": "O", "programme": "RP-EAF", "lead_unit": "ROEA",
               "start_date": "2009-01-01", "end_date": "2009-12-31", **change}
    response = post(api, "/api/v1/projects", payload)
    assert response.status_code == 400
    body = response.json()
    assert field in body and body[field], body
    assert not Project.objects.filter(code="XEAJ02").exists()


def test_patch_changes_only_what_is_sent(api, project):
    response = patch(api, f"/api/v1/projects/{project.pk}", {"title": "Piracy trials", "results": ["1.2.1"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["results"], body["objective"]) == (
        "Piracy trials", ["1.2.1"], "Stronger criminal justice institutions")
    assert [loc["country"] for loc in body["locations"]] == ["KEN"]
    assert len(body["partners"]) == 2
    bad = patch(api, f"/api/v1/projects/{project.pk}", {"end_date": "2009-02-01"})
    assert bad.status_code == 400 and "end_date" in bad.json()  # the activity in March 2009 would be stranded
    assert Project.objects.get(pk=project.pk).end_date == datetime.date(2011, 12, 31)


def test_put_replaces_locations_and_partners(api, project):
    response = api.put(f"/api/v1/projects/{project.pk}", {
        "code": "XEAX20", "title": "Piracy", "objective": "Trials", "lead_unit": "ROEA", "start_date": "2009-01-01",
        "end_date": "2011-12-31", "locations": [{"country": "SOM"}], "partners": []}, content_type="application/json",
        HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    assert response.json()["locations"] == [{"country": "SOM", "name": "Somalia"}]
    assert response.json()["partners"] == []


def test_programme_manager_posting_for_another_unit_gets_403(client, users, strategy, programme):
    client.force_login(users["programme_manager"])  # Regional Office for Eastern Africa
    outside = post(client, "/api/v1/projects", {"code": "XHQ01", "title": "HQ work", "objective": "x",
                                                "strategy_period": "2008-2011", "lead_unit": "DO-JUS",
                                                "start_date": "2009-01-01", "end_date": "2009-12-31"})
    assert outside.status_code == 403
    below = post(client, "/api/v1/projects", {"code": "XSO01", "title": "Somalia work", "objective": "x",
                                              "strategy_period": "2008-2011", "lead_unit": "ROEA-SOM",
                                              "start_date": "2009-01-01", "end_date": "2009-12-31"})
    assert below.status_code == 201  # a unit below one's own
    programme_outside = post(client, "/api/v1/programmes", {
        "code": "GP-X", "title": "Global", "kind": "global", "strategy_period": "2008-2011", "lead_unit": "DO-OCB",
        "start_date": "2009-01-01", "end_date": "2009-12-31"})
    assert programme_outside.status_code == 403


def test_programme_contract_and_writes(api, programme):
    body = api.get(f"/api/v1/programmes/{programme.pk}").json()
    assert {k: body[k] for k in ("code", "kind", "status", "strategy_period", "lead_unit")} == {
        "code": "RP-EAF", "kind": "regional", "status": "draft", "strategy_period": "2008-2011", "lead_unit": "ROEA"}
    assert sorted(body["countries"]) == ["KEN", "SOM"]
    assert body["areas"] == [{"area": "014", "name": "Eastern Africa"}]
    assert body["results"] == ["1.2.1"] and body["components"] == [{"code": "SP1", "title": "Countering illicit trafficking"}]
    changed = patch(api, f"/api/v1/programmes/{programme.pk}", {"areas": ["global"], "countries": []})
    assert changed.status_code == 200 and changed.json()["areas"] == ["global"] and changed.json()["countries"] == []
    bad = patch(api, f"/api/v1/programmes/{programme.pk}", {"countries": ["ZZZ"], "kind": "cosmic"})
    assert bad.status_code == 400 and {"countries", "kind"} <= set(bad.json())
    wrong_level = patch(api, f"/api/v1/programmes/{programme.pk}", {"results": ["1"]})
    assert wrong_level.status_code == 400 and "results" in wrong_level.json()


def test_unknown_filter_values_answer_400(api, project):
    assert api.get("/api/v1/projects?country=ZZZ").status_code == 400
    assert api.get("/api/v1/projects?result=9.9").status_code == 400
    assert api.get("/api/v1/projects?unit=NOWHERE").status_code == 400
    assert api.get("/api/v1/projects?country=KEN").json()["count"] == 1


def test_bearer_token_clients_get_the_same_answers(client, users, project):
    from mandates.people.services import issue_api_token

    token = issue_api_token(users["member_state_reader"])
    response = client.get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == ["XEAX20"]  # located in Kenya, though a draft
    assert client.get("/api/v1/projects", HTTP_AUTHORIZATION="Bearer wrong").status_code in (401, 403)
