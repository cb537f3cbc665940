"""The permission matrix, walked for every role x object x action, on the pages AND the API.

Roles: administrator, planning officer, programme manager of the regional office for Eastern Africa
(owns the Kenya projects), programme manager of the Justice Section (another unit), finance officer,
reader, Member State reader scoped to Kenya, anonymous (None).
"""
import datetime

import pytest

from mandates.core.lifecycle import status_changes_for
from mandates.core.testing import with_version
from mandates.portfolio import services
from mandates.portfolio.models import Activity, Outcome, Programme, Project

from .conftest import country

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "planning_officer", "programme_manager", "programme_manager_hq", "finance_officer",
         "reader", "member_state_reader", None]
STAFF = {"administrator", "planning_officer", "programme_manager", "programme_manager_hq", "finance_officer",
         "reader"}
WRITE_ROEA = {"administrator", "planning_officer", "programme_manager"}  # add/change/transition, ROEA's work
DELETE_ROEA = {"administrator", "programme_manager"}  # planning officers have no delete right on projects
NO = (401, 403, 404)


@pytest.fixture
def world(project, programme, make_project, strategy, units, users):
    """Kenya draft (ROEA) · Nigeria draft (ROEA) · public project in Nigeria in implementation (DO-OCB)."""
    nigeria_draft = make_project("XWAN01", locations=[{"country": country("NGA")}])
    live = make_project("GLOU40", lead_unit=units["DO-OCB"], locations=[{"country": country("NGA")}])
    for step in ("submit", "approve", "start_implementation"):
        if step == "submit":
            from .conftest import add_logframe

            add_logframe(live, users["administrator"], strategy=strategy)
        services.transition(live, step, by=users["planning_officer" if step == "approve" else "administrator"])
    west = services.create_programme(
        by=users["administrator"], code="RP-WAF", title="Regional Programme for West Africa", kind="regional",
        strategy_period=strategy["period"], start_date=datetime.date(2009, 7, 1),
        end_date=datetime.date(2011, 12, 31), lead_unit=units["DO-OCB"], countries=[country("NGA")])
    return {"kenya_draft": project, "nigeria_draft": nigeria_draft, "live": live,
            "kenya_programme": programme, "west_programme": west}


def refused_page(role):
    """How a page refuses: anonymous visitors are sent to the login page, others get 403/404."""
    return (302, 404) if role is None else NO


def login(client, users, role):
    if role:
        client.force_login(users[role])
    return client


def codes_on_page(html, candidates):
    return {code for code in candidates if f">{code}<" in html}


# --- viewing -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_projects_in_lists_and_details(client, users, world, role):
    login(client, users, role)
    expected = ({"XEAX20", "XWAN01", "GLOU40"} if role in STAFF
                else {"XEAX20", "GLOU40"} if role == "member_state_reader" else {"GLOU40"})
    page = client.get("/projects/")
    assert page.status_code == 200
    assert codes_on_page(page.content.decode(), {"XEAX20", "XWAN01", "GLOU40"}) == expected
    api = client.get("/api/v1/projects")
    assert api.status_code == 200
    assert {p["code"] for p in api.json()["results"]} == expected
    for key in ("kenya_draft", "nigeria_draft", "live"):
        obj = world[key]
        page_status = client.get(f"/projects/{obj.pk}/").status_code
        api_status = client.get(f"/api/v1/projects/{obj.pk}").status_code
        if obj.code in expected:
            assert (page_status, api_status) == (200, 200), key
        else:
            assert (page_status, api_status) == (404, 404), key


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_programmes(client, users, world, role):
    login(client, users, role)
    expected = ({"RP-EAF", "RP-WAF"} if role in STAFF else {"RP-EAF"} if role == "member_state_reader" else set())
    page = client.get("/programmes/").content.decode()
    assert codes_on_page(page, {"RP-EAF", "RP-WAF"}) == expected
    assert {p["code"] for p in client.get("/api/v1/programmes").json()["results"]} == expected
    for key in ("kenya_programme", "west_programme"):
        obj = world[key]
        wanted = 200 if obj.code in expected else 404
        assert client.get(f"/programmes/{obj.pk}/").status_code == wanted
        assert client.get(f"/api/v1/programmes/{obj.pk}").status_code == wanted


@pytest.mark.parametrize("role", ROLES)
def test_projects_of_a_programme_are_narrowed_too(client, users, world, role):
    services.update_project(world["nigeria_draft"], by=users["administrator"], programme=world["kenya_programme"])
    services.update_project(world["live"], by=users["administrator"], programme=world["kenya_programme"])
    login(client, users, role)
    response = client.get(f"/programmes/{world['kenya_programme'].pk}/")
    if role is None:
        assert response.status_code == 404  # a draft programme
        return
    shown = codes_on_page(response.content.decode(), {"XEAX20", "XWAN01", "GLOU40"})
    assert shown == ({"XEAX20", "XWAN01", "GLOU40"} if role in STAFF else {"XEAX20", "GLOU40"})


