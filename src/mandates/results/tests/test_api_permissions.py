"""The results API contract and who may do what, on pages and in the API alike."""
from datetime import date

import pytest

from mandates.results import services
from mandates.results.models import Delivery, IndicatorValue


@pytest.fixture
def setup(build, kenya_project, strategy, units, users, country):
    kenya, output = kenya_project
    hq = build.project("GLOJ03", units["DO-JUS"], results=[strategy["1.1.2"]], countries=[country("PER")])
    hq_output = build.logframe(hq, results=[strategy["1.1.2"]], cost="5000")
    secret = build.project("XEAK02", units["ROEA"], results=[strategy["1.4.3"]], countries=[country("KEN")],
                           is_public=False)
    secret_output = build.logframe(secret, results=[strategy["1.4.3"]])
    laws = services.save_indicator(by=users["planning_officer"], output=output, title="Laws reviewed",
                                   targets={2009: 4})
    hq_ind = services.save_indicator(by=users["planning_officer"], output=hq_output, title="Judges trained HQ")
    secret_ind = services.save_indicator(by=users["planning_officer"], output=secret_output, title="Hidden indicator")
    approved = services.record_value(laws, by=users["programme_manager"], year=2009, value=3)
    services.review_value(approved, by=users["planning_officer"], action="approve")
    pending = services.record_value(laws, by=users["programme_manager"], year=2010, value=5)
    services.record_value(hq_ind, by=users["programme_manager_hq"], year=2009, value=11)
    for project, title in ((kenya, "Nairobi workshop"), (hq, "Lima workshop"), (secret, "Closed-door meeting")):
        services.save_delivery(by=users["planning_officer"], kind="workshop", title=title, project=project,
                               start_date=date(2009, 5, 1), participants=3)
    return {"laws": laws, "hq_ind": hq_ind, "secret_ind": secret_ind, "approved": approved, "pending": pending,
            "kenya": kenya, "hq": hq, "output": output}


def test_plan_api_contract(client, setup, users, strategy):
    client.force_login(users["reader"])
    body = client.get("/api/v1/implementation-plan?period=2008-2011").json()
    assert body["period"] == "2008-2011" and body["count"] == 4 == len(body["results"])
    entry = next(e for e in body["results"] if e["code"] == "1.4.3")
    assert set(entry) >= {"code", "title", "theme", "result_area", "how", "how_much", "where", "who", "projects",
                          "indicators", "gaps"}
    assert entry["theme"]["code"] == "1" and entry["result_area"]["code"] == "1.4"
    assert entry["how_much"] == {"source": "planned_cost", "budget": {"USD": "120000.00"}, "expenditure": None}
    assert entry["where"] == {"countries": ["Kenya"], "regions": [], "global": False}
    assert [p["code"] for p in entry["projects"]] == ["XEAK01", "XEAK02"]
    assert {"title": "Laws reviewed", "status": "at_risk", "share": "0.7500"}.items() <= next(
        i for i in entry["indicators"] if i["title"] == "Laws reviewed").items()
    assert next(e for e in body["results"] if e["code"] == "1.1.1")["gaps"] == [
        "no_project", "no_indicator", "no_money", "no_recent_data"]
    assert client.get("/api/v1/implementation-plan/?period=2008-2011").status_code == 200
    bad = client.get("/api/v1/implementation-plan?period=1990-1991&year=abc")
    assert bad.status_code == 400 and set(bad.json()) == {"period", "year"}


def test_plan_api_summary_then_each_result_in_full(client, setup, users, strategy, monkeypatch):
    """The default answer lists each result's first projects and indicators with the counts of all and
    the address of its entry in full (same filters), where every figure is; gaps and money are the same."""
    from mandates.results import api

    monkeypatch.setitem(api.API_SHOWN, "projects", 1)
    monkeypatch.setitem(api.API_SHOWN, "indicators", 0)
    client.force_login(users["reader"])
    body = client.get("/api/v1/implementation-plan?period=2008-2011&as_of=2011-06-30").json()
    assert body["summary"] is True
    entry = next(e for e in body["results"] if e["code"] == "1.4.3")
    assert [p["code"] for p in entry["projects"]] == ["XEAK01"] and entry["project_count"] == 2
    assert entry["indicators"] == [] and entry["indicator_count"] >= 1
    assert "result=1.4.3" in entry["detail"] and "as_of=2011-06-30" in entry["detail"]
    full = client.get(entry["detail"]).json()
    assert full["summary"] is False and full["count"] == 1 and full["as_of"] == "2011-06-30"
    (row,) = full["results"]
    assert [p["code"] for p in row["projects"]] == ["XEAK01", "XEAK02"] and row["project_count"] == 2
    assert len(row["indicators"]) == entry["indicator_count"] and "detail" not in row
    assert {k: row[k] for k in ("how_much", "where", "who", "gaps")} == {
        k: entry[k] for k in ("how_much", "where", "who", "gaps")}
    bad = client.get("/api/v1/implementation-plan?period=2008-2011&result=9.9.9")
    assert bad.status_code == 400 and set(bad.json()) == {"result"}


