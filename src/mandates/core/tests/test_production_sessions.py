"""Production server settings (make serve): sessions read from the shared cache still end on the server.

``settings.py`` switches to the ``cached_db`` session engine only when every process shares the
cache (``MANDATES_CACHE_DIR`` or ``MANDATES_CACHE_URL``): a sign-out must end the session for every
process, and a per-process cache would keep it alive in the others.
"""
import os
import subprocess
import sys

import pytest
from django.test import Client

from mandates.core.page_cache import HEADER


def _engine(**env) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MANDATES_CACHE")}
    code = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    done = subprocess.run([sys.executable, "-m", "mandates.manage", "shell", "-c", code],
                          env={**base, "MANDATES_DEBUG": "1", **env}, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_sessions_come_from_the_cache_only_when_every_process_shares_it(tmp_path):
    assert _engine() == "django.contrib.sessions.backends.db"
    assert _engine(MANDATES_CACHE_DIR=str(tmp_path)) == "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_a_signed_out_session_is_refused_by_another_process(settings, users, tmp_path):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    first, second = Client(), Client()  # two application processes sharing one file cache
    assert first.login(username="reader", password="pass-word-123")
    second.cookies["sessionid"] = first.cookies["sessionid"].value  # the same browser, on another process
    assert second.get("/").context["user"].username == "reader"
    first.post("/accounts/logout/")
    assert second.get("/").context["user"].is_anonymous


@pytest.mark.django_db
def test_the_portal_says_when_a_public_page_came_from_its_cache(client, settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                      "LOCATION": "portal-hit-test"}}
    from django.core.cache import caches

    caches["default"].clear()
    assert HEADER not in client.get("/open/")
    assert client.get("/open/")[HEADER] == "hit"
