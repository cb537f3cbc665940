"""Evaluation rules: owners required, reasons required, follow-up and overdue listing per unit."""
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mandates.core.testing import with_version
from mandates.evaluation import selectors, services
from mandates.evaluation.models import ActionItem, Evaluation, ManagementResponse, Recommendation


def test_evaluation_names_what_it_evaluates(projects, users, strategy, units):
    planner = users["planning_officer"]
    with pytest.raises(ValidationError) as err:
        services.save_evaluation(by=planner, title="Project evaluation", subject="project", modality="self")
    assert "project" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.save_evaluation(by=planner, title="Thematic evaluation of terrorism prevention",
                                 subject="thematic", modality="in_depth", responsible_unit=units["DO"])
    assert "results" in err.value.message_dict
    thematic = services.save_evaluation(by=planner, title="Thematic evaluation of terrorism prevention",
                                        subject="thematic", modality="in_depth", responsible_unit=units["DO"],
                                        results=[strategy["1.4"]])
    assert list(thematic.results.all()) == [strategy["1.4"]]
    self_eval = services.save_evaluation(by=planner, title="Self-evaluation", subject="project", modality="self",
                                         project=projects["kenya"])
    assert self_eval.responsible_unit == units["ROEA"]  # the project's lead unit
    with pytest.raises(ValidationError) as err:
        services.save_evaluation(self_eval, by=planner, status="completed")
    assert "completion_date" in err.value.message_dict
    assert Evaluation.objects.count() == 2


def test_recommendation_without_an_owner_is_refused(evaluation, users, units):
    with pytest.raises(ValidationError) as err:
        services.save_recommendation(by=users["planning_officer"], evaluation=evaluation,
                                     text="Train prosecutors in every province.")
    assert "owner" in err.value.message_dict["owner_unit"][0]
    assert not Recommendation.objects.exists()
    by_person = services.save_recommendation(by=users["planning_officer"], evaluation=evaluation,
                                             text="Train prosecutors.", owner_person=users["programme_manager"])
    by_unit = services.save_recommendation(by=users["planning_officer"], evaluation=evaluation,
                                           text="Publish a handbook.", owner_unit=units["DO-JUS"])
    assert (by_person.number, by_unit.number) == (1, 2)
    assert by_person.owner == users["programme_manager"] and by_unit.owner == units["DO-JUS"]


def test_reason_required_when_rejected_or_partially_accepted(evaluation, users, units):
    rec = services.save_recommendation(by=users["planning_officer"], evaluation=evaluation, text="Double the budget.",
                                       owner_unit=units["ROEA"])
    for decision in ("rejected", "partially_accepted"):
        with pytest.raises(ValidationError) as err:
            services.record_response(rec, by=users["planning_officer"], decision=decision, reason=" ")
        assert "reason" in err.value.message_dict
    assert not ManagementResponse.objects.exists()
    response = services.record_response(rec, by=users["planning_officer"], decision="rejected",
                                        reason="Beyond the resources of the regular budget.")
    assert response.responded_by == users["planning_officer"]
    with pytest.raises(ValidationError) as err:  # a rejected recommendation takes no action
        services.save_action_item(by=users["planning_officer"], recommendation=rec, description="Ask donors",
                                  owner_unit=units["ROEA"], due_date=date(2011, 1, 1))
    assert "rejected" in err.value.message_dict["recommendation"][0]
    accepted = services.record_response(rec, by=users["planning_officer"], decision="accepted")
    assert accepted.pk == response.pk and ManagementResponse.objects.count() == 1


def test_action_item_needs_owner_and_due_date(evaluation, users, units):
    rec = services.save_recommendation(by=users["planning_officer"], evaluation=evaluation, text="Train prosecutors.",
                                       owner_unit=units["ROEA"])
    with pytest.raises(ValidationError) as err:
        services.save_action_item(by=users["planning_officer"], recommendation=rec, description="Plan trainings",
                                  due_date=date(2011, 1, 1))
    assert "owner_unit" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.save_action_item(by=users["planning_officer"], recommendation=rec, description="Plan trainings",
                                  owner_unit=units["ROEA"])
    assert "due_date" in err.value.message_dict
    assert not ActionItem.objects.exists()


