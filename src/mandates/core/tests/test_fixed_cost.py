"""What every signed-in request costs before its page: the person read from the shared cache
(``people.auth_backends.ModelBackend``), so that a kept page costs one query (the data version), and the
navigation computed once per role. Cheaper, and still exact: a change to the person reaches every process at its next request."""
import os
import subprocess
import sys

import pytest
from django.test import Client

from mandates.core.page_cache import HEADER

PASSWORD = "pass-word-123"


@pytest.fixture
def shared(settings, tmp_path):
    """The settings of ``make serve``: one file cache for every process, sessions and people read from it."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    settings.PEOPLE_USER_CACHE = True
    if "mandates.core.page_cache.PrivatePageCacheMiddleware" not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mandates.core.page_cache.PrivatePageCacheMiddleware"]


def _two_processes(username: str) -> tuple[Client, Client]:
    first, second = Client(), Client()
    assert first.login(username=username, password=PASSWORD)
    second.cookies["sessionid"] = first.cookies["sessionid"].value  # the same browser, on another process
    return first, second


def _signed_in_as(client: Client, path: str = "/strategy/"):
    response = client.get(path)
    if response.status_code == 302:
        return None
    return response.wsgi_request.user.username or None


@pytest.mark.django_db
def test_a_kept_page_is_served_with_one_query_the_data_version(shared, users, django_assert_num_queries):
    first, _second = _two_processes("reader")
    assert first.get("/strategy/")[HEADER] == "stored"
    with django_assert_num_queries(1) as captured:
        assert first.get("/strategy/")[HEADER] == "hit"
    assert "auditlog_logentry" in captured.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_a_deactivated_person_is_signed_out_in_every_process(shared, users):
    _first, second = _two_processes("reader")
    assert _signed_in_as(second) == "reader"  # the person is now kept in the shared cache
    reader = users["reader"]
    reader.is_active = False
    reader.save()
    assert _signed_in_as(second) is None


@pytest.mark.django_db
def test_a_new_password_ends_the_other_sessions(shared, users):
    _first, second = _two_processes("planner")
    assert _signed_in_as(second) == "planner"
    planner = users["planning_officer"]
    planner.set_password("another-pass-word-456")
    planner.save()
    assert _signed_in_as(second) is None


@pytest.mark.django_db
def test_the_navigation_follows_the_role_and_the_page(client, users):
    from mandates.core.context_processors import NAV
    from mandates.people.permissions import scope

    for user in users.values():
        client.force_login(user)
        context = client.get("/strategy/").context
        assert [item["url_name"] for item in context["nav_items"]] == [name for _label, name, kind in NAV if scope(user, kind, "view") != "none"]
        assert [item["url_name"] for item in context["nav_items"] if item["active"]] == ["strategy:tree"]
    anonymous = Client().get("/").context  # the public role: no money, no requests for assistance
    assert "finance:overview" not in [item["url_name"] for item in anonymous["nav_items"]]
    client.force_login(users["reader"])
    assert "finance:overview" in [item["url_name"] for item in client.get("/").context["nav_items"]]


def test_people_come_from_the_cache_only_when_every_process_shares_it(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith("MANDATES_CACHE")}
    code = "from django.conf import settings; print(getattr(settings, 'PEOPLE_USER_CACHE', False))"

    def setting(**env) -> str:
        done = subprocess.run([sys.executable, "-m", "mandates.manage", "shell", "-c", code],
                              env={**base, "MANDATES_DEBUG": "1", **env}, capture_output=True, text=True, check=True)
        return done.stdout.strip().splitlines()[-1]

    assert setting() == "False"
    assert setting(MANDATES_CACHE_DIR=str(tmp_path)) == "True"
    assert setting(MANDATES_CACHE_DIR=str(tmp_path),  # a cache per machine: neither sessions nor people from it
                   MANDATES_SESSION_ENGINE="django.contrib.sessions.backends.db") == "False"
