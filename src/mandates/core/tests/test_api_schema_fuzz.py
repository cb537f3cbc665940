"""schemathesis against the API's own OpenAPI document (``/api/v1/openapi.json``), in process (the WSGI
application, no server): every operation, a bounded number of generated requests each, as an administrator
(who may call everything). No 5xx, every status documented, every response matching its schema.

The world of ``people/tests/matrix_world.py`` is built once for the module; each operation's requests run in
a savepoint rolled back afterwards.
"""
import os

import pytest
import schemathesis
from django.db import transaction
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from mandates.wsgi import application

# The suite asks every read operation twice (a bounded, read-only pass that fits CI's budget);
# `make test-api-fuzz` (MANDATES_API_FUZZ=full) asks every operation, writes included, five times each.
FULL = os.environ.get("MANDATES_API_FUZZ") == "full"
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
if not FULL:
    schema = schema.include(method="GET")
EXAMPLES = 5 if FULL else 2
# All of schemathesis' checks but one: a schema-valid filter naming a record that does not exist
# (?recommendation=0) is "rejected positive data" to schemathesis; the API answers a documented 400 with the
# field's message, which is what a caller needs.
# ignored_auth: the public's endpoints (countries, strategy, partners...) are open by design.
# negative_data_rejection: unknown or null query parameters (?page_size=null) are ignored, not refused.
EXCLUDED = [positive_data_acceptance, ignored_auth, negative_data_rejection]


@pytest.fixture(scope="module")
def token(django_db_setup, django_db_blocker):
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from rest_framework.authtoken.models import Token

    from mandates.people.tests.matrix_world import build_world

    # The WSGI application is called directly: keep the test's connection (and its transaction) open
    # between requests, as Django's test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            yield Token.objects.create(user=world["users"]["administrator"]).key
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_matches_its_schema(case, token, db):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=EXCLUDED)
