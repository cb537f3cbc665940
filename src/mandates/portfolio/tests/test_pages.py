"""The pages: forms with field errors, the detail pages (facts, results, logframe, history), logframe editing."""
import datetime

import pytest
from auditlog.models import LogEntry

from mandates.core.testing import with_version
from mandates.portfolio import services
from mandates.portfolio.models import Activity, Output, Programme, Project

from .conftest import area, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(client, users):
    client.force_login(users["planning_officer"])
    return client


def form_data(strategy, units, **extra):
    return {"code": "XEAJ01", "title": "Criminal justice reform", "objective": "Fairer trials",
            "strategy_period": strategy["period"].pk, "lead_unit": units["ROEA"].pk, "start_date": "2010-01-01",
            "end_date": "2011-12-31", "results": [strategy["1.1.1"].pk], "countries": [country("KEN").pk],
            "areas": [area("014").pk], "is_public": "on", **extra}


def test_project_form_uses_date_inputs_and_offers_only_the_periods_results(planner, strategy, programme):
    page = planner.get("/projects/new/").content.decode()
    assert 'type="date"' in page and 'name="start_date"' in page
    assert "SP1.a Increased capacity" in page and "1.1.1 Ratification" not in page  # the latest period
    from_programme = planner.get(f"/projects/new/?programme={programme.pk}").content.decode()
    assert "1.1.1 Ratification" in from_programme and "SP1.a" not in from_programme  # the programme's period
    assert '<optgroup label="1.1 International cooperation' in from_programme  # grouped under result areas
    # Choosing another period reloads the results box (htmx asks the same page with the period).
    assert 'hx-get="/projects/new/"' in page and 'hx-select="#id_results"' in page
    refreshed = planner.get(f"/projects/new/?strategy_period={strategy['period'].pk}").content.decode()
    assert "1.1.1 Ratification" in refreshed and "SP1.a" not in refreshed


def test_project_created_from_the_page_with_its_locations(planner, strategy, units):
    response = planner.post("/projects/new/", form_data(strategy, units))
    project = Project.objects.get(code="XEAJ01")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert sorted(str(loc) for loc in project.locations.all()) == ["Eastern Africa", "Kenya"]
    assert list(project.results.values_list("code", flat=True)) == ["1.1.1"]


def test_form_shows_field_errors_and_saves_nothing(planner, strategy, units, project):
    response = planner.post("/projects/new/", form_data(strategy, units, end_date="2009-01-01"))
    page = response.content.decode()
    assert response.status_code == 200 and "The end date cannot be before the start date." in page
    assert 'class="field field--error"' in page
    duplicate = planner.post("/projects/new/", form_data(strategy, units, code="XEAX20")).content.decode()
    assert "already used" in duplicate
    other_period = planner.post("/projects/new/", form_data(strategy, units, results=[strategy["SP1.a"].pk]))
    assert "Select a valid choice" in other_period.content.decode()
    assert not Project.objects.filter(code="XEAJ01").exists()


def test_editing_keeps_recorded_location_percentages(planner, project, strategy, units):
    services.update_project(project, by=None, locations=[{"country": country("KEN"), "percentage": 60},
                                                         {"country": country("SOM"), "percentage": 40}])
    edit = planner.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'value="2009-01-01"' in edit  # dates shown in the date inputs' format
    data = form_data(strategy, units, code="XEAX20", countries=[country("KEN").pk], areas=[], start_date="2009-01-01")
    assert planner.post(f"/projects/{project.pk}/edit/", with_version(planner, f"/projects/{project.pk}/edit/", data)).status_code == 302
    assert [(loc.country.iso3, loc.percentage) for loc in project.locations.all()] == [("KEN", 60)]


def test_project_page_shows_facts_results_partners_logframe_and_history(planner, project, users):
    activity = Activity.objects.get(output__outcome__project=project)
    services.update_activity(activity, by=users["programme_manager"], responsible_unit=project.lead_unit,
                             planned_cost=20000)
    page = planner.get(f"/projects/{project.pk}/").content.decode()
    for text in ("Stronger criminal justice institutions", "RP-EAF", "Regional Office for Eastern Africa",
                 "United Nations Development Programme (UNDP)", "Implementing", "Cooperating",
                 'href="/strategy/2008-2011/1.1.1/"', 'class="logframe"', 'class="logframe__outcome"',
                 'class="logframe__output"', "Training of prosecutors in Mombasa", "USD 20,000.00", "Kenya",
                 "2 Mar 2009", "Add outcome", "Add output", "Add activity", 'id="history-title"'):
        assert text in page, text
    history = page[page.index('id="history-title"'):]
    assert "Planned cost" in history and "12500.00" in history and "20000.00" in history
    assert "Regional Office for Eastern Africa" in history  # the responsible unit by name, not its id


def test_history_keeps_deleted_logframe_rows(planner, project, users):
    output = Output.objects.get(outcome__project=project)
    services.delete_logframe_item(output, by=users["programme_manager"])
    page = planner.get(f"/projects/{project.pk}/").content.decode()
    history = page[page.index('id="history-title"'):]
    assert "Delete" in history and "OP1.1 Prosecutors trained" in history
    assert "A1.1.1 Training of prosecutors in Mombasa" in history  # deleted with its output


