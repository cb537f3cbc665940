"""Figures kept for everyone (core.shared_figures) computed while the page cache serves a person's GET are written
after the answer, under the data version the page cache reads again then (one read for the page and the figures),
and not at all when a write landed meanwhile."""
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from mandates.core.page_cache import HEADER, PrivatePageCacheMiddleware
from mandates.core.shared_figures import kept


@pytest.fixture
def shared(settings):
    settings.SHARED_FIGURES = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "pending-figures-test"}}
    caches["default"].clear()


def _serve(user, view):
    request = RequestFactory().get("/projects/1/")
    request.user = user
    request.session = SessionStore()
    request.session.create()
    return PrivatePageCacheMiddleware(view)(request)


@pytest.mark.django_db
def test_a_figure_is_kept_after_the_answer_without_reading_the_data_version_again(users, shared):
    computed = []

    def view(request):
        with CaptureQueriesContext(connection) as inside:
            first = kept(("pending test",), lambda: computed.append(1) or "figure")
            second = kept(("pending test",), lambda: computed.append(1) or "computed again")
        assert first == second == "figure" and computed == [1]  # the same request reads what it computed
        assert not any("core_dataversion" in query["sql"] for query in inside)  # the page cache's read serves
        return HttpResponse("<p>page</p>", content_type="text/html")

    assert _serve(users["reader"], view)[HEADER] == "stored"
    assert kept(("pending test",), lambda: "computed again") == "figure"  # kept for everyone after the answer


@pytest.mark.django_db
def test_a_figure_computed_before_a_write_landed_is_not_kept(users, shared):
    from mandates.core.page_cache import _count_commit, data_version

    def view(request):
        assert kept(("pending test",), lambda: "before the write") == "before the write"
        before = data_version()
        _count_commit()  # what another process's write does when it commits
        assert data_version() != before
        return HttpResponse("<p>page</p>", content_type="text/html")

    assert HEADER not in _serve(users["reader"], view)  # neither the page
    assert kept(("pending test",), lambda: "after the write") == "after the write"  # nor the figure
