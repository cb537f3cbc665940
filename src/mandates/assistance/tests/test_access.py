"""Who sees and does what, on the pages and in the API; bounded queries."""
import datetime

import pytest

from mandates.assistance import services
from mandates.assistance.models import AssistanceRequest
from mandates.geography.models import Country


@pytest.fixture
def kenya_and_fiji(make_request, users, units):
    kenya = make_request(iso3="KEN", subject="Witness protection programme for Kenya")
    fiji = make_request(iso3="FJI", subject="Anti-money-laundering regime of Fiji")
    for req, unit in ((kenya, units["ROEA"]), (fiji, units["DO-OCB"])):
        services.triage(req, by=users["planning_officer"])
        services.assign(req, by=users["planning_officer"], unit=unit)
    return kenya, fiji


@pytest.mark.django_db
def test_state_reader_sees_only_their_own_requests_on_pages(client, users, kenya_and_fiji):
    kenya, fiji = kenya_and_fiji
    client.force_login(users["member_state_reader"])
    register = client.get("/assistance/").content.decode()
    assert "Witness protection programme for Kenya" in register and "Fiji" not in register
    detail = client.get(f"/assistance/{kenya.pk}/")
    assert detail.status_code == 200 and "Assigned" in detail.content.decode()
    assert "History" not in detail.content.decode()  # no audit trail for this role
    assert client.get(f"/assistance/{fiji.pk}/").status_code == 404
    assert client.get(f"/assistance/{kenya.pk}/edit/").status_code == 403
    assert client.post(f"/assistance/{kenya.pk}/transition/", {"transition": "decline",
                       "decline-decline_reason": "x"}).status_code == 403
    stats = client.get("/assistance/statistics/").content.decode()
    assert "Anti-money-laundering" not in stats


@pytest.mark.django_db
def test_state_reader_sees_only_their_own_requests_in_the_api(client, users, kenya_and_fiji):
    kenya, fiji = kenya_and_fiji
    client.force_login(users["member_state_reader"])
    listing = client.get("/api/v1/assistance-requests").json()
    assert [row["id"] for row in listing["results"]] == [kenya.pk]
    assert listing["results"][0]["status"] == "assigned"
    assert client.get(f"/api/v1/assistance-requests/{kenya.pk}").json()["requesting_state"] == "KEN"
    assert client.get(f"/api/v1/assistance-requests/{fiji.pk}").status_code == 404
    assert client.get("/api/v1/assistance-requests?state=FJI").json()["count"] == 0
    assert client.post(f"/api/v1/assistance-requests/{fiji.pk}/transition", {"action": "close"},
                       content_type="application/json").status_code in (403, 404)
    assert client.post("/api/v1/assistance-requests", {}, content_type="application/json").status_code == 403
    stats = client.get("/api/v1/assistance-requests/statistics").json()
    assert stats["overall"]["total"] == 1


@pytest.mark.django_db
def test_the_public_sees_nothing(client, kenya_and_fiji):
    kenya, _ = kenya_and_fiji
    assert client.get("/assistance/").status_code == 302  # asked to log in
    assert client.get(f"/assistance/{kenya.pk}/").status_code == 302
    assert client.get("/api/v1/assistance-requests").status_code in (401, 403)
    assert client.get(f"/api/v1/assistance-requests/{kenya.pk}").status_code in (401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role, may_add", [
    ("administrator", True), ("planning_officer", True), ("programme_manager", True),
    ("finance_officer", False), ("reader", False), ("member_state_reader", False),
])
def test_who_may_record_a_request(client, users, role, may_add):
    client.force_login(users[role])
    page = client.get("/assistance/new/")
    api = client.post("/api/v1/assistance-requests", {"requesting_state": "SYC", "received_on": "2009-04-01",
                      "subject": "Support to piracy trials", "channel": "letter"}, content_type="application/json")
    if may_add:
        assert page.status_code == 200 and api.status_code == 201
        assert api.json()["reference"] == "TA-2009-0001" and api.json()["status"] == "received"
    else:
        assert page.status_code == 403 and api.status_code == 403
        assert not AssistanceRequest.objects.exists()