# --- adding ----------------------------------------------------------------------------------------------

def project_payload(code, unit="ROEA"):
    return {"code": code, "title": "New project", "objective": "Test", "strategy_period": "2008-2011",
            "lead_unit": unit, "start_date": "2009-01-01", "end_date": "2010-12-31", "results": ["1.1.1"],
            "locations": [{"country": "KEN"}]}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_projects_and_for_which_unit(client, users, world, role):
    login(client, users, role)
    may_open_form = role in WRITE_ROEA | {"programme_manager_hq"}
    assert (client.get("/projects/new/").status_code == 200) is may_open_form
    response = client.post("/api/v1/projects", project_payload("XNEW01"), content_type="application/json")
    if role in WRITE_ROEA:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code in NO
        assert not Project.objects.filter(code="XNEW01").exists()


def test_programme_manager_may_not_create_outside_own_unit_on_the_page(client, users, world, units):
    client.force_login(users["programme_manager"])
    form = client.get("/projects/new/").content.decode()
    assert "Regional Office for Eastern Africa" in form and "Justice Section" not in form
    response = client.post("/projects/new/", {
        "code": "XNEW02", "title": "Elsewhere", "objective": "x", "strategy_period": world["kenya_draft"].strategy_period_id,
        "lead_unit": units["DO-JUS"].pk, "start_date": "2009-01-01", "end_date": "2009-12-31"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Project.objects.filter(code="XNEW02").exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_programmes(client, users, world, role, strategy):
    login(client, users, role)
    payload = {"code": "RP-NEW", "title": "New regional programme", "kind": "regional",
               "strategy_period": "2008-2011", "lead_unit": "ROEA", "start_date": "2010-01-01",
               "end_date": "2012-12-31", "countries": ["KEN"], "results": ["1.2.1"]}
    response = client.post("/api/v1/programmes", payload, content_type="application/json")
    page = client.get("/programmes/new/")
    if role in WRITE_ROEA:
        assert response.status_code == 201 and page.status_code == 200
    else:
        assert response.status_code in NO
        assert page.status_code in ((200,) if role == "programme_manager_hq" else refused_page(role))
        assert not Programme.objects.filter(code="RP-NEW").exists()


# --- changing ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_project(client, users, world, role):
    login(client, users, role)
    project = world["kenya_draft"]
    page = client.get(f"/projects/{project.pk}/edit/")
    api = client.patch(f"/api/v1/projects/{project.pk}", {"title": f"Changed by {role}"},
                       content_type="application/json", HTTP_IF_MATCH="*")
    detail = client.get(f"/projects/{project.pk}/")
    if role in WRITE_ROEA:
        assert (page.status_code, api.status_code) == (200, 200)
        assert f"/projects/{project.pk}/edit/" in detail.content.decode()
        assert Project.objects.get(pk=project.pk).title == f"Changed by {role}"
    else:
        assert page.status_code in refused_page(role) and api.status_code in NO
        assert Project.objects.get(pk=project.pk).title == "Maritime crime programme: piracy trials support"
        if detail.status_code == 200:
            assert f"/projects/{project.pk}/edit/" not in detail.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_programme(client, users, world, role):
    login(client, users, role)
    programme = world["kenya_programme"]
    page = client.get(f"/programmes/{programme.pk}/edit/")
    api = client.patch(f"/api/v1/programmes/{programme.pk}", {"summary": "Changed"}, content_type="application/json",
                       HTTP_IF_MATCH="*")
    component = client.post(f"/programmes/{programme.pk}/components/new/",
                            {"component-code": "SP9", "component-title": "New component"})
    if role in WRITE_ROEA:
        assert (page.status_code, api.status_code, component.status_code) == (200, 200, 302)
        assert programme.components.filter(code="SP9").exists()
    else:
        assert page.status_code in refused_page(role) and api.status_code in NO and component.status_code in NO
        assert Programme.objects.get(pk=programme.pk).summary == ""
        assert not programme.components.filter(code="SP9").exists()


def test_programme_manager_may_not_move_a_project_to_another_unit(client, users, world):
    client.force_login(users["programme_manager"])
    project = world["kenya_draft"]
    response = client.patch(f"/api/v1/projects/{project.pk}", {"lead_unit": "DO-JUS"},
                            content_type="application/json", HTTP_IF_MATCH="*")
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).lead_unit.code == "ROEA"


# --- deleting ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_who_may_delete_a_draft_project(client, users, world, make_project, role):
    login(client, users, role)
    by_page, by_api = make_project("XDEL01"), make_project("XDEL02")
    page = client.post(f"/projects/{by_page.pk}/delete/")
    api = client.delete(f"/api/v1/projects/{by_api.pk}", HTTP_IF_MATCH="*")
    remaining = set(Project.objects.filter(code__in=["XDEL01", "XDEL02"]).values_list("code", flat=True))
    if role in DELETE_ROEA:
        assert (page.status_code, api.status_code) == (302, 204)
        assert remaining == set()
    else:
        assert page.status_code in NO and api.status_code in NO
        assert remaining == {"XDEL01", "XDEL02"}


def test_nobody_deletes_a_project_past_draft(client, users, world):
    client.force_login(users["administrator"])
    live = world["live"]
    assert client.post(f"/projects/{live.pk}/delete/").status_code == 400
    assert client.delete(f"/api/v1/projects/{live.pk}", HTTP_IF_MATCH="*").status_code == 400
    assert Project.objects.filter(pk=live.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_programmes_cannot_be_deleted_through_the_api(client, users, world, role):
    login(client, users, role)
    response = client.delete(f"/api/v1/programmes/{world['kenya_programme'].pk}", HTTP_IF_MATCH="*")
    assert response.status_code in (401, 403, 404, 405)
    assert Programme.objects.filter(pk=world["kenya_programme"].pk).exists()


# --- lifecycle --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_who_may_run_lifecycle_steps(client, users, world, role):
    login(client, users, role)
    project, programme = world["kenya_draft"], world["kenya_programme"]
    page = client.post(f"/projects/{project.pk}/transition/", {"transition": "submit", "comment": "ok"})
    api = client.post(f"/api/v1/programmes/{programme.pk}/transition", {"transition": "start_consultation"},
                      content_type="application/json")
    if role in WRITE_ROEA:
        assert (page.status_code, api.status_code) == (302, 200)
        assert Project.objects.get(pk=project.pk).status == "submitted"
        assert Programme.objects.get(pk=programme.pk).status == "in_consultation"
    else:
        assert page.status_code in NO and api.status_code in NO
        assert not status_changes_for(project).exists() and not status_changes_for(programme).exists()


# --- logframe rows ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_change_and_delete_logframe_rows(client, users, world, role):
    login(client, users, role)
    project = world["kenya_draft"]
    outcome = project.outcomes.get()
    activity = Activity.objects.get(output__outcome=outcome)
    add = client.post(f"/projects/{project.pk}/outcomes/new/", {"code": "OC2", "title": "Second outcome"})
    change = client.post(f"/projects/{project.pk}/outcomes/{outcome.pk}/edit/", with_version(
        client, f"/projects/{project.pk}/outcomes/{outcome.pk}/edit/", {"code": "OC1", "title": "Renamed outcome"}))
    delete = client.post(f"/projects/{project.pk}/activities/{activity.pk}/delete/")
    detail = client.get(f"/projects/{project.pk}/")
    if role in WRITE_ROEA:
        assert (add.status_code, change.status_code, delete.status_code) == (302, 302, 302)
        assert set(Outcome.objects.filter(project=project).values_list("title", flat=True)) == {
            "Second outcome", "Renamed outcome"}
        assert not Activity.objects.filter(pk=activity.pk).exists()
        assert "Add outcome" in detail.content.decode()
    else:
        assert add.status_code in NO and change.status_code in NO and delete.status_code in NO
        assert list(Outcome.objects.filter(project=project).values_list("title", flat=True)) == [
            "Courts try cases fairly"]
        assert Activity.objects.filter(pk=activity.pk).exists()
        if detail.status_code == 200:
            assert "Add outcome" not in detail.content.decode()


def test_logframe_row_of_another_project_is_not_reachable_through_this_one(client, users, world):
    client.force_login(users["programme_manager"])
    other_outcome = world["live"].outcomes.get()
    response = client.post(f"/projects/{world['kenya_draft'].pk}/outcomes/{other_outcome.pk}/edit/",
                           {"code": "OC1", "title": "Hijacked"})
    assert response.status_code == 404
    assert Outcome.objects.get(pk=other_outcome.pk).title != "Hijacked"


@pytest.mark.parametrize("role, sees", [("reader", True), ("finance_officer", True), ("programme_manager", True),
                                        ("member_state_reader", False), (None, False)])
def test_history_shown_only_to_roles_that_may_see_it(client, users, world, role, sees):
    login(client, users, role)
    page = client.get(f"/projects/{world['live'].pk}/").content.decode()
    assert ('id="history-title"' in page) is sees
