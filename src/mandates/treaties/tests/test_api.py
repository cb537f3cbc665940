"""The treaty API: status as at a date, instruments, State profiles; 400s; bounded queries; public read."""
from datetime import date

import pytest

from mandates.treaties.models import Instrument, Participant, TreatyEvent

STATUS = "/api/v1/treaties/status"


@pytest.mark.django_db
def test_status_contract_for_the_report_date(client, untoc):
    body = client.get(STATUS, {"instrument": "XVIII-12", "as_of": "2009-05-31", "include_rei": "false"}).json()
    assert (body["parties"], body["as_of"], body["include_rei"], body["in_force"]) == (149, "2009-05-31", False, True)
    assert body["instrument"]["code"] == "XVIII-12"
    states = {s["iso3"]: s for s in body["states"]}
    assert sum(s["status"] == "party" for s in body["states"]) == 149
    assert sum(s["signature_date"] is not None for s in body["states"]) == body["signatories"]
    assert states["FRA"] == {"name": "France", "iso3": "FRA", "code": "FRA", "is_rei": False, "status": "party",
                             "event_kind": "ratification", "event_date": "2002-10-29", "signature_date": "2000-12-12",
                             "consent_kind": "ratification", "consent_date": "2002-10-29"}
    assert states["BRB"]["status"] == "signatory" and states["BRB"]["consent_date"] is None
    assert None not in states  # no organization without include_rei
    with_eu = client.get(STATUS, {"instrument": "XVIII-12", "as_of": "2009-05-31", "include_rei": "true"}).json()
    assert with_eu["parties"] == 150
    eu = next(s for s in with_eu["states"] if s["is_rei"])
    assert (eu["name"], eu["iso3"], eu["event_kind"]) == ("European Union", None, "approval")


@pytest.mark.django_db
def test_status_defaults_to_today_and_states_only(client, untoc):
    body = client.get(STATUS + "/", {"instrument": "xviii-12-b"}).json()
    assert body["as_of"] == date.today().isoformat() and body["include_rei"] is False
    assert body["parties"] == TreatyEvent.objects.filter(instrument__code="XVIII-12-b", participant__is_rei=False).exclude(
        kind="signature").values("participant").distinct().count()


@pytest.mark.django_db
@pytest.mark.parametrize("params, field, words", [
    ({"instrument": "XVIII-99"}, "instrument", "Unknown instrument"),
    ({}, "instrument", "Give the instrument"),
    ({"instrument": "XVIII-12", "as_of": "31/05/2009"}, "as_of", "not a date"),
    ({"instrument": "XVIII-12", "as_of": "2009-02-30"}, "as_of", "not a date"),
    ({"instrument": "XVIII-12", "include_rei": "maybe"}, "include_rei", "not true or false"),
])
def test_status_bad_parameters_answer_400(client, untoc, params, field, words):
    response = client.get(STATUS, params)
    assert response.status_code == 400
    assert words in response.json()[field][0]


@pytest.mark.django_db
def test_unknown_instrument_message_lists_known_codes(client, untoc):
    message = client.get(STATUS, {"instrument": "nope"}).json()["instrument"][0]
    assert "XVIII-12-a" in message


@pytest.mark.django_db
def test_instruments_endpoint_counts_as_at(client, untoc):
    body = client.get("/api/v1/treaties/instruments", {"as_of": "2009-05-31"}).json()
    assert [(r["code"], r["parties"]) for r in body["results"]] == [("XVIII-12", 149), ("XVIII-12-a", 130), ("XVIII-12-b", 119)]
    one = client.get("/api/v1/treaties/instruments/XVIII-12-a", {"as_of": "2009-05-31", "include_rei": "true"}).json()
    assert (one["parties"], one["parent"]) == (131, "XVIII-12")
    assert client.get("/api/v1/treaties/instruments", {"as_of": "someday"}).status_code == 400
    series = client.get("/api/v1/treaties/instruments/XVIII-12/series", {"as_of": "2009-05-31"}).json()["series"]
    assert (series[-1]["year"], series[-1]["parties"]) == (2009, 149)


@pytest.mark.django_db
def test_state_profile_endpoint(client, untoc):
    body = client.get("/api/v1/treaties/states/BRB").json()
    assert body["name"] == "Barbados" and body["not_yet_party_to"] == ["XVIII-12", "XVIII-12-a", "XVIII-12-b"]
    assert body["instruments"][0]["signature_date"] == "2001-09-26"
    never = client.get("/api/v1/treaties/states/GRL").json()  # an M49 area with no treaty record
    assert never["parties_to"] == 0 and len(never["not_yet_party_to"]) == Instrument.objects.count()
    assert client.get("/api/v1/treaties/states/XXX").status_code == 404
    assert client.get("/api/v1/treaties/states/ALB", {"as_of": "bad"}).status_code == 400
    listed = client.get("/api/v1/treaties/states").json()
    assert len(listed) == Participant.objects.count() and {"code": "EU", "name": "European Union", "is_rei": True,
                                                           "iso3": None} in listed


@pytest.mark.django_db
def test_status_endpoint_queries_do_not_grow_with_rows(client, untoc, users, django_assert_max_num_queries):
    assert TreatyEvent.objects.filter(instrument__code="XVIII-12").count() > 300
    client.force_login(users["reader"])
    with django_assert_max_num_queries(7):
        response = client.get(STATUS, {"instrument": "XVIII-12", "include_rei": "true"})
    assert len(response.json()["states"]) > 180
    with django_assert_max_num_queries(7):
        assert client.get("/api/v1/treaties/instruments").status_code == 200


@pytest.mark.django_db
def test_public_may_read_but_not_write(client, untoc):
    assert client.get(STATUS, {"instrument": "XVIII-12"}).status_code == 200
    assert client.get("/api/v1/treaties/instruments").status_code == 200
    assert client.post("/api/v1/treaties/instruments", {"code": "X"}).status_code in (401, 403, 405)
