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


@pytest.mark.django_db(transaction=True)
def test_a_write_that_commits_after_a_later_numbered_one_still_moves_the_data_version(users):
    """Two writers draw audit numbers 1 and 2; 2 commits first; when 1 commits, the version moves again.

    With the latest audit number alone it would not (it stays at 2), and a page kept while writer 1
    was uncommitted — without its change — would be served until the next write.
    """
    import threading

    from django.db import connection, transaction

    from mandates.core.page_cache import data_version
    from mandates.organisation.models import WorkUnit
    from mandates.organisation.services import update_work_unit

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: numbers are drawn in commit order")
    first, second = WorkUnit.objects.order_by("pk")[:2]
    drawn, release, done = threading.Event(), threading.Event(), threading.Event()

    def slow_writer():
        try:
            with transaction.atomic():
                update_work_unit(WorkUnit.objects.get(pk=first.pk), by=users["administrator"], name="First, later")
                drawn.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert drawn.wait(10)
    update_work_unit(second, by=users["administrator"], name="Second, sooner")  # a later number, committed first
    while_first_is_open = data_version()
    release.set()
    assert done.wait(10)
    thread.join()
    assert data_version() != while_first_is_open
    assert WorkUnit.objects.get(pk=first.pk).name == "First, later"


@pytest.mark.django_db(transaction=True)
def test_a_transaction_counts_one_commit_however_many_entries_it_writes(users):
    from django.db import transaction

    from mandates.core.models import DataVersion
    from mandates.core.page_cache import data_version
    from mandates.organisation.models import WorkUnit
    from mandates.organisation.services import update_work_unit

    def commits():
        return DataVersion.objects.get(pk=1).commits

    DataVersion.objects.get_or_create(pk=1)
    before, version = commits(), data_version()
    with transaction.atomic():
        for number, unit in enumerate(WorkUnit.objects.order_by("pk")[:3]):
            update_work_unit(unit, by=users["administrator"], name=f"Renamed {number}")
        assert commits() == before  # not before the commit
    assert commits() == before + 1 and data_version() != version
    with pytest.raises(RuntimeError), transaction.atomic():
        update_work_unit(WorkUnit.objects.order_by("pk")[0], by=users["administrator"], name="Rolled back")
        raise RuntimeError
    assert commits() == before + 1  # a rolled-back write counts nothing


@pytest.mark.django_db
def test_a_kept_list_still_remembers_its_filters_when_served_again(client, users, cached):
    """A kept list is served without its view; the person's last filters must still be the ones they read last."""
    from mandates.core.page_cache import REMEMBERS_HEADER

    client.force_login(users["planning_officer"])
    assert client.get("/projects/?status=closed")[HEADER] == "stored"
    assert client.get("/projects/?status=in_implementation")[HEADER] == "stored"
    again = client.get("/projects/?status=closed")
    assert again[HEADER] == "hit" and REMEMBERS_HEADER not in again  # the mark stays with the kept page
    back = client.get("/projects/")  # the list's own link: back to the filters read last
    assert back.status_code == 302 and back["Location"] == "/projects/?status=closed"
    client.get("/programmes/?q=drug")
    assert client.get("/projects/")["Location"] == "/projects/?status=closed"  # per list


@pytest.mark.django_db
def test_the_open_data_page_is_kept_for_every_visitor_with_each_visitors_own_token(users, cached):
    """The open-data page is the same for every anonymous visitor: kept once, each hit with the visitor's own CSRF
    token (its language form posts), dropped when the data version moves; a signed-in person's is their own."""
    import re

    from django.test import Client

    from mandates.core.page_cache import TOKEN_SLOT
    from mandates.organisation.models import WorkUnit
    from mandates.organisation.services import update_work_unit

    def tokens(response):
        return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()))

    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    stored = first.get("/open-data/")
    assert stored[HEADER] == "stored" and "csrftoken" in stored.cookies
    hit = second.get("/open-data/")
    assert hit[HEADER] == "hit" and TOKEN_SLOT not in hit.content and _untokened(hit) == _untokened(stored)
    assert "csrftoken" in hit.cookies and tokens(hit) and not tokens(hit) & tokens(stored)
    answer = second.post("/i18n/setlang/", {"language": "fr", "next": "/open-data/",
                                            "csrfmiddlewaretoken": tokens(hit).pop()})
    assert answer.status_code == 302  # the token put in the kept page is the second visitor's own
    french = second.get("/open-data/")  # the language chosen: another page
    assert french[HEADER] == "stored" and 'lang="fr"' in french.content.decode()
    assert first.get("/open-data/")[HEADER] == "hit"
    update_work_unit(WorkUnit.objects.get(code="DO-JUS"), by=users["administrator"], name="Justice and Integrity")
    assert first.get("/open-data/")[HEADER] == "stored"  # the data version moved
    signed_in = Client()
    signed_in.force_login(users["administrator"])
    assert HEADER not in signed_in.get("/open-data/")  # a person's page: not a visitor's, and not kept
    assert HEADER not in first.get("/open-data/imports/")  # only the marked view


@pytest.mark.django_db
def test_a_visitor_with_a_session_is_not_served_a_kept_page(client, users, cached):
    """A session may hold a message for its visitor, which a kept page would not show."""
    from django.conf import settings

    assert client.get("/open-data/")[HEADER] == "stored"
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    assert client.get("/open-data/")[HEADER] == "stored"
