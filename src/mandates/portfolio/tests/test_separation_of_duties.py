"""Approval is a planning officer's act and never the submitter's: in the service, on the page (the
button is not offered), with a message when it succeeds; the same for indicator values' Approve button."""
import pytest
from django.core.exceptions import ValidationError

from mandates.portfolio import services
from mandates.portfolio.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(project, users):
    services.transition(project, "submit", by=users["programme_manager"])
    return project


def test_programme_manager_cannot_approve_the_project_they_submitted(submitted, users):
    with pytest.raises(ValidationError) as info:
        services.transition(submitted, "approve", by=users["programme_manager"])
    assert "planning officer" in " ".join(info.value.messages)
    assert Project.objects.get(pk=submitted.pk).status == "submitted"


def test_a_planner_cannot_approve_what_she_submitted(project, users):
    services.transition(project, "submit", by=users["planning_officer"])
    with pytest.raises(ValidationError) as info:
        services.transition(project, "approve", by=users["planning_officer"])
    assert "other than the person who submitted" in " ".join(info.value.messages)


def test_page_offers_approve_to_the_planner_only_and_confirms_it(client, submitted, users):
    client.force_login(users["programme_manager"])
    page = client.get(f"/projects/{submitted.pk}/").content.decode()
    assert 'value="approve"' not in page
    refused = client.post(f"/projects/{submitted.pk}/transition/", {"transition": "approve"}, follow=True)
    assert Project.objects.get(pk=submitted.pk).status == "submitted"
    assert "planning officer" in refused.content.decode()

    client.force_login(users["planning_officer"])
    assert 'value="approve"' in client.get(f"/projects/{submitted.pk}/").content.decode()
    done = client.post(f"/projects/{submitted.pk}/transition/", {"transition": "approve"}, follow=True)
    assert Project.objects.get(pk=submitted.pk).status == "approved"
    assert "approved: status is now “Approved”" in done.content.decode()


def test_indicator_value_approve_button_not_offered_to_its_submitter(client, strategy, users):
    from mandates.results import services as results

    laws = results.save_indicator(by=users["planning_officer"], result=strategy["1.1.2"], kind="number",
                                  unit="States", title="States with legislation", aggregation="latest")
    results.record_value(laws, by=users["planning_officer"], year=2009, value=3)
    client.force_login(users["planning_officer"])
    page = client.get(f"/results/indicators/{laws.pk}/").content.decode()
    assert 'value="approve"' not in page
    assert "someone else approves it" in page
    pending = client.get("/results/values/pending/").content.decode()
    assert 'value="approve"' not in pending


def test_new_project_is_not_published_until_approved(client, strategy, units, users, make_project):
    client.force_login(users["planning_officer"])
    form = client.get("/projects/new/").content.decode()
    assert 'name="is_public"' in form and 'name="is_public" checked' not in form
    project = make_project("XPUB01")
    assert project.is_public is False
    from .conftest import add_logframe

    add_logframe(project, users["programme_manager"], strategy=strategy)
    services.transition(project, "submit", by=users["programme_manager"])
    services.transition(project, "approve", by=users["planning_officer"])
    assert Project.objects.get(pk=project.pk).is_public is True


def test_member_state_reader_sees_a_draft_marked_as_a_draft(client, project, users):
    client.force_login(users["member_state_reader"])
    page = client.get(f"/projects/{project.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Draft" in html and "Not published" in html


def test_period_refresh_keeps_the_chosen_expected_results(client, strategy, users):
    client.force_login(users["planning_officer"])
    chosen = strategy["1.1.1"].pk
    page = client.get("/projects/new/").content.decode()
    assert 'hx-include="#id_results"' in page
    refreshed = client.get(f"/projects/new/?strategy_period={strategy['period'].pk}&results={chosen}").content.decode()
    assert f'value="{chosen}" selected' in refreshed
