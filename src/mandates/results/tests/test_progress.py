"""The documented progress rules (data/progress_rules.yaml), on plain numbers."""
from decimal import Decimal as D

import pytest

from mandates.results.progress import compute, thresholds


def level(actual, target, baseline=None, **kw):
    return compute(kind="number", aggregation="latest", baseline=baseline, targets={2010: target},
                   actuals={2010: actual}, **kw)


def test_thresholds_come_from_the_data_file():
    assert thresholds() == (D("0.90"), D("0.60"))


@pytest.mark.parametrize("actual, status", [
    (D(100), "on_track"), (D(90), "on_track"), (D("89.99"), "at_risk"), (D(60), "at_risk"),
    (D("59.9"), "off_track"), (D(0), "off_track"), (D(150), "on_track"),
])
def test_status_bands(actual, status):
    assert level(actual, D(100)).status == status


def test_baseline_is_taken_into_account_and_works_for_decreasing_indicators():
    # from 40 towards 80: 70 is 75 % of the way
    assert level(D(70), D(80), baseline=D(40)).share == D("0.75")
    # pre-trial detention from 60 % down to 30 %: 36 % is 80 % of the way -> at risk
    p = level(D(36), D(30), baseline=D(60))
    assert p.share == D("0.8") and p.status == "at_risk"


def test_no_data_without_actual_or_target_or_with_zero_target():
    assert compute(kind="number", aggregation="latest", baseline=None, targets={2010: D(5)}, actuals={}).status == "no_data"
    assert compute(kind="number", aggregation="latest", baseline=None, targets={}, actuals={2010: D(5)}).status == "no_data"
    assert level(D(5), D(0)).status == "no_data"


def test_sum_indicators_compare_totals_to_date():
    p = compute(kind="number", aggregation="sum", baseline=None, targets={2008: D(500), 2009: D(500), 2010: D(500)},
                actuals={2008: D(400), 2009: D(350)})
    assert (p.year, p.actual, p.target, p.status) == (2009, D(750), D(1000), "at_risk")
    # as of 2010, nothing new was delivered: 750 of 1500
    p2010 = compute(kind="number", aggregation="sum", baseline=None, targets={2008: D(500), 2009: D(500), 2010: D(500)},
                    actuals={2008: D(400), 2009: D(350)}, as_of_year=2010)
    assert (p2010.actual, p2010.target, p2010.status) == (D(750), D(1500), "off_track")


def test_level_indicators_use_the_latest_actual_and_the_target_of_its_year():
    p = compute(kind="number", aggregation="latest", baseline=None, targets={2009: D(10), 2011: D(25)},
                actuals={2009: D(10), 2010: D(12)})
    assert (p.year, p.actual, p.target, p.status) == (2010, D(12), D(10), "on_track")


def test_qualitative_indicators_take_the_latest_rating():
    p = compute(kind="qualitative", aggregation="latest", baseline=None, targets={}, actuals={},
                ratings={2008: "on_track", 2010: "off_track"})
    assert (p.status, p.year) == ("off_track", 2010)