def test_overdue_follow_up_is_listed_for_the_responsible_unit(evaluation, users, units):
    planner, today = users["planning_officer"], timezone.localdate()
    rec = services.save_recommendation(by=planner, evaluation=evaluation, text="Train prosecutors.",
                                       owner_unit=units["ROEA"])
    services.record_response(rec, by=planner, decision="accepted")
    late_unit = services.save_action_item(by=planner, recommendation=rec, description="Curriculum for prosecutors",
                                          owner_unit=units["ROEA-SOM"], due_date=today - timedelta(days=30))
    late_person = services.save_action_item(by=planner, recommendation=rec, description="Train 40 prosecutors",
                                            owner_person=users["programme_manager"], due_date=today - timedelta(days=1))
    services.save_action_item(by=planner, recommendation=rec, description="Evaluate the training",
                              owner_unit=units["ROEA"], due_date=today + timedelta(days=60))
    done = services.save_action_item(by=planner, recommendation=rec, description="Needs assessment",
                                     owner_unit=units["ROEA"], due_date=today - timedelta(days=90), status="done")
    hq = services.save_action_item(by=planner, recommendation=rec, description="Handbook", owner_unit=units["DO-JUS"],
                                   due_date=today - timedelta(days=10))
    assert done.completed_on == today
    overdue = list(selectors.overdue_items(users["reader"], unit=units["ROEA"]))
    assert overdue == [late_unit, late_person]  # the unit, the unit below it, and its people; oldest first
    assert list(selectors.overdue_items(users["reader"], unit=units["DO"])) == [hq]
    follow = selectors.follow_up(users["reader"], unit=units["ROEA"])
    assert len(follow["items"]) == 3 and not follow["waiting"]


def test_recommendations_waiting_for_a_response(evaluation, users, units):
    services.save_recommendation(by=users["planning_officer"], evaluation=evaluation, text="Share the curriculum.",
                                 owner_unit=units["ROEA-SOM"])
    waiting = selectors.follow_up(users["reader"], unit=units["ROEA"])["waiting"]
    assert [r.text for r in waiting] == ["Share the curriculum."]


def test_follow_up_page_and_api(client, evaluation, users, units):
    planner, today = users["planning_officer"], timezone.localdate()
    rec = services.save_recommendation(by=planner, evaluation=evaluation, text="Train prosecutors.",
                                       owner_unit=units["ROEA"])
    late = services.save_action_item(by=planner, recommendation=rec, description="Curriculum for prosecutors",
                                     owner_unit=units["ROEA"], due_date=today - timedelta(days=5))
    services.save_action_item(by=planner, recommendation=rec, description="Later step", owner_unit=units["ROEA"],
                              due_date=today + timedelta(days=5))
    client.force_login(users["programme_manager"])  # of ROEA: the page opens on their own unit
    page = client.get("/evaluation/follow-up/?overdue=1").content.decode()
    assert "Curriculum for prosecutors" in page and "Later step" not in page and "Overdue by" in page
    api = client.get("/api/v1/action-items?overdue=true&unit=ROEA").json()
    assert [a["id"] for a in api["results"]] == [late.pk] and api["results"][0]["overdue"] is True
    # the owner updates progress, but may not reassign
    response = client.post(f"/evaluation/actions/{late.pk}/edit/", with_version(
        client, f"/evaluation/actions/{late.pk}/edit/", {"status": "done", "progress_note": "Adopted",
                                                         "description": "changed", "due_date": "2030-01-01"}))
    assert response.status_code == 302
    late.refresh_from_db()
    assert (late.status, late.description, late.due_date) == ("done", "Curriculum for prosecutors",
                                                              today - timedelta(days=5))
    client.force_login(users["programme_manager_hq"])
    assert client.get(f"/evaluation/actions/{late.pk}/edit/").status_code == 403


def test_api_refuses_ownerless_recommendation_and_reasonless_rejection(client, evaluation, users):
    client.force_login(users["planning_officer"])
    bad = client.post("/api/v1/recommendations", {"evaluation": evaluation.pk, "text": "Do better"},
                      content_type="application/json")
    assert bad.status_code == 400 and "owner_unit" in bad.json()
    ok = client.post("/api/v1/recommendations", {"evaluation": evaluation.pk, "text": "Do better",
                                                 "owner_unit": "ROEA"}, content_type="application/json")
    assert ok.status_code == 201
    rid = ok.json()["id"]
    reasonless = client.post(f"/api/v1/recommendations/{rid}/response", {"decision": "partially_accepted"},
                             content_type="application/json")
    assert reasonless.status_code == 400 and "reason" in reasonless.json()
    answered = client.post(f"/api/v1/recommendations/{rid}/response",
                           {"decision": "partially_accepted", "reason": "Only in Kenya"},
                           content_type="application/json")
    assert answered.status_code == 200 and answered.json()["response"]["responded_by"] == "planner"
    client.force_login(users["programme_manager"])
    assert client.post(f"/api/v1/recommendations/{rid}/response", {"decision": "accepted"},
                       content_type="application/json").status_code == 403


