"""The list endpoints read their rows as values (``portfolio.api_rows``): the same JSON, byte for byte, as the
serializers give for the same records, whatever each record holds (no programme, several places, a share,
the world, partners in several roles, results of two periods)."""
import datetime
import json
from decimal import Decimal

import pytest

from mandates.portfolio import api_rows, selectors, services
from mandates.portfolio.models import Programme, Project
from mandates.portfolio.serializers import ProgrammeSerializer, ProjectSerializer

from .conftest import area, country

pytestmark = pytest.mark.django_db


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.fixture
def portfolio(project, make_project, programme, partners, strategy, units, users):
    services.update_project(project, by=None, locations=[
        {"country": country("KEN"), "percentage": Decimal("50")}, {"country": country("SOM")},
        {"area": area("014"), "percentage": Decimal("12.5")}, {"area": area("001")}])
    make_project("XEAX21", results=[strategy["1.2.1"], strategy["1.1.1"], strategy["1.1.2"]],
                 locations=[{"area": area("001")}], partners=[(partners["INTERPOL"], "funding"),
                                                              (partners["UNDP"], "funding"),
                                                              (partners["UNDP"], "implementing")])
    make_project("XEAX22", results=[], locations=[], end_date=datetime.date(2010, 6, 30))
    make_project("XEAX23", strategy_period=strategy["new_period"], results=[strategy["SP1.b"], strategy["SP1.a"]],
                 start_date=datetime.date(2013, 1, 1), end_date=datetime.date(2014, 12, 31))
    services.create_programme(
        by=users["planning_officer"], code="GP-ALL", title="Global programme", kind="global",
        strategy_period=strategy["period"], start_date=datetime.date(2009, 1, 1),
        end_date=datetime.date(2011, 12, 31), lead_unit=units["ROEA"], countries=[],
        areas=[area("001"), area("014")], results=[strategy["2.1.1"], strategy["1.1.1"]])


def test_project_rows_as_values_equal_the_serializer(portfolio):
    queryset = selectors.project_rows().order_by("code")
    expected = ProjectSerializer(queryset, many=True).data
    assert len(expected) == 4
    assert _json(api_rows.project_data(api_rows.project_values(queryset))) == _json(expected)


def test_programme_rows_as_values_equal_the_serializer(portfolio):
    queryset = selectors.programme_rows().order_by("code")
    expected = ProgrammeSerializer(queryset, many=True).data
    assert len(expected) == 2
    assert _json(api_rows.programme_data(api_rows.programme_values(queryset))) == _json(expected)


def test_the_endpoints_answer_those_rows_narrowed_and_paged(client, users, portfolio):
    client.force_login(users["planning_officer"])
    body = client.get("/api/v1/projects?page_size=2&page=2").json()
    assert body["count"] == Project.objects.count() == 4
    assert [p["code"] for p in body["results"]] == ["XEAX22", "XEAX23"]
    assert body["previous"].endswith("/api/v1/projects?page_size=2")
    whole = client.get("/api/v1/projects?country=SOM").json()
    assert [p["code"] for p in whole["results"]] == ["XEAX20"]
    assert {"area": "014", "name": "Eastern Africa", "percentage": "12.50"} in whole["results"][0]["locations"]
    programmes = client.get("/api/v1/programmes").json()
    assert programmes["count"] == Programme.objects.count() == 2
    assert programmes["results"][0]["areas"] == ["global", {"area": "014", "name": "Eastern Africa"}]


def test_people_who_may_see_the_same_rows_share_one_reading(client, users, portfolio, settings):
    """With shared figures on (``make serve``), a list's count and page are kept under its SQL (core.kept_rows):
    a second person who may see the same projects is answered without reading them; a Member State reader,
    who sees fewer, gets their own; a write drops both."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandates.people import permissions

    settings.SHARED_FIGURES = True
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                      "LOCATION": "kept-rows-test"}}
    url = "/api/v1/projects?page_size=2&page=2"
    client.force_login(users["planning_officer"])
    first = client.get(url)
    client.force_login(users["administrator"])
    with CaptureQueriesContext(connection) as captured:
        second = client.get(url)
    assert second.content == first.content and first.json()["count"] == 4
    assert not [q for q in captured if q["sql"].split(" FROM ", 1)[-1].startswith('"portfolio_project')]
    kenya = users["member_state_reader"]
    client.force_login(kenya)
    theirs = client.get("/api/v1/projects?page_size=2").json()
    assert theirs["count"] == permissions.visible(kenya, Project.objects.all()).count() < 4
    services.update_project(Project.objects.get(code="XEAX22"), by=users["planning_officer"], title="Renamed")
    client.force_login(users["administrator"])
    assert client.get(url).json()["results"][0]["title"] == "Renamed"
