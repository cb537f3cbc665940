"""Kept portal pages: a write through a service shows at once; a person's kept page is theirs alone."""
import pytest

from mandates.core.page_cache import HEADER


@pytest.fixture
def kept(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "mandates.core.page_cache.PrivatePageCacheMiddleware"]
    from django.core.cache import caches

    caches["default"].clear()


def _raise_budget(world, by):
    from mandates.finance.models import BudgetLine
    from mandates.finance.services.budgets import revise_budget

    line = BudgetLine.objects.filter(project=world["open1"], is_current=True).first()
    revise_budget(project=world["open1"], by=by, reason="Donor top-up", lines=[
        {"segment": line.segment, "year": 2009, "budget_class": line.budget_class, "amount": "7000.00"}])


@pytest.mark.django_db
def test_an_anonymous_visitors_kept_page_shows_a_service_write_at_once(client, world, users,
                                                                        django_assert_max_num_queries):
    first = client.get("/open/")
    assert b"3,000" in first.content and b"7,000" not in first.content
    with django_assert_max_num_queries(2):  # served from the cache: the two versions, no figures
        again = client.get("/open/")
    assert again.content == first.content
    _raise_budget(world, users["finance_officer"])
    assert b"7,000" in client.get("/open/").content


@pytest.mark.django_db
def test_a_signed_in_persons_portal_page_is_kept_for_them_and_dropped_by_a_write(client, world, users, kept):
    client.force_login(world["donor_user"])
    first = client.get("/open/")
    assert first[HEADER] == "stored" and b"3,000" in first.content
    assert client.get("/open/")[HEADER] == "hit"
    _raise_budget(world, users["finance_officer"])
    fresh = client.get("/open/")
    assert fresh[HEADER] == "stored" and b"7,000" in fresh.content


@pytest.mark.django_db
def test_a_person_never_sees_another_persons_kept_portal_page(client, world, kept):
    client.force_login(world["donor_user"])
    sweden_view = client.get("/open/my/")
    assert b"Sweden" in sweden_view.content
    client.force_login(world["kenya_user"])
    for path in ("/open/my/", "/open/"):
        response = client.get(path)
        assert response[HEADER] == "stored", path  # rendered for this person, not the donor's copy
    assert client.get("/open/my/").content != sweden_view.content
    assert b"Kenya" in client.get("/open/my/").content
