"""Indicators and reported values: bad input refused with clear errors and nothing half-saved;
the approval workflow records who and why."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mandates.core.lifecycle import status_changes_for
from mandates.results import services
from mandates.results.models import DisaggregatedValue, Indicator, IndicatorValue


@pytest.fixture
def officials_share(kenya_project, users):
    """% of trained officials who pass the test: a percentage broken down by sex, which must add up."""
    _project, output = kenya_project
    return services.save_indicator(
        by=users["planning_officer"], output=output, title="Share of trained officials passing the test",
        kind="percentage", start_year=2008, end_year=2011, disaggregate_by=["sex"], disaggregation_must_add_up=True,
    )


@pytest.fixture
def laws(strategy, users):
    """Number of States with new legislation, at expected-result level."""
    return services.save_indicator(by=users["planning_officer"], result=strategy["1.1.2"], kind="number",
                                   unit="States", title="States with legislation in line with the conventions",
                                   aggregation="latest", targets={2009: 10, 2011: 25})


def test_indicator_gets_its_project_and_default_range(kenya_project, users):
    project, output = kenya_project
    indicator = services.save_indicator(by=users["programme_manager"], output=output, title="Officials trained")
    assert indicator.project == project
    assert (indicator.start_year, indicator.end_year) == (2008, 2011)
    assert indicator.level == "output"


def test_indicator_must_measure_an_expected_result_not_a_theme(strategy, users):
    with pytest.raises(ValidationError) as err:
        services.save_indicator(by=users["planning_officer"], result=strategy["1.1"], title="Anything")
    assert "result" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.save_indicator(by=users["planning_officer"], title="Measures nothing")
    assert "result" in err.value.message_dict
    assert not Indicator.objects.exists()


def test_amount_needs_a_currency(laws, users, strategy):
    with pytest.raises(ValidationError) as err:
        services.save_indicator(by=users["planning_officer"], result=strategy["1.1.1"], title="Funds mobilised",
                                kind="amount")
    assert "currency" in err.value.message_dict


def test_value_outside_the_indicator_range_is_refused(laws, users):
    with pytest.raises(ValidationError) as err:
        services.record_value(laws, by=users["planning_officer"], year=2013, value=30)
    assert "outside the indicator's range (2008-2011)" in err.value.message_dict["year"][0]
    with pytest.raises(ValidationError):
        services.set_targets(laws, by=users["planning_officer"], targets={2007: 5})
    assert not IndicatorValue.objects.exists()
    assert sorted(laws.targets.values_list("year", flat=True)) == [2009, 2011]


def test_percentage_above_100_refused_unless_the_indicator_allows_it(officials_share, users):
    with pytest.raises(ValidationError) as err:
        services.record_value(officials_share, by=users["programme_manager"], year=2009, value="104.5",
                              disaggregation=[("sex", "female", "50"), ("sex", "male", "54.5")])
    assert "above 100" in err.value.message_dict["value"][0]
    assert not IndicatorValue.objects.exists()
    growth = services.save_indicator(by=users["planning_officer"], output=officials_share.output, kind="percentage",
                                     title="Growth of seizures", allow_above_100=True)
    assert services.record_value(growth, by=users["programme_manager"], year=2009, value=140).value == 140


def test_disaggregation_that_does_not_add_up_is_refused_and_nothing_is_saved(officials_share, users):
    with pytest.raises(ValidationError) as err:
        services.record_value(officials_share, by=users["programme_manager"], year=2009, value=80,
                              disaggregation=[("sex", "female", 30), ("sex", "male", 45)])
    assert "adds up to 75, not to the value of 80" in err.value.message_dict["disaggregation"][0]
    with pytest.raises(ValidationError) as err:  # required dimension missing
        services.record_value(officials_share, by=users["programme_manager"], year=2009, value=80)
    assert "must be broken down by sex" in err.value.message_dict["disaggregation"][0]
    with pytest.raises(ValidationError) as err:  # unknown category
        services.record_value(officials_share, by=users["programme_manager"], year=2009, value=80,
                              disaggregation=[("sex", "robot", 80)])
    assert "not a category of sex" in err.value.message_dict["disaggregation"][0]
    assert not IndicatorValue.objects.exists() and not DisaggregatedValue.objects.exists()
    ok = services.record_value(officials_share, by=users["programme_manager"], year=2009, value=80,
                               disaggregation=[("sex", "female", 35), ("sex", "male", 45)])
    assert sorted(ok.breakdown.values_list("category", "amount")) == [("female", 35), ("male", 45)]


def test_failed_correction_keeps_the_previous_value_and_breakdown(officials_share, users):
    first = services.record_value(officials_share, by=users["programme_manager"], year=2010, value=60,
                                  disaggregation=[("sex", "female", 20), ("sex", "male", 40)])
    with pytest.raises(ValidationError):
        services.record_value(officials_share, by=users["programme_manager"], year=2010, value=70,
                              disaggregation=[("sex", "female", 20), ("sex", "male", 40)])
    first.refresh_from_db()
    assert first.value == 60 and first.breakdown.count() == 2


def test_approval_workflow_records_who_and_the_comment(laws, users):
    pm, planner = users["programme_manager_hq"], users["planning_officer"]
    value = services.record_value(laws, by=pm, year=2009, value=7)
    assert value.status == "submitted" and value.submitted_by == pm

    with pytest.raises(ValidationError) as err:
        services.review_value(value, by=planner, action="return", comment="  ")
    assert "comment" in err.value.message_dict
    services.review_value(value, by=planner, action="return", comment="Source document missing")
    value.refresh_from_db()
    assert value.status == "returned" and value.review_comment == "Source document missing"

    services.record_value(laws, by=pm, year=2009, value=8, note="Official gazette, March 2009")
    value.refresh_from_db()
    assert value.status == "submitted" and value.value == 8

    with pytest.raises(ValidationError):  # four eyes: the submitter does not approve
        services.review_value(value, by=pm, action="approve")
    services.review_value(value, by=planner, action="approve", comment="Checked against the gazette")
    value.refresh_from_db()
    assert value.status == "approved" and value.approved_by == planner and value.approved_at is not None

    changes = list(status_changes_for(value))
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("submitted", "returned"), ("returned", "submitted"), ("submitted", "approved")]
    assert changes[0].changed_by == planner and changes[0].comment == "Source document missing"
    assert changes[2].comment == "Checked against the gazette"

    with pytest.raises(ValidationError) as err:
        services.record_value(laws, by=pm, year=2009, value=9)
    assert "approved" in err.value.message_dict["year"][0]
    value.refresh_from_db()
    assert value.value == 8


def test_only_approved_values_count_for_progress(laws, users):
    from mandates.results.selectors import series_for

    value = services.record_value(laws, by=users["programme_manager_hq"], year=2009, value=9)
    assert series_for([laws])[laws.pk].progress.status == "no_data"
    services.review_value(value, by=users["planning_officer"], action="approve")
    progress = series_for([laws])[laws.pk].progress
    assert progress.status == "on_track" and progress.share == Decimal("0.9")


def test_typed_value_refused_when_actuals_follow_from_deliveries(kenya_project, users):
    _project, output = kenya_project
    trained = services.save_indicator(by=users["programme_manager"], output=output, title="Officials trained",
                                      actual_source="delivery_participants")
    with pytest.raises(ValidationError) as err:
        services.record_value(trained, by=users["programme_manager"], year=2009, value=100)
    assert "record a delivery" in err.value.message_dict["value"][0]


def test_range_cannot_shrink_below_existing_values(laws, users):
    services.record_value(laws, by=users["planning_officer"], year=2010, value=3)
    with pytest.raises(ValidationError) as err:
        services.save_indicator(laws, by=users["planning_officer"], end_year=2009)
    assert "2010" in err.value.message_dict["start_year"][0] and "2011" in err.value.message_dict["start_year"][0]
    laws.refresh_from_db()
    assert laws.end_year == 2011


def test_qualitative_value_needs_narrative_and_rating(strategy, users):
    indicator = services.save_indicator(by=users["planning_officer"], result=strategy["2.1.1"], kind="qualitative",
                                        title="Quality of the World Drug Report")
    with pytest.raises(ValidationError) as err:
        services.record_value(indicator, by=users["programme_manager"], year=2009, text="Published", rating="")
    assert "rating" in err.value.message_dict
    value = services.record_value(indicator, by=users["programme_manager"], year=2009, text="Published on time",
                                  rating="at_risk")
    assert value.value is None and value.rating == "at_risk"
