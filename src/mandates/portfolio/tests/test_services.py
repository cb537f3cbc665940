"""Validation of the portfolio's services: each bad input is refused per field, and nothing is saved."""
import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from mandates.portfolio import services
from mandates.portfolio.models import Activity, Outcome, Output, Programme, Project, ProjectLocation

from .conftest import area, country

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(field, call, *args, **kwargs):
    """Run a service expecting a refusal on ``field``; assert nothing was written; return the messages."""
    before = (LogEntry.objects.count(), Project.objects.count(), Programme.objects.count(),
              ProjectLocation.objects.count(), Outcome.objects.count(), Output.objects.count(),
              Activity.objects.count())
    with pytest.raises(ValidationError) as info:
        call(*args, **kwargs)
    errors = info.value.message_dict
    assert field in errors, errors
    after = (LogEntry.objects.count(), Project.objects.count(), Programme.objects.count(),
             ProjectLocation.objects.count(), Outcome.objects.count(), Output.objects.count(),
             Activity.objects.count())
    assert after == before, "a refused write must save nothing"
    return " ".join(errors[field])


def programme_fields(strategy, units, **extra):
    return {"code": "GP-ML", "title": "Global Programme against Money-Laundering", "kind": "global",
            "strategy_period": strategy["period"], "start_date": D(2008, 1, 1), "end_date": D(2011, 12, 31),
            "lead_unit": units["DO-OCB"], **extra}


# --- dates and codes --------------------------------------------------------------------------------------

def test_end_date_before_start_refused_for_programme_and_project(strategy, units, users, make_project):
    by = users["planning_officer"]
    msg = refused("end_date", services.create_programme, by=by,
                  **programme_fields(strategy, units, end_date=D(2007, 12, 31)))
    assert "before the start date" in msg
    refused("end_date", make_project, "XAM01", start_date=D(2010, 1, 1), end_date=D(2009, 1, 1))


def test_duplicate_codes_refused_at_every_level(strategy, units, users, programme, project):
    by = users["planning_officer"]
    assert "already used" in refused("code", services.create_programme, by=by,
                                     **programme_fields(strategy, units, code="rp-eaf"))
    refused("code", services.create_project, by=by, code="XEAX20", title="Other", objective="x",
            strategy_period=strategy["period"], lead_unit=units["ROEA"], start_date=D(2009, 1, 1),
            end_date=D(2009, 12, 31))
    refused("code", services.add_component, programme, by=by, code="SP1", title="Again")
    outcome = project.outcomes.get()
    output = outcome.outputs.get()
    refused("code", services.add_outcome, project, by=by, code="OC1", title="Again")
    refused("code", services.add_output, outcome, by=by, code="OP1.1", title="Again")
    refused("code", services.add_activity, output, by=by, code="A1.1.1", title="Again")
    # The same codes are fine under another parent.
    other = services.add_outcome(project, by=by, code="OC2", title="Another outcome")
    assert services.add_output(other, by=by, code="OP1.1", title="Same code, other outcome").pk


def test_update_keeps_own_code_but_refuses_anothers(make_project, users):
    first, second = make_project("XAM01"), make_project("XAM02")
    assert services.update_project(first, by=users["planning_officer"], code="XAM01", title="Renamed").title == "Renamed"
    refused("code", services.update_project, second, by=users["planning_officer"], code="XAM01")


# --- expected results ---------------------------------------------------------------------------------------

def test_result_of_another_period_refused(strategy, units, users, make_project):
    msg = refused("results", services.create_programme, by=users["planning_officer"],
                  **programme_fields(strategy, units, results=[strategy["SP1.a"]]))
    assert "SP1.a" in msg and "2012-2015" in msg
    refused("results", make_project, "XAM01", results=[strategy["SP1.b"]])


def test_node_above_the_result_level_refused(strategy, units, users, make_project, project):
    msg = refused("results", make_project, "XAM01", results=[strategy["1.2"]])
    assert "result area" in msg  # the period's own name for that level
    refused("results", services.update_programme, Programme.objects.get(code="RP-EAF"),
            by=users["planning_officer"], results=[strategy["1"]])
    refused("results", services.add_outcome, project, by=users["planning_officer"], code="OC9", title="x",
            results=[strategy["1.1"]])
    refused("results", make_project, "XAM02", results=[strategy["M.1"]])