def test_pages_for_planner_and_reader(client, evaluation, users, units):
    client.force_login(users["planning_officer"])
    bad = client.post(f"/evaluation/{evaluation.pk}/recommendations/new/", {"text": "Ownerless"})
    assert bad.status_code == 200 and "Name an owner" in bad.content.decode()
    assert client.post(f"/evaluation/{evaluation.pk}/recommendations/new/",
                       {"text": "Owned", "owner_unit": units["ROEA"].pk}).status_code == 302
    rec = Recommendation.objects.get(text="Owned")
    refused = client.post(f"/evaluation/recommendations/{rec.pk}/response/", {"decision": "rejected",
                                                                              "responded_on": "2010-08-01"})
    assert refused.status_code == 200 and "Give the reason" in refused.content.decode()
    detail = client.get(f"/evaluation/{evaluation.pk}/").content.decode()
    assert "Awaiting response" in detail and "Training reached judges" in detail
    client.force_login(users["reader"])
    assert client.get(f"/evaluation/{evaluation.pk}/").status_code == 200
    assert client.get(f"/evaluation/{evaluation.pk}/recommendations/new/").status_code == 403
    assert client.get("/evaluation/new/").status_code == 403


def test_external_visibility(client, evaluation, projects, users, units):
    services.save_evaluation(by=users["planning_officer"], title="Ongoing evaluation in Peru", subject="project",
                             modality="independent", project=projects["peru"], status="ongoing")
    draft = services.save_evaluation(by=users["planning_officer"], title="Internal review in Kenya",
                                     subject="project", modality="self", project=projects["kenya"], is_public=False)
    client.force_login(users["member_state_reader"])  # Kenya
    titles = {e["title"] for e in client.get("/api/v1/evaluations").json()["results"]}
    assert titles == {evaluation.title, draft.title}
    assert client.get("/api/v1/action-items").status_code == 403
    client.logout()
    titles = {e["title"] for e in client.get("/api/v1/evaluations").json()["results"]}
    assert titles == {evaluation.title}  # completed and published only
    assert client.get(f"/evaluation/{draft.pk}/").status_code == 404


def test_list_queries_do_not_grow(client, projects, users, units, django_assert_max_num_queries):
    for i in range(40):
        ev = services.save_evaluation(by=users["planning_officer"], title=f"Evaluation {i:02}", subject="project",
                                      modality="self", project=projects["kenya"])
        services.save_recommendation(by=users["planning_officer"], evaluation=ev, text="Do it",
                                     owner_unit=units["ROEA"])
    client.force_login(users["reader"])
    with django_assert_max_num_queries(8):
        assert client.get("/evaluation/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/api/v1/evaluations?page_size=100").json()["count"] == 40


def test_an_owner_updates_progress_not_the_assignment_through_the_api_too(client, evaluation, users, units):
    """The form's rule lives in the service: PATCH /api/v1/action-items/N/ by the owner cannot move
    the owner unit, the owner or the due date (issue 14), but can report progress."""
    from mandates.people import permissions

    rec = services.save_recommendation(by=users["planning_officer"], evaluation=evaluation, text="Train prosecutors.",
                                       owner_unit=units["ROEA"])
    item = services.save_action_item(by=users["planning_officer"], recommendation=rec, description="Plan trainings",
                                     owner_unit=units["ROEA"], due_date=date(2011, 1, 1))
    owner = users["programme_manager"]
    assert permissions.can(owner, "change", item) and not permissions.can(owner, "change", evaluation)
    client.force_login(owner)
    for change in ({"owner_unit": units["DO-JUS"].pk}, {"due_date": "2030-01-01"}, {"description": "Nothing"},
                   {"owner_person": users["reader"].pk}):
        answer = client.patch(f"/api/v1/action-items/{item.pk}/", change, content_type="application/json",
                              HTTP_IF_MATCH="*")
        assert answer.status_code in (400, 403), (change, answer.content)
    item.refresh_from_db()
    assert (item.owner_unit, item.due_date, item.description, item.owner_person) == (
        units["ROEA"], date(2011, 1, 1), "Plan trainings", None)
    answer = client.patch(f"/api/v1/action-items/{item.pk}/", {"status": "in_progress", "progress_note": "Half done"},
                          content_type="application/json", HTTP_IF_MATCH="*")
    assert answer.status_code == 200, answer.content
    item.refresh_from_db()
    assert item.status == "in_progress" and item.progress_note == "Half done"
    with pytest.raises(ValidationError) as err:
        services.save_action_item(item, by=owner, due_date=date(2031, 1, 1))
    assert "due_date" in err.value.message_dict
    # The evaluation's manager still reassigns.
    services.save_action_item(item, by=users["planning_officer"], owner_unit=units["DO-JUS"])


def test_follow_up_unit_filter_is_a_type_ahead_on_the_persons_unit(client, users, units):
    client.force_login(users["programme_manager"])  # of ROEA: the filter opens on their own unit
    page = client.get("/evaluation/follow-up/").content.decode()
    assert 'list="unit-choices"' in page and 'value="ROEA"' in page
    assert '<option value="DO-JUS"' not in page  # no list of every work unit
