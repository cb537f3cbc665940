"""A row the database refuses in ``core.bulk.insert`` is Django's IntegrityError on both databases: PostgreSQL's
``COPY`` goes through the driver, whose own errors are wrapped as Django's, as ``executemany``'s are on SQLite.
Callers catch Django's errors (``DatabaseError``), never psycopg's."""
import pytest
from django.db import IntegrityError, transaction

from mandates.core import bulk
from mandates.partners.models import Partner

pytestmark = pytest.mark.django_db


def test_a_refused_row_is_a_django_integrity_error_and_nothing_is_written():
    key = bulk.reserve_keys(Partner, 2)
    rows = [{"id": key[0], "name": "Fredonia Police Service", "kind": "government"},
            {"id": key[1], "name": None, "kind": "government"}]  # a name is required (NOT NULL)
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.insert(Partner, rows)
    assert not Partner.objects.filter(name="Fredonia Police Service").exists()
