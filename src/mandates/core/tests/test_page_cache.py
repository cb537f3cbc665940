"""A person's pages are kept until any audited write, per session; never across people or with messages."""
import pytest

from mandates.core.page_cache import HEADER


@pytest.fixture
def cached(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mandates.core.page_cache.PrivatePageCacheMiddleware"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "page-cache-test"}}


@pytest.mark.django_db
def test_a_page_is_kept_until_an_audited_write_changes_anything(client, users, cached):
    from mandates.organisation.models import WorkUnit
    from mandates.organisation.services import update_work_unit

    client.force_login(users["planning_officer"])
    first = client.get("/work-units/")
    assert first[HEADER] == "stored"
    again = client.get("/work-units/")
    assert again[HEADER] == "hit" and again.content == first.content
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
