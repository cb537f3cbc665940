"""Lost updates (issue 14): a PUT/PATCH with a stale If-Match gets 412 and changes nothing; with
the current ETag it passes; two writers holding the same ETag cannot both win."""
import threading

import pytest
from django.db import connection

from mandates.people.services import issue_api_token


def _project(users, units, code):
    from mandates.results.tests.conftest import DEFAULT_TREE, Builder, make_period

    period, nodes = make_period(tree=DEFAULT_TREE)
    return Builder(users["planning_officer"], period).project(code, units["ROEA"], results=[nodes["1.4.3"]])


@pytest.fixture
def project(users, units):
    return _project(users, units, "XEAK99")


def test_a_stale_if_match_gets_412_and_changes_nothing(client, users, project):
    client.force_login(users["administrator"])
    url = f"/api/v1/projects/{project.pk}/"
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"')
    changed = client.patch(url, {"title": "Kenya: first writer"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != etag
    stale = client.patch(url, {"title": "Kenya: second writer"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert "changed this record" in stale.json()["detail"]
    project.refresh_from_db()
    assert project.title == "Kenya: first writer"
    fresh = client.patch(url, {"title": "Kenya: second writer"}, content_type="application/json",
                         HTTP_IF_MATCH=changed["ETag"])
    assert fresh.status_code == 200


def test_a_change_without_if_match_gets_428_and_changes_nothing(client, users, project):
    """As a page form posted without its version token: a PUT, PATCH or DELETE that names no version is refused
    (428, with what to do), after the person's rights (a reader still gets 403); If-Match: * overwrites knowingly;
    the OpenAPI document states the header and the answer."""
    url = f"/api/v1/projects/{project.pk}/"
    client.force_login(users["reader"])
    assert client.patch(url, {"title": "A reader"}, content_type="application/json").status_code == 403
    client.force_login(users["administrator"])
    for method in (client.patch, client.put, client.delete):
        refused = method(url, {"title": "No version"}, content_type="application/json")
        assert refused.status_code == 428, (method, refused.content)
        assert "If-Match" in refused.json()["detail"]
    project.refresh_from_db()
    assert project.title != "No version"
    knowing = client.patch(url, {"title": "Whatever it holds"}, content_type="application/json", HTTP_IF_MATCH="*")
    assert knowing.status_code == 200
    project.refresh_from_db()
    assert project.title == "Whatever it holds"
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/projects/{id}/"]["patch"]
    assert "428" in operation["responses"] and any(p["name"] == "If-Match" for p in operation["parameters"])


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_writers_with_the_same_etag_cannot_both_win(users, units, live_server):
    """Real concurrency (threads, a live server, the row locked during check-and-write): of several
    writers holding the same ETag exactly one succeeds, the others get 412."""
    import json
    import urllib.error
    import urllib.request

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database is not shared with the live server's threads")
    project = _project(users, units, "XEAK98")
    token = issue_api_token(users["administrator"])
    url = f"{live_server.url}/api/v1/projects/{project.pk}/"

    def call(method, body=None, headers=None):
        request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, answer.headers.get("ETag")
        except urllib.error.HTTPError as error:
            return error.code, None

    _status, etag = call("GET")
    results = []

    def writer(n):
        results.append(call("PATCH", {"title": f"Writer {n}"}, {"If-Match": etag})[0])

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200] + [412] * 5, results
    project.refresh_from_db()
    assert project.title.startswith("Writer ")
