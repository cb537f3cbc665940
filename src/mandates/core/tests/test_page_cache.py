"""A person's pages are kept until any audited write, shared by their sessions; never across people or with messages."""
import pytest

from mandates.core.page_cache import HEADER


@pytest.fixture
def cached(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mandates.core.page_cache.PrivatePageCacheMiddleware"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "page-cache-test"}}
    from django.core.cache import caches
    caches["default"].clear()  # pages are kept per person: the same ids and data version recur in every test


def _untokened(response):
    from mandates.core.page_cache import _TOKEN
    return _TOKEN.sub(b"TOKEN", response.content)


@pytest.mark.django_db
def test_a_page_is_kept_until_an_audited_write_changes_anything(client, users, cached):
    from mandates.organisation.models import WorkUnit
    from mandates.organisation.services import update_work_unit

    client.force_login(users["planning_officer"])
    first = client.get("/work-units/")
    assert first[HEADER] == "stored"
    again = client.get("/work-units/")
    assert again[HEADER] == "hit" and _untokened(again) == _untokened(first)  # tokens are masked anew
    unit = WorkUnit.objects.get(code="DO-JUS")
    update_work_unit(unit, by=users["administrator"], name="Justice and Integrity Section")
    fresh = client.get("/work-units/")
    assert fresh[HEADER] == "stored" and b"Justice and Integrity Section" in fresh.content


@pytest.mark.django_db
def test_pages_are_never_shared_between_people(client, users, cached):
    client.force_login(users["administrator"])
    client.get("/projects/")
    client.force_login(users["member_state_reader"])  # a new session
    assert client.get("/projects/")[HEADER] == "stored"


@pytest.mark.django_db
def test_anonymous_visitors_writes_and_downloads_are_not_kept(client, users, cached):
    assert HEADER not in client.get("/strategy/")
    client.force_login(users["finance_officer"])
    assert HEADER not in client.get("/finance/import/template.csv")


@pytest.mark.django_db
def test_a_persons_sessions_share_a_page_and_each_posts_with_its_own_token(users, cached):
    import re

    from django.test import Client

    from mandates.core.page_cache import TOKEN_SLOT

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(users["planning_officer"])
    second.force_login(users["planning_officer"])  # the same person in another browser
    stored = first.get("/work-units/")
    assert stored[HEADER] == "stored"
    hit = second.get("/work-units/")
    assert hit[HEADER] == "hit" and TOKEN_SLOT not in hit.content
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', hit.content.decode()))
    assert tokens and not tokens & set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"',
                                                   stored.content.decode()))
    # the form on the kept page posts from the second session (a refused token would answer 403)
    answer = second.post("/i18n/setlang/", {"language": "fr", "next": "/work-units/",
                                            "csrfmiddlewaretoken": tokens.pop()})
    assert answer.status_code == 302
    assert first.post("/i18n/setlang/", {"language": "fr", "csrfmiddlewaretoken": "x" * 64}).status_code == 403
