"""The request's lifecycle and the validation of the services."""
import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from mandates.assistance import selectors, services
from mandates.assistance.models import AssistanceRequest
from mandates.core.lifecycle import status_changes_for
from mandates.geography.models import Country

Status = AssistanceRequest.Status


def _assigned(make_request, users, units, **extra):
    req = make_request(**extra)
    services.triage(req, by=users["planning_officer"], comment="Within the mandate")
    services.assign(req, by=users["planning_officer"], unit=units["ROEA"], comment="Regional office")
    return req


@pytest.mark.django_db
def test_full_lifecycle_is_recorded_with_who_when_and_why(make_request, users, units, project):
    req = _assigned(make_request, users, units, received=datetime.date(2009, 2, 1))
    pm = users["programme_manager"]
    services.respond(req, "accept", by=pm, project=project["project"], responded_on=datetime.date(2009, 2, 20),
                     comment="Covered by the maritime crime programme")
    services.close(req, by=pm, comment="Delivered")
    req.refresh_from_db()
    assert req.status == Status.CLOSED and req.project == project["project"]
    changes = list(status_changes_for(req))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("received", "under_triage"), ("under_triage", "assigned"), ("assigned", "accepted"), ("accepted", "closed"),
    ]
    assert [c.changed_by for c in changes] == [users["planning_officer"]] * 2 + [pm] * 2
    assert changes[2].comment == "Covered by the maritime crime programme"
    timeline = selectors.status_timeline(req)
    assert [row["code"] for row in timeline] == ["received", "under_triage", "assigned", "accepted", "closed"]
    assert timeline[0]["date"] == datetime.date(2009, 2, 1)


@pytest.mark.django_db
def test_accepting_with_an_activity_links_its_project(make_request, users, units, project):
    req = _assigned(make_request, users, units)
    services.respond(req, "accept", by=users["planning_officer"], activity=project["activity"])
    req.refresh_from_db()
    assert req.activity == project["activity"] and req.project == project["project"]
    assert req.responded_on == services.today()


@pytest.mark.django_db
@pytest.mark.parametrize("outcome, fields, error_field", [
    ("accept", {}, "project"),
    ("decline", {"reason": "   "}, "decline_reason"),
    ("refer", {}, "partner"),
    ("accept", {"responded_on": datetime.date(2009, 1, 1)}, "responded_on"),  # before receipt
])
def test_response_without_what_it_needs_is_refused_and_nothing_saved(make_request, users, units, outcome, fields,
                                                                     error_field):
    req = _assigned(make_request, users, units, received=datetime.date(2009, 3, 2))
    before = status_changes_for(req).count()
    with pytest.raises(ValidationError) as exc:
        services.respond(req, outcome, by=users["planning_officer"], **fields)
    assert error_field in exc.value.message_dict
    fresh = AssistanceRequest.objects.get(pk=req.pk)
    assert fresh.status == Status.ASSIGNED and fresh.responded_on is None and fresh.decline_reason == ""
    assert status_changes_for(req).count() == before


@pytest.mark.django_db
def test_activity_of_another_project_is_refused(make_request, users, units, project):
    req = _assigned(make_request, users, units)
    with pytest.raises(ValidationError) as exc:
        services.respond(req, "accept", by=users["planning_officer"], project=project["other"],
                         activity=project["activity"])
    assert "XEAX20" in exc.value.message_dict["activity"][0]
    assert AssistanceRequest.objects.get(pk=req.pk).status == Status.ASSIGNED


@pytest.mark.django_db
def test_response_date_in_the_future_is_refused(make_request, users, units, partner):
    req = _assigned(make_request, users, units)
    with pytest.raises(ValidationError) as exc:
        services.respond(req, "refer", by=users["planning_officer"], partner=partner,
                         responded_on=services.today() + datetime.timedelta(days=1))
    assert "responded_on" in exc.value.message_dict