@pytest.mark.django_db
def test_programme_manager_moves_only_requests_of_their_unit(client, users, units, kenya_and_fiji, partner):
    kenya, fiji = kenya_and_fiji  # assigned to ROEA (the manager's unit) and DO-OCB
    client.force_login(users["programme_manager"])
    ok = client.post(f"/api/v1/assistance-requests/{kenya.pk}/transition",
                     {"action": "refer", "partner": partner.pk, "comment": "INTERPOL leads"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "referred"
    assert ok.json()["timeline"][-1]["comment"] == "INTERPOL leads"
    refused = client.post(f"/api/v1/assistance-requests/{fiji.pk}/transition",
                          {"action": "refer", "partner": partner.pk}, content_type="application/json")
    assert refused.status_code == 403
    assert client.post(f"/assistance/{fiji.pk}/transition/", {"transition": "refer",
                       "refer-partner": partner.pk}).status_code == 403
    assert AssistanceRequest.objects.get(pk=fiji.pk).status == "assigned"
    page = client.get(f"/assistance/{fiji.pk}/").content.decode()
    assert "Next steps" not in page and "Edit</a>" not in page


@pytest.mark.django_db
def test_transition_form_shows_field_errors_and_saves_nothing(client, users, kenya_and_fiji):
    kenya, _ = kenya_and_fiji
    client.force_login(users["planning_officer"])
    response = client.post(f"/assistance/{kenya.pk}/transition/", {"transition": "decline",
                           "decline-decline_reason": ""})
    assert response.status_code == 400
    assert "Say why the request is declined." in response.content.decode()
    accept = client.post(f"/assistance/{kenya.pk}/transition/", {"transition": "accept", "accept-project": ""})
    assert accept.status_code == 400 and "Link the project or the activity" in accept.content.decode()
    assert AssistanceRequest.objects.get(pk=kenya.pk).status == "assigned"
    done = client.post(f"/assistance/{kenya.pk}/transition/", {"transition": "decline",
                       "decline-decline_reason": "Already covered by the national plan",
                       "decline-responded_on": "2009-04-01"})
    assert done.status_code == 302
    kenya.refresh_from_db()
    assert kenya.status == "declined" and kenya.responded_on == datetime.date(2009, 4, 1)
    detail = client.get(f"/assistance/{kenya.pk}/").content.decode()
    assert "Already covered by the national plan" in detail and "History" in detail


@pytest.mark.django_db
def test_request_form_shows_field_errors(client, users, strategy):
    client.force_login(users["planning_officer"])
    future = (services.today() + datetime.timedelta(days=10)).isoformat()
    response = client.post("/assistance/new/", {
        "requesting_state": Country.objects.get(iso3="KEN").pk, "received_on": future, "channel": "letter",
        "subject": "Witness protection", "urgency": "high", "results": [strategy["management"].pk],
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "cannot be in the future" in html
    assert "is not one of the available choices" in html  # a management objective is not offered
    assert not AssistanceRequest.objects.exists()
    ok = client.post("/assistance/new/", {
        "requesting_state": Country.objects.get(iso3="KEN").pk, "received_on": "2009-07-07", "channel": "letter",
        "subject": "Witness protection", "urgency": "high", "results": [strategy["result"].pk],
    })
    assert ok.status_code == 302
    saved = AssistanceRequest.objects.get()
    assert list(saved.results.all()) == [strategy["result"]] and saved.urgency == "high"


@pytest.mark.django_db
def test_api_refuses_bad_input_per_field(client, users, strategy, kenya_and_fiji, project):
    client.force_login(users["planning_officer"])
    bad = client.post("/api/v1/assistance-requests", {
        "requesting_state": "XXX", "received_on": "2009-13-45", "channel": "pigeon", "subject": "",
    }, content_type="application/json")
    assert bad.status_code == 400 and {"requesting_state", "received_on", "channel", "subject"} <= set(bad.json())
    future = (services.today() + datetime.timedelta(days=2)).isoformat()
    bad = client.post("/api/v1/assistance-requests", {
        "requesting_state": "KEN", "received_on": future, "subject": "x", "results": [strategy["theme"].pk],
    }, content_type="application/json")
    assert bad.status_code == 400 and {"received_on", "results"} <= set(bad.json())
    kenya, _ = kenya_and_fiji
    no_link = client.post(f"/api/v1/assistance-requests/{kenya.pk}/transition", {"action": "accept"},
                          content_type="application/json")
    assert no_link.status_code == 400 and "project" in no_link.json()
    wrong = client.post(f"/api/v1/assistance-requests/{kenya.pk}/transition", {"action": "fly"},
                        content_type="application/json")
    assert wrong.status_code == 400 and "action" in wrong.json()
    accepted = client.post(f"/api/v1/assistance-requests/{kenya.pk}/transition",
                           {"action": "accept", "project": "XEAX20", "responded_on": "2009-05-05"},
                           content_type="application/json")
    assert accepted.status_code == 200 and accepted.json()["project"] == "XEAX20"
    assert accepted.json()["response_days"] == (datetime.date(2009, 5, 5) - kenya.received_on).days
    again = client.post(f"/api/v1/assistance-requests/{kenya.pk}/transition", {"action": "decline",
                        "decline_reason": "x"}, content_type="application/json")
    assert again.status_code == 400 and "transition" in again.json()
    patched = client.patch(f"/api/v1/assistance-requests/{kenya.pk}", {"urgency": "urgent"},
                           content_type="application/json", HTTP_IF_MATCH="*")
    assert patched.status_code == 200 and patched.json()["urgency"] == "urgent"


@pytest.mark.django_db
def test_register_and_list_endpoint_queries_do_not_grow(client, users, units, strategy,
                                                        django_assert_max_num_queries):
    countries = list(Country.objects.filter(iso3__in=["KEN", "SYC", "FJI", "NGA", "SEN"]))
    rows = [AssistanceRequest(reference=f"TA-2009-{i:04d}", requesting_state=countries[i % 5],
                              received_on=datetime.date(2009, 1, 1) + datetime.timedelta(days=i % 300),
                              subject=f"Request number {i}", assigned_unit=units["ROEA"] if i % 2 else None,
                              status="assigned" if i % 2 else "received")
            for i in range(150)]
    AssistanceRequest.objects.bulk_create(rows)
    for req in AssistanceRequest.objects.all()[:40]:
        req.results.add(strategy["result"], strategy["area"])
    client.force_login(users["reader"])
    with django_assert_max_num_queries(14):
        response = client.get("/assistance/?status=assigned")
    html = response.content.decode()
    assert response.status_code == 200 and "Request number 149<" in html and "Request number 148<" not in html
    assert html.count("Request number") == 50 and "Page 1 of 2" in html
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/assistance-requests?page_size=200").json()
    assert body["count"] == 150 and len(body["results"]) == 150
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/assistance-requests/statistics").status_code == 200
    client.force_login(users["member_state_reader"])
    with django_assert_max_num_queries(14):
        page = client.get("/assistance/")
    kenya = [r for r in rows if r.requesting_state.iso3 == "KEN"]
    assert page.content.decode().count("Request number") == len(kenya) == 30


@pytest.mark.django_db
def test_bad_filters_never_break_the_register_or_the_api(client, users, kenya_and_fiji):
    client.force_login(users["reader"])
    for query in ("state=ZZZ", "year=abc", "page=999", "result=abc&unit=NOPE", "region=999&status=flying"):
        assert client.get(f"/assistance/?{query}").status_code == 200, query
    page = client.get("/assistance/?state=FJI&year=abc").content.decode()
    assert "Anti-money-laundering regime of Fiji" in page and "Witness protection programme" not in page
    assert client.get("/assistance/?unit=ROEA").content.decode().count("Witness protection programme") == 1
    for query in ("year=abc", "result=abc", "state=ZZZ", "status=flying"):
        assert client.get(f"/api/v1/assistance-requests?{query}").status_code == 400, query
    assert client.get("/api/v1/assistance-requests?unit=DO").json()["count"] == 1  # DO-OCB is below DO
    assert client.get("/api/v1/assistance-requests?region=142").json()["count"] == 0  # Asia
    assert client.get("/api/v1/assistance-requests?region=009").json()["count"] == 1  # Oceania: Fiji
