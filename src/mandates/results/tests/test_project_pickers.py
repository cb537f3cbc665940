"""The project pickers of a new delivery and a new indicator are type-ahead inputs: their pages do
not list every project (the list grows with the portfolio), they accept a project's code, and an
unknown code is said, not a 404."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/results/deliveries/new/", "/results/indicators/new/"])
def test_picker_pages_make_the_same_queries_and_list_no_project(client, users, build, units, strategy, url,
                                                                django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["administrator"])
    build.project("XPICK01", units["ROEA"], results=[strategy["1.4.3"]])
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    for i in range(2, 12):
        build.project(f"XPICK{i:02d}", units["ROEA"], results=[strategy["1.4.3"]])
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert "XPICK" not in page and 'list="project-choices"' in page and "projects-to-change" in page


def test_a_code_chosen_in_the_type_ahead_opens_the_next_step(client, users, kenya_project):
    project, _ = kenya_project
    client.force_login(users["programme_manager"])
    options = client.get("/suggest/projects-to-change/", {"field": "project", "project": "XEAK"}).content.decode()
    assert 'value="XEAK01"' in options
    assert "Record a delivery" in client.get("/results/deliveries/new/?project=XEAK01").content.decode()
    delivery_form = client.get("/results/deliveries/new/?project=XEAK01").content.decode()
    assert 'name="participants"' in delivery_form
    indicator_step = client.get("/results/indicators/new/?project=XEAK01").content.decode()
    assert "XEAK01" in indicator_step and 'name="output"' in indicator_step
    wrong = client.get("/results/deliveries/new/?project=NOSUCH9")
    assert wrong.status_code == 200 and "No project has the code NOSUCH9." in wrong.content.decode()
    wrong = client.get("/results/indicators/new/?project=NOSUCH9")
    assert wrong.status_code == 200 and "No project has the code NOSUCH9." in wrong.content.decode()


def test_the_type_ahead_offers_only_projects_the_person_may_change(client, users, kenya_project):
    client.force_login(users["reader"])
    assert "XEAK01" not in client.get("/suggest/projects-to-change/", {"q": "XEAK"}).content.decode()


@pytest.mark.parametrize("url", ["/results/", "/results/deliveries/"])
def test_unit_filters_are_a_type_ahead_that_keeps_the_chosen_code(client, users, units, url):
    client.force_login(users["administrator"])
    page = client.get(url, {"unit": "ROEA"}).content.decode()
    assert 'list="unit-choices"' in page and 'value="ROEA"' in page
    assert f'<option value="{units["DO-JUS"].code}"' not in page  # no list of every unit
