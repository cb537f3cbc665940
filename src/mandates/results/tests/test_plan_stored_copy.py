"""The stored plan summary's own writes and reads (``plan.stored._insert``, ``_first``): on PostgreSQL a binary
``COPY``. The bytes come back as they went in, and a summary stored twice at once is Django's IntegrityError
(``store`` catches DatabaseError), not psycopg's own."""
from datetime import date

import pytest
from django.db import IntegrityError, transaction

from mandates.results.models import PlanSummary
from mandates.results.plan import stored

pytestmark = pytest.mark.django_db


def row(period, **more):
    return {"period_id": period.pk, "scope": "all", "shown": "{}", "as_of": date(2011, 12, 31), "version": "7:0",
            "data": bytes(range(256)) * 40, "index": None, **more}


def test_the_bytes_come_back_as_they_went_in(strategy):
    period = strategy["period"]
    stored._insert(PlanSummary, **row(period, index=b"\x00\\x5c\n" * 1000))
    found = stored._first(PlanSummary.objects.filter(period=period), "version", "data", "index")
    assert found == ("7:0", bytes(range(256)) * 40, b"\x00\\x5c\n" * 1000)
    assert stored._first(PlanSummary.objects.filter(period=period, version="8:0"), "data") is None


def test_a_null_index_reads_as_none(strategy):
    stored._insert(PlanSummary, **row(strategy["period"]))
    assert stored._first(PlanSummary.objects.all(), "index") == (None,)


def test_the_same_summary_twice_is_a_django_integrity_error(strategy):
    stored._insert(PlanSummary, **row(strategy["period"]))
    with pytest.raises(IntegrityError), transaction.atomic():
        stored._insert(PlanSummary, **row(strategy["period"]))
    assert PlanSummary.objects.count() == 1
