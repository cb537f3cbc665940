"""PostgreSQL: parameters bound on the server and repeated queries prepared (settings; BENCHMARKS.md "pg12")."""
import os
import subprocess
import sys

import pytest
from django.db import connection

from mandates.people.models import User

pytestmark = pytest.mark.django_db


def _options(**env) -> dict:
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS', {}))"
    done = subprocess.run([sys.executable, "-m", "mandates.manage", "shell", "-c", code],
                          env={**os.environ, "MANDATES_DEBUG": "1", **env}, capture_output=True, text=True, check=True)
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - a dict printed by the line above


def test_postgresql_binds_on_the_server_and_prepares_after_five_runs_unless_told_not_to():
    url = "postgres://someone@127.0.0.1:5432/some"
    assert _options(DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 5}
    assert _options(DATABASE_URL=url, MANDATES_PG_PREPARE_THRESHOLD="none") == {
        "server_side_binding": True, "prepare_threshold": None}
    assert _options(DATABASE_URL=url, MANDATES_PG_SERVER_SIDE_BINDING="0") == {}
    sqlite = _options(DATABASE_URL="sqlite:////tmp/some.sqlite3")
    assert "server_side_binding" not in sqlite and sqlite["transaction_mode"] == "IMMEDIATE"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's binding and prepared statements")
def test_a_query_run_five_times_on_a_connection_is_prepared_once_on_the_server():
    import psycopg

    User.objects.create(username="someone")
    connection.ensure_connection()
    assert not isinstance(connection.connection.cursor(), psycopg.ClientCursor)

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ["%people_user%username%"])
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # what earlier tests prepared on this connection (psycopg forgets it too)
    assert prepared() == 0
    for _ in range(4):
        assert User.objects.filter(username__in=["someone"]).count() == 1
    assert prepared() == 0  # four runs: not yet
    for name in ("nobody", "anybody"):  # other values, the same statement
        assert User.objects.filter(username__in=[name]).count() == 0
    assert prepared() == 1