def test_logframe_editing_through_plain_pages(planner, project, strategy):
    outcome = project.outcomes.get()
    response = planner.post(f"/projects/{project.pk}/outcomes/{outcome.pk}/outputs/new/",
                            {"code": "OP1.2", "title": "Judges trained", "results": [strategy["1.1.2"].pk]})
    assert response.status_code == 302
    output = Output.objects.get(code="OP1.2")
    assert response["Location"].endswith(f"#output-{output.pk}")
    assert list(output.results.values_list("code", flat=True)) == ["1.1.2"]
    bad = planner.post(f"/projects/{project.pk}/outputs/{output.pk}/activities/new/", {
        "code": "A1.2.1", "title": "Bench book workshop", "start_date": "2012-05-01", "currency": "USD",
        "planned_cost": "-5"})
    page = bad.content.decode()
    assert bad.status_code == 200 and "within the project&#x27;s dates" in page and "cannot be negative" in page
    good = planner.post(f"/projects/{project.pk}/outputs/{output.pk}/activities/new/", {
        "code": "A1.2.1", "title": "Bench book workshop", "start_date": "2010-05-03", "end_date": "2010-05-05",
        "area": area("014").pk, "currency": "EUR", "planned_cost": "8000"})
    assert good.status_code == 302
    activity = Activity.objects.get(code="A1.2.1")
    assert (activity.currency, activity.planned_cost, activity.where) == ("EUR", 8000, "Eastern Africa")
    edit = planner.get(f"/projects/{project.pk}/activities/{activity.pk}/edit/").content.decode()
    assert "Bench book workshop" in edit and 'value="2010-05-03"' in edit
    detail = planner.get(f"/projects/{project.pk}/").content.decode()
    assert "EUR 8,000.00" in detail and "USD 12,500.00" in detail  # costs never added across currencies


def test_partner_roles_added_and_removed_on_the_project_page(planner, project, partners):
    role = project.partner_roles.get(role="cooperating")
    assert planner.post(f"/projects/{project.pk}/partners/{role.pk}/remove/").status_code == 302
    response = planner.post(f"/projects/{project.pk}/partners/new/",
                            {"partner-partner": partners["INTERPOL"].name, "partner-role": "implementing"})
    assert response.status_code == 302
    assert sorted(project.partner_roles.values_list("partner__acronym", "role")) == [
        ("INTERPOL", "implementing"), ("UNDP", "implementing")]
    again = planner.post(f"/projects/{project.pk}/partners/new/",
                         {"partner-partner": partners["INTERPOL"].name, "partner-role": "implementing"})
    assert again.status_code == 200 and "already has this role" in again.content.decode()


def test_programme_page_and_its_add_forms(planner, programme, project, users):
    page = planner.get(f"/programmes/{programme.pk}/").content.decode()
    for text in ("Kenya", "Somalia", "Eastern Africa", 'href="/strategy/2008-2011/1.2.1/"', "SP1",
                 "Countering illicit trafficking", "XEAX20", "Record a consultation", "Add a component",
                 "expert group meeting or a ministerial meeting"):
        assert text in page, text
    response = planner.post(f"/programmes/{programme.pk}/consultations/new/", {
        "consultation-kind": "expert_meeting", "consultation-date": "2009-02-24", "consultation-place": "Nairobi"})
    assert response.status_code == 302
    assert programme.consultations.get().place == "Nairobi"
    bad = planner.post(f"/programmes/{programme.pk}/components/new/", {"component-code": "SP1",
                                                                         "component-title": "Again"})
    assert bad.status_code == 200 and "already used" in bad.content.decode()


def test_programme_form_limits_results_and_units(client, users, programme, strategy):
    client.force_login(users["programme_manager"])
    page = client.get(f"/programmes/{programme.pk}/edit/").content.decode()
    assert "Somalia programme office" in page and "Justice Section" not in page
    assert "1.2.1 Capacity to counter" in page and "SP1.a" not in page
    data = {"code": "RP-EAF", "title": programme.title, "kind": "regional", "strategy_period": strategy["period"].pk,
            "start_date": "2009-12-01", "end_date": "2012-12-31", "lead_unit": programme.lead_unit_id,
            "countries": [country("KEN").pk], "results": [strategy["1.1.1"].pk]}
    assert client.post(f"/programmes/{programme.pk}/edit/", with_version(client, f"/programmes/{programme.pk}/edit/", data)).status_code == 302
    programme = Programme.objects.get(pk=programme.pk)
    assert list(programme.countries.values_list("iso3", flat=True)) == ["KEN"]
    m2m = [e.changes_dict for e in LogEntry.objects.get_for_object(programme).filter(actor=users["programme_manager"])]
    assert any("countries" in c and c["countries"]["operation"] == "delete" for c in m2m)


def test_lists_paginate_by_25(client, users, make_project):
    for i in range(30):
        make_project(f"XPG{i:02}")
    client.force_login(users["reader"])
    first = client.get("/projects/").content.decode()
    assert first.count('<td><a href="/projects/') == 25 and "Page 1 of 2" in first
    second = client.get("/projects/?page=2").content.decode()
    assert second.count('<td><a href="/projects/') == 5 and ">XPG29<" in second


def test_delete_page_confirms_then_deletes_a_draft(client, users, make_project):
    draft = make_project("XDEL01", start_date=datetime.date(2009, 1, 1))
    client.force_login(users["programme_manager"])
    assert "Delete project XDEL01?" in client.get(f"/projects/{draft.pk}/delete/").content.decode()
    assert client.post(f"/projects/{draft.pk}/delete/").status_code == 302
    assert not Project.objects.filter(code="XDEL01").exists()
