"""Lessons learned: search by text, theme, result area, region; shown for projects serving the same results."""
import pytest
from django.template import Context, Template
from django.test import RequestFactory

from mandates.evaluation import selectors, services
from mandates.geography.models import Area, Country


@pytest.fixture
def lessons(evaluation, projects, strategy, users):
    planner = users["planning_officer"]
    mentors = services.save_lesson(by=planner, evaluation=evaluation, title="Mentors beat one-off courses",
                                   text="Follow-up mentoring of prosecutors after workshops doubled the use of "
                                        "the counter-terrorism instruments.")
    laws = services.save_lesson(by=planner, title="Drafting needs parliament on board",
                                text="Legislative assistance worked where parliamentary committees joined early.",
                                results=[strategy["1.1.2"]], areas=[Area.objects.get(name="Latin America and the Caribbean")])
    data = services.save_lesson(by=planner, title="Surveys need national statisticians",
                                text="Victimization surveys succeeded with the national statistical office.",
                                results=[strategy["2"]], areas=[Area.objects.get(level="world")], is_public=False)
    return {"mentors": mentors, "laws": laws, "data": data}


def test_new_lesson_takes_results_and_region_from_the_evaluated_project(lessons, strategy):
    mentors = lessons["mentors"]
    assert list(mentors.results.all()) == [strategy["1.4.3"]]
    assert [a.name for a in mentors.areas.all()] == [Country.objects.get(iso3="KEN").finest_area.name]


def search(user, **kw):
    return {lesson.title for lesson in selectors.lesson_search(user, **kw)}


def test_search_by_text_theme_result_area_and_region(lessons, strategy, users):
    reader = users["reader"]
    assert search(reader, q="prosecutors mentoring") == {"Mentors beat one-off courses"}
    assert search(reader, q="parliament") == {"Drafting needs parliament on board"}
    assert search(reader, theme=strategy["1"]) == {"Mentors beat one-off courses", "Drafting needs parliament on board"}
    assert search(reader, result_area=strategy["1.4"]) == {"Mentors beat one-off courses"}
    assert search(reader, theme=strategy["2"]) == {"Surveys need national statisticians"}
    africa = Area.objects.get(name="Africa")
    assert search(reader, region=africa) == {"Mentors beat one-off courses"}  # tagged Eastern Africa, within Africa
    assert search(reader, region=Area.objects.get(name="Americas")) == {"Drafting needs parliament on board"}
    assert search(reader, q="surveys", region=africa) == set()


def test_public_sees_public_lessons_only(lessons, client):
    assert search(None, q="surveys") == set()
    body = client.get("/api/v1/lessons?q=surveys").json()
    assert body["count"] == 0
    assert client.get("/api/v1/lessons").json()["count"] == 2


def test_lessons_for_a_project_serving_the_same_results(lessons, build, strategy, units, users):
    sister = build.project("XSAT30", units["DO-JUS"], results=[strategy["1.4.3"]])
    found = [lesson.title for lesson in selectors.lessons_for_project(sister, users["reader"])]
    assert found == ["Mentors beat one-off courses"]
    unrelated = build.project("XWDR40", units["DO"], results=[strategy["2.1.1"]])
    # 2.1.1 sits under theme 2: the lesson about the whole theme applies, for those who may see it
    assert [lesson.title for lesson in selectors.lessons_for_project(unrelated, users["reader"])] == [
        "Surveys need national statisticians"]
    assert selectors.lessons_for_project(unrelated, None) == []


def test_include_template_renders_for_the_project_page(lessons, build, strategy, units, users,
                                                       django_assert_max_num_queries):
    sister = build.project("XSAT31", units["DO-JUS"], results=[strategy["1.4.3"]])
    request = RequestFactory().get("/")
    request.user = users["reader"]
    template = Template('{% include "evaluation/_lessons_for_project.html" with project=project %}')
    with django_assert_max_num_queries(9):
        html = template.render(Context({"project": sister, "request": request}))
    assert "Lessons learned on the same results" in html and "Mentors beat one-off courses" in html
    assert "parliament" not in html


def test_lesson_pages(client, lessons, users, strategy):
    client.force_login(users["reader"])
    page = client.get("/evaluation/lessons/?q=parliament").content.decode()
    assert "Drafting needs parliament on board" in page and "Mentors beat" not in page
    page = client.get("/evaluation/lessons/?result_area=1.4").content.decode()
    assert "Mentors beat one-off courses" in page and "parliament" not in page
    assert client.get("/evaluation/lessons/new/").status_code == 403
    client.force_login(users["programme_manager"])
    bad = client.post("/evaluation/lessons/new/", {"title": "", "text": ""})
    assert bad.status_code == 200
    ok = client.post("/evaluation/lessons/new/", {"title": "Co-locate mentors", "text": "They stay longer.",
                                                  "results": [strategy["1.4.3"].pk], "is_public": "on"})
    assert ok.status_code == 302


def test_project_page_lessons_read_the_prefetched_logframe(lessons, build, strategy, units, users):
    """The project page has read the results of the project, its outcomes and outputs: the lessons use them
    (one query fewer) and find the same lessons as from the database, including through an output's result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandates.portfolio import selectors as portfolio
    from mandates.portfolio.models import Outcome, Output

    project = build.project("XSAT32", units["DO-JUS"], results=[strategy["2.1.1"]])
    outcome = Outcome.objects.create(project=project, code="1", title="Prosecutors apply the instruments")
    output = Output.objects.create(outcome=outcome, code="1.1", title="Prosecutors trained")
    output.results.add(strategy["1.4.3"])  # only the output names 1.4.3 (the mentors' lesson)
    reader = users["reader"]
    plain = [lesson.title for lesson in selectors.lessons_for_project(project, reader)]
    assert sorted(plain) == ["Mentors beat one-off courses", "Surveys need national statisticians"]
    prefetched = portfolio.project_detail(reader, project.pk)
    with CaptureQueriesContext(connection) as read_plain:
        selectors.lessons_for_project(project, reader)
    with CaptureQueriesContext(connection) as read_prefetched:
        found = [lesson.title for lesson in selectors.lessons_for_project(prefetched, reader)]
    assert found == plain
    assert len(read_prefetched) == len(read_plain) - 1
