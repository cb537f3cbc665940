"""A Member State reader's projects and programmes: the rows of their country (located there or in a region
that contains it) and the public ones, each once, read by ``id IN (...)`` with no join and so no DISTINCT
over every column (load8: 53–70 → 7–10 ms of PostgreSQL per project list at N=20); a query that joins keeps
its DISTINCT."""
import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from mandates.people.permissions import visible
from mandates.portfolio.models import Programme, Project

from .conftest import area, country

pytestmark = pytest.mark.django_db


def _sql(queryset) -> str:
    with CaptureQueriesContext(connection) as captured:
        list(queryset)
    return captured[-1]["sql"].upper()


def test_a_member_state_readers_projects_once_each_without_distinct(make_project, users, units):
    reader = users["member_state_reader"]  # Kenya
    twice = make_project("XKEN02", locations=[{"country": country("KEN"), "percentage": 50},
                                              {"area": area("014"), "percentage": 50}])  # Kenya and Eastern Africa
    region = make_project("XEAF03", locations=[{"area": area("014")}])  # Eastern Africa, which contains Kenya
    nigeria = make_project("XNGA04", locations=[{"country": country("NGA")}])
    rows = visible(reader, Project.objects.all())
    ids = list(rows.values_list("pk", flat=True))
    assert sorted(ids) == sorted({twice.pk, region.pk}) and nigeria.pk not in ids  # each once
    joined = Project.objects.filter(Q(locations__country=reader.country)
                                    | Q(locations__area__in=list(reader.country.area_ids))).distinct()
    assert sorted(ids) == sorted(joined.values_list("pk", flat=True))  # the rule as it was written before
    sql = _sql(rows)
    assert "DISTINCT" not in sql and " JOIN " not in sql
    assert rows.count() == 2


def test_a_member_state_readers_programmes_once_each_without_distinct(programme, users):
    reader = users["member_state_reader"]
    rows = visible(reader, Programme.objects.all())
    assert list(rows.values_list("pk", flat=True)) == [programme.pk]  # names Kenya and Eastern Africa: once
    assert "DISTINCT" not in _sql(rows)


def test_a_query_that_joins_keeps_its_distinct(make_project, partners, users):
    reader = users["member_state_reader"]
    made = make_project("XKEN05", partners=[(partners["UNDP"], "implementing"), (partners["INTERPOL"], "cooperating")])
    rows = visible(reader, Project.objects.filter(partners__kind__in=["development", "intergovernmental"]))
    assert list(rows.values_list("pk", flat=True)) == [made.pk]  # two partners, one row
    assert "DISTINCT" in _sql(rows)
