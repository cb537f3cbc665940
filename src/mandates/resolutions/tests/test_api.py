"""The API contract: resolutions, paragraphs by symbol, obligations, confirming links."""
import pytest
from rest_framework.test import APIClient

from mandates.resolutions import services
from mandates.resolutions.models import ResultLink

from .test_views import big_resolution


@pytest.fixture
def api():
    return APIClient()


def test_resolution_list(api, seeds):
    body = api.get("/api/v1/resolutions").json()
    assert body["count"] == 4
    first = body["results"][0]
    assert set(first) == {"id", "symbol", "kind", "body", "body_name", "date", "title", "session",
                          "operative_count", "open_obligations"}
    ga = next(r for r in body["results"] if r["symbol"] == "A/RES/64/179")
    assert (ga["body"], ga["date"], ga["operative_count"], ga["open_obligations"]) == ("GA", "2009-12-18", 33, 16)
    assert [r["symbol"] for r in api.get("/api/v1/resolutions/", {"body": "GA"}).json()["results"]] == ["A/RES/64/179"]
    assert api.get(f"/api/v1/resolutions/{ga['id']}").json()["symbol"] == "A/RES/64/179"
    assert api.get("/api/v1/resolutions", {"year": "last"}).status_code == 400


def test_operative_paragraphs_by_symbol(api, seeds):
    response = api.get("/api/v1/resolutions/paragraphs", {"symbol": "A/RES/64/179"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 33
    rows = {row["number"]: row for row in body["results"]}
    assert list(rows) == list(range(1, 34))
    assert set(rows[1]) >= {"number", "verb", "addressee", "deadline", "text"}
    assert rows[32]["verb"] == "Requests" and rows[32]["addressee"] == "the Secretary-General"
    assert rows[32]["deadline"] == "2010-09-14" and rows[33]["deadline"] == "2010-09-14"
    assert rows[20]["deadline"] == "2010-06-30"
    assert rows[5]["deadline"] is None and rows[5]["addressee_category"] == "member_states"
    assert rows[8]["text"].startswith("Urges the United Nations Office on Drugs and Crime to continue providing")
    preamble = api.get("/api/v1/resolutions/paragraphs/", {"symbol": "A/RES/64/179", "kind": "preambular"}).json()
    assert preamble["count"] == 19 and preamble["results"][0]["number"] is None
    other = api.get("/api/v1/resolutions/paragraphs", {"symbol": "E/RES/2009/23"}).json()
    assert other["count"] == 13 and other["results"][12]["deadline"] == "2011-06-30"


@pytest.mark.parametrize("params, status, field", [
    ({}, 400, "symbol"),
    ({"symbol": "A/RES/64/179", "kind": "annex"}, 400, "kind"),
    ({"symbol": "A/RES/99/999"}, 404, "detail"),
])
def test_paragraphs_bad_requests(api, seeds, params, status, field):
    response = api.get("/api/v1/resolutions/paragraphs", params)
    assert response.status_code == status
    assert field in response.json()


def test_obligations_with_filters(api, seeds):
    rows = api.get("/api/v1/resolutions/obligations", {"symbol": "A/RES/64/179"}).json()["results"]
    assert len(rows) == 16
    report = next(r for r in rows if r["paragraph"] == 32)
    assert report["kind"] == "report" and report["recipient_body"] == "GA" and report["status"] == "overdue"
    dated = api.get("/api/v1/resolutions/obligations", {"deadline_after": "2010-01-01",
                                                        "deadline_before": "2010-12-31"}).json()["results"]
    assert sorted(r["paragraph"] for r in dated) == [20, 21, 32, 33]
    assert api.get("/api/v1/resolutions/obligations", {"status": "answered"}).json()["count"] == 0
    assert api.get("/api/v1/resolutions/obligations", {"status": "done"}).status_code == 400
    assert "deadline_after" in api.get("/api/v1/resolutions/obligations", {"deadline_after": "soon"}).json()


def test_confirm_and_reject_links(api, seeds, users):
    link = ResultLink.objects.filter(paragraph__resolution__symbol="A/RES/64/179", paragraph__number=8).first()
    url = f"/api/v1/resolutions/links/{link.pk}/confirm"
    assert api.post(url).status_code in (401, 403)
    api.force_authenticate(users["reader"])
    assert api.post(url).status_code == 403
    api.force_authenticate(users["planning_officer"])
    body = api.post(url).json()
    assert body["state"] == "confirmed" and body["decided_by"] == str(users["planning_officer"])
    assert body["result"] == link.result.code and body["symbol"] == "A/RES/64/179" and body["paragraph"] == 8
    other = ResultLink.objects.filter(state="suggested").first()
    assert api.post(f"/api/v1/resolutions/links/{other.pk}/reject/").json()["state"] == "rejected"
    listed = api.get("/api/v1/resolutions/links", {"symbol": "A/RES/64/179", "state": "confirmed"}).json()
    assert [row["id"] for row in listed["results"]] == [link.pk]
    assert api.get("/api/v1/resolutions/links", {"state": "maybe"}).status_code == 400


def test_endpoints_run_a_bounded_number_of_queries(api, strategy, django_assert_max_num_queries):
    for number, count in ((1, 3), (2, 150)):
        services.import_resolution(big_resolution(count), symbol=f"A/RES/65/{number}", body="GA", date="2010-12-21",
                                   duplicate_reason="the same paragraph, repeated: a test of sizes")
    for symbol in ("A/RES/65/1", "A/RES/65/2"):
        with django_assert_max_num_queries(4):
            response = api.get("/api/v1/resolutions/paragraphs", {"symbol": symbol})
        assert response.status_code == 200
    for url in ("/api/v1/resolutions", "/api/v1/resolutions/obligations", "/api/v1/resolutions/links"):
        with django_assert_max_num_queries(6):
            assert api.get(url).status_code == 200


def test_schema_documents_the_endpoints(api, db):
    schema = api.get("/api/v1/openapi.json").content.decode()
    for path in ("/api/v1/resolutions/paragraphs", "/api/v1/resolutions/obligations",
                 "/api/v1/resolutions/links/{id}/confirm"):
        assert path in schema
