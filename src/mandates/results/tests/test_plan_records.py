"""The implementation plan's shortcuts give the same figures as the full reading: indicators read as
plain records (``plan.indicators.PlanIndicator``) and activities only counted while the finance
records hold the money."""
from decimal import Decimal

from mandates.results import selectors, services
from mandates.results.models import Indicator
from mandates.results.plan import implementation_plan

from .test_plan import portfolio, rows_by_code  # noqa: F401 (the plan tests' portfolio fixture)


def test_indicator_records_show_what_the_model_instances_show(portfolio, strategy, users):  # noqa: F811
    project, output = portfolio["kenya"], portfolio["trained"].output
    services.save_indicator(by=users["planning_officer"], outcome=output.outcome, title="Cases handled",
                            kind="percentage", targets={2010: 50, 2011: 80})
    plan = implementation_plan(users["planning_officer"], strategy["period"])
    shown = [i for row in plan.rows for i in row.indicators]
    assert {i["indicator"].level for i in shown} == {"result", "outcome", "output"}
    models = {i.pk: i for i in Indicator.objects.filter(pk__in=[i["indicator"].pk for i in shown])}
    series = selectors.series_for(models.values(), recorded_by=plan.as_of)
    for item in shown:
        record, model = item["indicator"], models[item["indicator"].pk]
        for name in ("pk", "code", "title", "level", "level_label", "is_quantitative", "follows_deliveries",
                     "years", "unit_label", "result_id", "outcome_id", "output_id"):
            assert getattr(record, name) == getattr(model, name), name
        assert str(record) == str(model)
        assert item["progress"] == series[model.pk].progress
        assert item["last_year"] == series[model.pk].last_actual_year()
    assert project.pk in {p["id"] for p in rows_by_code(plan)["1.4.3"].projects}


def test_activities_are_counted_the_same_once_finance_holds_the_money(portfolio, strategy, users):  # noqa: F811
    from mandates.finance.services import load_fund_structure, revise_budget

    before = implementation_plan(users["planning_officer"], strategy["period"])
    assert before.source == "planned_cost"
    load_fund_structure()
    revise_budget(project=portfolio["kenya"], by=users["finance_officer"], lines=[
        {"segment": "CPCJF-SP", "year": 2009, "budget_class": "travel", "amount": "1000.00"}])
    after = implementation_plan(users["planning_officer"], strategy["period"])
    assert after.source == "finance" and after.conversions == []
    assert rows_by_code(after)["1.4.3"].budget == {"USD": Decimal("1000.00")}
    for code, row in rows_by_code(before).items():
        again = rows_by_code(after)[code]
        assert again.activity_count == row.activity_count
        assert [(o["id"], o["activities"]) for o in again.outputs] == [(o["id"], o["activities"]) for o in row.outputs]
    assert rows_by_code(after)["1.4.3"].activity_count == 1