def test_results_follow_each_periods_own_tree(strategy, make_project):
    """In a two-level period the second level holds the results; its top level does not."""
    made = make_project("XSP01", strategy_period=strategy["new_period"], results=[strategy["SP1.a"]],
                        start_date=D(2012, 1, 1), end_date=D(2013, 12, 31))
    assert list(made.results.values_list("code", flat=True)) == ["SP1.a"]
    assert "subprogramme" in refused("results", make_project, "XSP02", strategy_period=strategy["new_period"],
                                     results=[strategy["SP1"]])


def test_changing_period_must_not_strand_linked_results(project, strategy, users):
    refused("results", services.update_project, project, by=users["planning_officer"],
            strategy_period=strategy["new_period"])
    assert "another strategy period" in refused(
        "strategy_period", services.update_project, project, by=users["planning_officer"],
        strategy_period=strategy["new_period"], results=[strategy["SP1.a"]])


# --- programme and component --------------------------------------------------------------------------------

def test_component_of_another_programme_refused(strategy, units, users, programme, make_project):
    other = services.create_programme(by=users["planning_officer"], **programme_fields(strategy, units))
    msg = refused("component", make_project, "XAM01", programme=other, component=programme.components.get())
    assert "RP-EAF" in msg and "GP-ML" in msg


def test_period_defaults_to_the_programmes(programme, make_project, strategy):
    made = make_project("XAM01", programme=programme, strategy_period=None)
    assert made.strategy_period == strategy["period"]


def test_project_needs_a_period_when_no_programme(make_project):
    refused("strategy_period", make_project, "XAM01", strategy_period=None)


# --- locations and partners -----------------------------------------------------------------------------------

@pytest.mark.parametrize("location", [
    {"country": "KEN", "area": "014"},  # both
    {},  # neither
])
def test_location_is_a_country_xor_an_area(make_project, location):
    loc = {}
    if "country" in location:
        loc["country"] = country(location["country"])
    if "area" in location:
        loc["area"] = area(location["area"])
    assert "not both" in refused("locations", make_project, "XAM01", locations=[loc])


def test_duplicate_location_refused(make_project):
    assert "twice" in refused("locations", make_project, "XAM01",
                              locations=[{"country": country("KEN")}, {"country": country("KEN")}])


def test_location_percentages_cannot_exceed_100(make_project):
    msg = refused("locations", make_project, "XAM01", locations=[
        {"country": country("KEN"), "percentage": Decimal("60")},
        {"country": country("SOM"), "percentage": Decimal("50")},
    ])
    assert "110" in msg
    made = make_project("XAM02", locations=[{"country": country("KEN"), "percentage": 60},
                                            {"area": area("001"), "percentage": 40}])
    assert sorted(str(loc) for loc in made.locations.all()) == ["Global", "Kenya"]


def test_updating_locations_replaces_them_and_audits_each_change(make_project, users):
    made = make_project("XAM01", locations=[{"country": country("KEN")}, {"country": country("SOM")}])
    services.update_project(made, by=users["programme_manager"],
                            locations=[{"country": country("KEN"), "percentage": 70}, {"area": area("014")}])
    assert {(loc.country_id and loc.country.iso3) or loc.area.m49_code: loc.percentage
            for loc in made.locations.all()} == {"KEN": Decimal("70"), "014": None}
    entries = LogEntry.objects.filter(content_type__model="projectlocation", actor=users["programme_manager"])
    assert {e.action for e in entries} == {LogEntry.Action.DELETE, LogEntry.Action.UPDATE, LogEntry.Action.CREATE}


def test_unknown_partner_role_and_duplicate_partner_refused(make_project, partners):
    refused("partners", make_project, "XAM01", partners=[(partners["UNDP"], "donor")])
    refused("partners", make_project, "XAM02", partners=[(partners["UNDP"], "funding"), (partners["UNDP"], "funding")])


# --- activities and money ---------------------------------------------------------------------------------------