@pytest.mark.parametrize("role, status", [("member_state_reader", 403), (None, 403)])
def test_plan_is_internal(client, setup, users, role, status):
    if role:
        client.force_login(users[role])
    assert client.get("/api/v1/implementation-plan?period=2008-2011").status_code in (401, status)
    page = client.get("/results/plan/")
    if role:
        assert page.status_code == 403
    else:  # an anonymous visitor is sent to log in (one behaviour for every staff page)
        assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")


def test_indicator_api_create_with_targets_and_field_errors(client, setup, users):
    client.force_login(users["programme_manager"])
    ok = client.post("/api/v1/indicators", {"output": setup["output"].pk, "title": "Prosecutors trained",
                                            "kind": "number", "targets": [{"year": 2009, "value": "50"}]},
                     content_type="application/json")
    assert ok.status_code == 201, ok.json()
    assert ok.json()["targets"] == [{"year": 2009, "value": "50.00", "text": ""}]
    assert ok.json()["project"] == "XEAK01" and ok.json()["progress"]["status"] == "no_data"
    bad = client.post("/api/v1/indicators", {"output": setup["output"].pk, "title": "Share", "kind": "percentage",
                                             "targets": [{"year": 2009, "value": "120"}]},
                      content_type="application/json")
    assert bad.status_code == 400 and "targets" in bad.json()
    foreign = client.post("/api/v1/indicators", {"output": setup["hq_ind"].output_id, "title": "Not mine"},
                          content_type="application/json")
    assert foreign.status_code == 403


def test_value_api_submit_and_review(client, setup, users):
    client.force_login(users["programme_manager"])
    bad = client.post("/api/v1/indicator-values", {"indicator": setup["laws"].pk, "year": 2015, "value": "2"},
                      content_type="application/json")
    assert bad.status_code == 400 and "year" in bad.json()
    ok = client.post("/api/v1/indicator-values", {"indicator": setup["laws"].pk, "year": 2011, "value": "4"},
                     content_type="application/json")
    assert ok.status_code == 201 and ok.json()["status"] == "submitted"
    assert client.post(f"/api/v1/indicator-values/{ok.json()['id']}/approve", {},
                       content_type="application/json").status_code == 403  # managers do not approve
    client.force_login(users["planning_officer"])
    returned = client.post(f"/api/v1/indicator-values/{ok.json()['id']}/return", {},
                           content_type="application/json")
    assert returned.status_code == 400 and "comment" in returned.json()
    approved = client.post(f"/api/v1/indicator-values/{ok.json()['id']}/approve", {"comment": "fine"},
                           content_type="application/json")
    assert approved.status_code == 200 and approved.json()["approved_by"] == "planner"


