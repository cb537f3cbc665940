"""Search: codes and words in the demo data, ranked, narrowed to what a person may see; bad
queries get clear answers, never a 500."""
import pytest
from django.core.management import call_command

from mandates.people.models import User
from mandates.portfolio.models import Project
from mandates.search import services


@pytest.fixture
def demo(db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)


def test_finds_projects_by_code_and_by_words_ranked_and_narrowed(client, demo, django_assert_max_num_queries):
    planner = User.objects.get(username="planner")
    _query, hits = services.search(planner, "GLOZ31")
    assert hits[0].code == "GLOZ31" and hits[0].kind == "Project"
    assert hits[0].url == f"/projects/{Project.objects.get(code='GLOZ31').pk}/"
    _query, hits = services.search(planner, "gloz3")  # part of a code, any case
    assert "GLOZ31" in [h.code for h in hits]

    _query, hits = services.search(planner, "witness protection")
    assert hits, "the demo data speaks of witness protection"
    assert all(hits[i].score >= hits[i + 1].score for i in range(len(hits) - 1))
    projects = [h for h in hits if h.kind == "Project"]
    assert projects and any("witness" in (h.title + h.snippet).lower() for h in projects)

    client.force_login(planner)
    with django_assert_max_num_queries(40):
        page = client.get("/search/", {"q": "witness protection"})
    assert page.status_code == 200 and "witness" in page.content.decode().lower()

    # A Member-State reader does not find an unpublished project that others find.
    hidden = Project.objects.get(code="GLOZ31")
    Project.objects.filter(pk=hidden.pk).update(is_public=False)
    kenya = User.objects.get(username="kenya")
    assert "GLOZ31" not in [h.code for h in services.search(kenya, "GLOZ31")[1]]
    client.logout()
    anonymous = client.get("/search/", {"q": "GLOZ31"}).content.decode()
    assert "0 results for “GLOZ31”" in anonymous and f"/projects/{hidden.pk}/" not in anonymous


@pytest.mark.parametrize("raw, status, message", [
    ("", 200, "Type a word"),
    ("   ", 200, "Type a word"),
    ("x" * 10_000, 400, "too long"),
    ("!!! ???", 400, "letters or digits"),
])
def test_bad_queries_get_clear_answers(client, db, raw, status, message):
    response = client.get("/search/", {"q": raw})
    assert response.status_code == status and message in response.content.decode()


@pytest.mark.parametrize("raw", ["'; DROP TABLE portfolio_project; --", "<script>alert(1)</script>",
                                 "a\x00b", "%_%", "A/RES/64/179", "\\"])
def test_hostile_queries_are_searched_as_text(client, m49, raw):
    response = client.get("/search/", {"q": raw})
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()
