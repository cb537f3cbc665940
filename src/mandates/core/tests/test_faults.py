"""Faults: the database going away mid-request is a 503 that says so (page or JSON), never a 500 trace."""
import pytest
from django.db import OperationalError, connection
from django.test import Client


def _database_gone(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
@pytest.mark.parametrize("url, json", [("/programmes/", False), ("/open/projects/", False),
                                       ("/api/v1/projects/", True)])
def test_database_going_away_answers_503(users, url, json):
    client = Client(raise_request_exception=False)  # as in production: the handler answers
    client.force_login(users["reader"])
    with connection.execute_wrapper(_database_gone):
        response = client.get(url)
    assert response.status_code == 503, url
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "not answering" in body and "Traceback" not in body
    assert response["Content-Type"].startswith("application/json" if json else "text/html")
    # and it recovers by itself once the database answers again
    assert client.get(url).status_code == 200