def test_delivery_api_moves_the_indicator(client, setup, users):
    trained = services.save_indicator(by=users["planning_officer"], output=setup["output"], title="Trained",
                                      actual_source="delivery_participants")
    client.force_login(users["programme_manager"])
    payload = {"kind": "training", "title": "Training of police", "output": setup["output"].pk,
               "start_date": "2010-02-01", "participants": 12, "indicators": [trained.pk],
               "participant_rows": [{"dimension": "sex", "category": "female", "count": 5},
                                    {"dimension": "sex", "category": "male", "count": 7}]}
    created = client.post("/api/v1/deliveries", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["project"] == "XEAK01"
    progress = client.get(f"/api/v1/indicators/{trained.pk}").json()["progress"]
    assert progress["actual"] == "12"
    bad = client.post("/api/v1/deliveries", {**payload, "participants": 13}, content_type="application/json")
    assert bad.status_code == 400 and "participant_rows" in bad.json()
    foreign = client.post("/api/v1/deliveries", {**payload, "output": None, "indicators": [],
                                                 "project": "GLOJ03"}, content_type="application/json")
    assert foreign.status_code == 403


def test_manager_records_for_own_unit_only(client, setup, users):
    client.force_login(users["programme_manager"])
    assert client.get(f"/results/indicators/{setup['laws'].pk}/values/new/").status_code == 200
    assert client.get(f"/results/indicators/{setup['hq_ind'].pk}/values/new/").status_code == 403
    assert client.post(f"/results/values/{setup['pending'].pk}/review/", {"action": "approve"}).status_code == 403
    assert client.get("/results/values/pending/").status_code == 403
    response = client.post(f"/results/indicators/{setup['laws'].pk}/values/new/", {"year": "2011", "value": "2"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=setup["laws"], year=2011).submitted_by == users["programme_manager"]
    page = client.post(f"/results/indicators/{setup['laws'].pk}/values/new/", {"year": "2012", "value": "2"})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()


def test_planner_reviews_on_the_page(client, setup, users):
    client.force_login(users["planning_officer"])
    queue = client.get("/results/values/pending/").content.decode()
    assert "Laws reviewed" in queue and "Judges trained HQ" in queue
    client.post(f"/results/values/{setup['pending'].pk}/review/", {"action": "return", "comment": "Which laws?"})
    setup["pending"].refresh_from_db()
    assert setup["pending"].status == "returned"
    page = client.get(f"/results/indicators/{setup['laws'].pk}/").content.decode()
    assert "Which laws?" in page and "Approved by planner" in page


def test_external_readers_see_approved_values_of_projects_they_may_see(client, setup, users):
    # Kenya's Member State reader: Kenyan projects (public or not) and public ones; approved values only
    client.force_login(users["member_state_reader"])
    titles = {i["title"] for i in client.get("/api/v1/indicators?page_size=100").json()["results"]}
    assert titles == {"Laws reviewed", "Hidden indicator", "Judges trained HQ"}
    values = client.get("/api/v1/indicator-values").json()["results"]
    assert [(v["indicator"], v["year"]) for v in values] == [(setup["laws"].pk, 2009)]  # not the submitted ones
    deliveries = {d["title"] for d in client.get("/api/v1/deliveries").json()["results"]}
    assert deliveries == {"Nairobi workshop", "Closed-door meeting", "Lima workshop"}
    assert client.get(f"/results/indicators/{setup['secret_ind'].pk}/").status_code == 200
    client.logout()
    # the public: public projects, approved values
    titles = {i["title"] for i in client.get("/api/v1/indicators?page_size=100").json()["results"]}
    assert titles == {"Laws reviewed", "Judges trained HQ"}
    assert client.get(f"/results/indicators/{setup['secret_ind'].pk}/").status_code == 404
    assert {v["year"] for v in client.get("/api/v1/indicator-values").json()["results"]} == {2009}
    assert {d["title"] for d in client.get("/api/v1/deliveries").json()["results"]} == {"Nairobi workshop",
                                                                                       "Lima workshop"}
    page = client.get(f"/results/indicators/{setup['laws'].pk}/").content.decode()
    assert "Laws reviewed" in page and 'value="approve"' not in page and "/edit/" not in page
    assert "Approved by planner" in page and "Submitted</span>" not in page  # the 2010 value waits for review
    assert client.post("/api/v1/deliveries", {"kind": "workshop"}, content_type="application/json").status_code in (
        401, 403)
    assert Delivery.objects.count() == 3


def test_readers_read_but_do_not_write(client, setup, users):
    client.force_login(users["reader"])
    assert client.get("/results/").status_code == 200
    assert client.get("/results/deliveries/").status_code == 200
    assert client.get("/results/indicators/new/").status_code == 403
    assert client.get("/results/deliveries/new/").status_code == 403
    assert client.post("/api/v1/indicator-values", {"indicator": setup["laws"].pk, "year": 2011, "value": "1"},
                       content_type="application/json").status_code == 403


def test_indicator_list_queries_do_not_grow(client, setup, users, django_assert_max_num_queries):
    for i in range(60):
        services.save_indicator(by=users["planning_officer"], output=setup["output"], title=f"Indicator {i:02}",
                                targets={2009: 1})
    client.force_login(users["reader"])
    with django_assert_max_num_queries(14):
        response = client.get("/results/")
    assert response.status_code == 200 and "Indicator 00" in response.content.decode()
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/indicators?page_size=100").json()["count"] == 63


def test_indicator_page_queries_do_not_grow_with_values(client, setup, users, django_assert_max_num_queries):
    laws = services.save_indicator(by=users["planning_officer"], output=setup["output"], title="Many years",
                                   start_year=2000, end_year=2011)
    for year in range(2000, 2012):
        services.record_value(laws, by=users["programme_manager"], year=year, value=year - 1999)
    client.force_login(users["programme_manager"])
    with django_assert_max_num_queries(22):
        page = client.get(f"/results/indicators/{laws.pk}/")
    assert page.status_code == 200 and page.content.decode().count("Correct</a>") == 12
