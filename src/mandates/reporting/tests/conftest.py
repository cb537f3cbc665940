"""Fixtures for the report tests. The data (``world.build_world``: the Organized Crime Convention and two
Protocols from the shipped UN Treaty Collection files, the finance demo, two projects with deliveries, a
regional programme, budgets, ERP lines, a contribution, a request, costed activities) is built once for the
whole package inside a transaction rolled back at the end (``_world``); each test runs in a savepoint
inside it, so its own changes are undone as usual. The root conftest's ``m49``/``units``/``users`` are
overridden to return that data. The browser test (``reporting/tests_browser``) builds committed data."""
from contextlib import contextmanager

import pytest
from django.db import transaction

from .world import build_world


@contextmanager
def module_transaction(django_db_blocker):
    """An atomic block around a whole module's data, rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="package")
def _world(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            world = build_world()
        yield world


@pytest.fixture
def m49(_world, db):
    return None


@pytest.fixture
def units(_world, db):
    return _world["units"]


@pytest.fixture
def users(_world, db):
    return _world["users"]


@pytest.fixture
def strategy(_world, db):
    return _world["strategy"]


@pytest.fixture
def tc_data(_world, db):
    return _world["tc_data"]


@pytest.fixture
def kinds_data(_world, db):
    return _world["kinds"]