@pytest.mark.django_db
def test_decline_and_refer_keep_their_reason_and_partner(make_request, users, units, partner):
    declined = _assigned(make_request, users, units)
    services.respond(declined, "decline", by=users["planning_officer"], reason="Outside the mandate of the office")
    referred = _assigned(make_request, users, units)
    services.respond(referred, "refer", by=users["planning_officer"], partner=partner)
    declined.refresh_from_db()
    referred.refresh_from_db()
    assert (declined.status, declined.decline_reason) == (Status.DECLINED, "Outside the mandate of the office")
    assert (referred.status, referred.partner) == (Status.REFERRED, partner)


@pytest.mark.django_db
def test_steps_cannot_be_skipped(make_request, users, units, project):
    req = make_request()
    with pytest.raises(ValidationError) as exc:
        services.respond(req, "accept", by=users["planning_officer"], project=project["project"])
    assert "transition" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.close(req, by=users["planning_officer"])
    with pytest.raises(ValidationError) as exc:
        services.assign(req, by=users["planning_officer"], unit=units["ROEA"])  # not triaged yet
    assert "transition" in exc.value.message_dict
    assert AssistanceRequest.objects.get(pk=req.pk).status == Status.RECEIVED


@pytest.mark.django_db
def test_assign_needs_a_unit_and_can_reassign(make_request, users, units):
    req = make_request()
    services.triage(req, by=users["planning_officer"])
    with pytest.raises(ValidationError) as exc:
        services.assign(req, by=users["planning_officer"], unit=None)
    assert "assigned_unit" in exc.value.message_dict
    services.assign(req, by=users["planning_officer"], unit=units["ROEA"])
    services.assign(req, by=users["planning_officer"], unit=units["DO-JUS"], comment="Legal advice needed")
    req.refresh_from_db()
    assert req.status == Status.ASSIGNED and req.assigned_unit == units["DO-JUS"]


@pytest.mark.django_db
def test_bad_facts_are_refused_per_field_and_nothing_saved(users, strategy):
    kenya = Country.objects.get(iso3="KEN")
    with pytest.raises(ValidationError) as exc:
        services.save_request(by=users["planning_officer"], requesting_state=kenya,
                              received_on=services.today() + datetime.timedelta(days=3), subject=" ",
                              results=[strategy["management"], strategy["theme"], strategy["result"]])
    errors = exc.value.message_dict
    assert set(errors) == {"received_on", "subject", "results"}
    assert "M.1" in errors["results"][0] and "1.1.1" not in errors["results"][0]
    assert AssistanceRequest.objects.count() == 0


@pytest.mark.django_db
def test_references_are_numbered_per_year_and_unique(make_request, strategy):
    first = make_request(received=datetime.date(2009, 1, 5), results=[strategy["area"], strategy["result"]])
    second = make_request(received=datetime.date(2009, 6, 5))
    other_year = make_request(received=datetime.date(2008, 12, 30))
    assert (first.reference, second.reference, other_year.reference) == ("TA-2009-0001", "TA-2009-0002",
                                                                          "TA-2008-0001")
    assert set(first.results.all()) == {strategy["area"], strategy["result"]}
    with pytest.raises(ValidationError) as exc:
        make_request(reference="TA-2009-0001")
    assert "reference" in exc.value.message_dict


@pytest.mark.django_db
def test_writes_are_audited_with_the_person(make_request, users):
    req = make_request(by=users["planning_officer"])
    services.save_request(req, by=users["administrator"], urgency="urgent")
    entries = list(LogEntry.objects.get_for_object(req).order_by("timestamp", "id"))
    assert entries[0].action == LogEntry.Action.CREATE and entries[0].actor == users["planning_officer"]
    update = [e for e in entries if e.action == LogEntry.Action.UPDATE and "urgency" in e.changes_dict][-1]
    assert update.actor == users["administrator"] and update.changes_dict["urgency"] == ["routine", "urgent"]


@pytest.mark.django_db
def test_a_closed_request_cannot_be_changed(make_request, users, units, partner):
    req = _assigned(make_request, users, units)
    services.respond(req, "refer", by=users["planning_officer"], partner=partner)
    services.close(req, by=users["planning_officer"])
    with pytest.raises(ValidationError):
        services.save_request(req, by=users["planning_officer"], subject="Changed")
    assert AssistanceRequest.objects.get(pk=req.pk).subject != "Changed"
