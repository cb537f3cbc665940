"""Lifecycles of programmes and projects: the rules, the record (who, when, comment), pages and API."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from mandates.core.lifecycle import status_changes_for
from mandates.portfolio import services
from mandates.portfolio.models import Programme, Project

from .conftest import add_logframe

pytestmark = pytest.mark.django_db


def test_regional_programme_endorsed_only_after_an_expert_or_ministerial_meeting(programme, users):
    by = users["planning_officer"]
    services.transition(programme, "start_consultation", by=by)
    services.add_consultation(programme, by=by, kind="consultation", date=datetime.date(2009, 2, 1),
                              place="Vienna", summary="Briefing of permanent missions")
    with pytest.raises(ValidationError) as info:
        services.transition(programme, "endorse", by=by)
    assert "expert group meeting or a ministerial meeting" in " ".join(info.value.messages)
    assert Programme.objects.get(pk=programme.pk).status == "in_consultation"

    services.add_consultation(programme, by=by, kind="ministerial_meeting", date=datetime.date(2009, 11, 24),
                              place="Nairobi")
    change = services.transition(programme, "endorse", by=by, comment="Adopted at the ministerial meeting")
    assert Programme.objects.get(pk=programme.pk).status == "endorsed"
    assert (change.from_status, change.to_status, change.changed_by, change.comment) == (
        "in_consultation", "endorsed", by, "Adopted at the ministerial meeting")


def test_thematic_programme_needs_no_meeting(strategy, units, users):
    thematic = services.create_programme(
        by=users["planning_officer"], code="TP-CPCJ", title="Crime prevention and criminal justice reform",
        kind="thematic", strategy_period=strategy["period"], start_date=datetime.date(2009, 1, 1),
        end_date=datetime.date(2011, 12, 31), lead_unit=units["DO-JUS"])
    services.transition(thematic, "start_consultation", by=users["planning_officer"])
    services.transition(thematic, "endorse", by=users["planning_officer"])
    assert thematic.status == "endorsed"


def test_submit_needs_result_outcome_and_output(make_project, users, strategy):
    by = users["programme_manager"]
    project = make_project("XAM01", results=[])
    outcome = services.add_outcome(project, by=by, code="OC1", title="Outcome")
    services.add_output(outcome, by=by, code="OP1.1", title="Output")
    with pytest.raises(ValidationError) as info:  # no expected result
        services.transition(project, "submit", by=by)
    assert "at least one expected result, one outcome and one output" in " ".join(info.value.messages)

    bare = make_project("XAM02")  # a result, but no logframe
    with pytest.raises(ValidationError):
        services.transition(bare, "submit", by=by)
    services.add_outcome(bare, by=by, code="OC1", title="Outcome without output")
    with pytest.raises(ValidationError):
        services.transition(bare, "submit", by=by)
    assert Project.objects.get(pk=bare.pk).status == "draft"

    complete = make_project("XAM03")
    add_logframe(complete, by, strategy=strategy)
    services.transition(complete, "submit", by=by, comment="Ready for the programme review committee")
    assert Project.objects.get(pk=complete.pk).status == "submitted"


def test_full_project_lifecycle_is_recorded_in_order(project, users):
    steps = [("submit", "programme_manager"), ("approve", "planning_officer"),
             ("start_implementation", "programme_manager"), ("suspend", "programme_manager"),
             ("start_implementation", "programme_manager"), ("complete", "programme_manager"),
             ("close", "planning_officer")]
    for name, role in steps:
        services.transition(project, name, by=users[role], comment=f"step {name}")
    changes = list(status_changes_for(project))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("draft", "submitted"), ("submitted", "approved"), ("approved", "in_implementation"),
        ("in_implementation", "suspended"), ("suspended", "in_implementation"),
        ("in_implementation", "completed"), ("completed", "closed")]
    assert [c.changed_by.username for c in changes] == ["pm", "planner", "pm", "pm", "pm", "pm", "planner"]
    assert changes[0].comment == "step submit"


def test_step_not_possible_from_current_status_is_refused(project, users):
    with pytest.raises(ValidationError) as info:
        services.transition(project, "approve", by=users["planning_officer"])
    assert "not possible" in " ".join(info.value.messages)
    with pytest.raises(ValidationError):
        services.transition(project, "explode", by=users["planning_officer"])
    assert not status_changes_for(project).exists()


def test_page_shows_steps_to_those_allowed_and_records_comment(client, project, users):
    client.force_login(users["reader"])
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "Submit for approval" not in page
    refused = client.post(f"/projects/{project.pk}/transition/", {"transition": "submit", "comment": "x"})
    assert refused.status_code == 403

    client.force_login(users["programme_manager"])
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'value="submit"' in page and 'name="comment"' in page
    response = client.post(f"/projects/{project.pk}/transition/",
                           {"transition": "submit", "comment": "Reviewed with the field office"}, follow=True)
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.status == "submitted"
    page = response.content.decode()
    assert "Reviewed with the field office" in page and "Draft → Submitted for approval" in page


def test_page_reports_a_refused_step_without_changing_anything(client, programme, users):
    client.force_login(users["programme_manager"])
    client.post(f"/programmes/{programme.pk}/transition/", {"transition": "start_consultation"})
    response = client.post(f"/programmes/{programme.pk}/transition/", {"transition": "endorse"}, follow=True)
    assert "ministerial meeting" in response.content.decode()
    assert Programme.objects.get(pk=programme.pk).status == "in_consultation"


def test_api_transition(client, project, users):
    client.force_login(users["programme_manager_hq"])  # another work unit
    denied = client.post(f"/api/v1/projects/{project.pk}/transition", {"transition": "submit"},
                         content_type="application/json")
    assert denied.status_code == 403
    client.force_login(users["programme_manager"])
    ok = client.post(f"/api/v1/projects/{project.pk}/transition", {"transition": "submit", "comment": "Go"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    again = client.post(f"/api/v1/projects/{project.pk}/transition", {"transition": "submit"},
                        content_type="application/json")
    assert again.status_code == 400 and "transition" in again.json()
    assert status_changes_for(project).get().comment == "Go"


def test_a_step_run_on_a_stale_copy_does_not_undo_other_changes(project, users):
    stale = Project.objects.get(pk=project.pk)
    services.update_project(project, by=users["programme_manager"], description="Support to piracy trials")
    services.transition(stale, "submit", by=users["programme_manager"])
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.status, fresh.description) == ("submitted", "Support to piracy trials")
    assert stale.status == "submitted"


def test_status_change_carries_the_date_of_the_decision_as_given(client, project, users):
    import datetime as dt

    from auditlog.models import LogEntry
    from django.utils import timezone

    from mandates.core.models import StatusChange

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        services.transition(project, "submit", by=users["programme_manager"], decided_on=tomorrow)
    assert "future" in " ".join(info.value.messages)
    assert Project.objects.get(pk=project.pk).status == "draft"

    client.force_login(users["programme_manager"])
    client.post(f"/projects/{project.pk}/transition/", {"transition": "submit", "decided_on": "2009-11-24",
                                                         "comment": "Programme review committee"})
    change = status_changes_for(project).get()
    assert change.decided_on == dt.date(2009, 11, 24)
    entries = LogEntry.objects.get_for_object(StatusChange.objects.get(pk=change.pk))
    assert any("2009-11-24" in str(entry.changes) for entry in entries)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "decided on" in page and "24 Nov 2009" in page