def test_activity_dates_must_fall_within_the_project(project, users):
    output = Output.objects.get(outcome__project=project)
    msg = refused("start_date", services.add_activity, output, by=users["planning_officer"], code="A9",
                  title="Too early", start_date=D(2008, 6, 1))
    assert "within the project's dates" in msg
    refused("end_date", services.add_activity, output, by=users["planning_officer"], code="A9", title="Too late",
            start_date=D(2011, 6, 1), end_date=D(2012, 6, 1))
    refused("end_date", services.add_activity, output, by=users["planning_officer"], code="A9", title="Backwards",
            start_date=D(2010, 6, 1), end_date=D(2010, 5, 1))


def test_shortening_the_project_must_not_strand_activities(project, users):
    msg = refused("end_date", services.update_project, project, by=users["planning_officer"],
                  end_date=D(2009, 3, 3))
    assert "A1.1.1" in msg


def test_negative_cost_and_unknown_currency_refused(project, users):
    output = Output.objects.get(outcome__project=project)
    by = users["planning_officer"]
    assert "negative" in refused("planned_cost", services.add_activity, output, by=by, code="A9", title="x",
                                 planned_cost=Decimal("-1"))
    assert "ISO 4217" in refused("currency", services.add_activity, output, by=by, code="A9", title="x",
                                 currency="XXY")
    activity = services.add_activity(output, by=by, code="A9", title="Euro workshop", planned_cost=Decimal("10"),
                                     currency="eur")
    assert activity.currency == "EUR"
    refused("currency", services.update_activity, activity, by=by, currency="EURO")


def test_activity_in_a_country_or_an_area_not_both(project, users):
    output = Output.objects.get(outcome__project=project)
    refused("area", services.add_activity, output, by=users["planning_officer"], code="A9", title="x",
            country=country("KEN"), area=area("014"))


# --- audit ------------------------------------------------------------------------------------------------------

def test_update_is_audited_with_before_and_after_and_the_person(project, users, strategy):
    services.update_project(project, by=users["programme_manager"], title="Piracy trials support",
                            results=[strategy["1.1.1"], strategy["1.2.1"]])
    entries = LogEntry.objects.get_for_object(project).filter(actor=users["programme_manager"])
    changes = [e.changes_dict for e in entries]
    title_change = next(c["title"] for c in changes if "title" in c)
    assert title_change == ["Maritime crime programme: piracy trials support", "Piracy trials support"]
    m2m = next(c["results"] for c in changes if "results" in c)
    assert m2m["type"] == "m2m" and m2m["operation"] == "add" and any("1.2.1" in o for o in m2m["objects"])


def test_logframe_rows_name_their_project_in_the_audit_trail(project, users):
    activity = Activity.objects.get(output__outcome__project=project)
    services.delete_logframe_item(activity, by=users["programme_manager"])
    entry = LogEntry.objects.get(content_type__model="activity", action=LogEntry.Action.DELETE)
    assert entry.additional_data == {"project_id": project.pk}
    assert entry.actor == users["programme_manager"]


def test_update_activity_records_cost_change(project, users):
    activity = Activity.objects.get(output__outcome__project=project)
    services.update_activity(activity, by=users["programme_manager"], planned_cost=Decimal("15000.50"))
    entry = LogEntry.objects.get_for_object(activity).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["planned_cost"] == ["12500.00", "15000.50"]


# --- deleting -------------------------------------------------------------------------------------------------

def test_project_deleted_only_while_draft(make_project, users):
    draft = make_project("XAM01")
    services.delete_project(draft, by=users["administrator"])
    assert not Project.objects.filter(code="XAM01").exists()
    cancelled = make_project("XAM02")
    services.transition(cancelled, "cancel", by=users["planning_officer"], comment="Donor withdrew")
    assert "draft" in refused("status", services.delete_project, cancelled, by=users["administrator"])


def test_deleting_an_outcome_takes_its_outputs_and_activities(project, users):
    services.delete_logframe_item(project.outcomes.get(), by=users["planning_officer"])
    assert not Output.objects.filter(outcome__project=project).exists()
    assert not Activity.objects.filter(output__outcome__project=project).exists()

