"""The implementation plan matrix: one row per expected result, columns (a)-(f), gaps, filters,
the finance seam, and a bounded number of queries whatever the size of the portfolio."""
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.results import services
from mandates.results.plan import implementation_plan

from .conftest import make_period


@pytest.fixture
def portfolio(build, kenya_project, strategy, units, users, country):
    """1.4.3 fully served; 1.1.2 named by a project with no indicator and no money; 2.1.1 has only an
    old indicator value; 1.1.1 has nothing."""
    project, output = kenya_project
    trained = services.save_indicator(by=users["planning_officer"], output=output, title="Officials trained",
                                      actual_source="delivery_participants", targets={2011: 100})
    services.save_delivery(by=users["programme_manager"], kind="workshop", title="Workshop", project=project,
                           start_date=date(2011, 3, 1), participants=40, indicators=[trained])
    legal = build.project("GLOJ01", units["DO-JUS"], results=[strategy["1.1.2"]], areas=[_world()])
    build.logframe(legal)  # an output naming no result, an activity costing nothing
    trends = services.save_indicator(by=users["planning_officer"], result=strategy["2.1.1"], title="Reports issued",
                                     targets={2008: 2})
    old = services.record_value(trends, by=users["programme_manager"], year=2008, value=2)
    services.review_value(old, by=users["planning_officer"], action="approve")
    return {"kenya": project, "legal": legal, "trained": trained, "trends": trends}


def _world():
    from mandates.geography.models import Area
    return Area.objects.get(level="world")


def rows_by_code(plan):
    return {row.result.code: row for row in plan.rows}


def test_one_row_per_expected_result_grouped_by_theme_and_result_area(portfolio, strategy, users):
    plan = implementation_plan(users["planning_officer"], strategy["period"])
    assert [r.result.code for r in plan.rows] == ["1.1.1", "1.1.2", "1.4.3", "2.1.1"]
    assert [g["theme"].code for g in plan.groups] == ["1", "2"]
    assert [a["area"].code for a in plan.groups[0]["areas"]] == ["1.1", "1.4"]
    assert rows_by_code(plan)["1.4.3"].theme == strategy["1"]


def test_columns_a_to_f(portfolio, strategy, users):
    row = rows_by_code(implementation_plan(users["planning_officer"], strategy["period"]))["1.4.3"]
    assert [o["code"] for o in row.outputs] == ["OP1"] and row.activity_count == 1  # (a)
    assert row.budget == {"USD": Decimal("120000.00")} and row.expenditure is None  # (b) planned cost
    assert row.countries == ["Kenya"] and not row.is_global  # (c)
    assert [u["code"] for u in row.units] == ["ROEA"]  # (d)
    assert [p["code"] for p in row.projects] == ["XEAK01"]  # (e)
    assert [(i["indicator"].title, i["progress"].status) for i in row.indicators] == [
        ("Officials trained", "off_track")]  # (f): 40 of 100


def test_gaps_are_marked(portfolio, strategy, users):
    rows = rows_by_code(implementation_plan(users["planning_officer"], strategy["period"]))
    assert rows["1.4.3"].gaps == []
    assert rows["1.1.1"].gaps == ["no_project", "no_indicator", "no_money", "no_recent_data"]
    assert rows["1.1.2"].gaps == ["no_indicator", "no_money", "no_recent_data"]
    assert rows["1.1.2"].is_global and rows["1.1.2"].activity_count == 1
    assert rows["2.1.1"].gaps == ["no_project", "no_money", "no_recent_data"]
    # the 2008 value is recent when the plan is read for 2009
    assert "no_recent_data" not in rows_by_code(implementation_plan(
        users["planning_officer"], strategy["period"], year=2009))["2.1.1"].gaps


def test_filters(portfolio, strategy, users, units, country):
    planner, period = users["planning_officer"], strategy["period"]
    in_kenya = rows_by_code(implementation_plan(planner, period, country=country("KEN")))
    assert in_kenya["1.4.3"].projects and not in_kenya["1.1.2"].projects
    eastern_africa = country("KEN").sub_region
    assert rows_by_code(implementation_plan(planner, period, region=eastern_africa))["1.4.3"].projects
    assert not rows_by_code(implementation_plan(planner, period, country=country("PER")))["1.4.3"].projects
    by_unit = rows_by_code(implementation_plan(planner, period, work_unit=units["DO"]))
    assert by_unit["1.1.2"].projects and not by_unit["1.4.3"].projects
    themed = implementation_plan(planner, period, theme=strategy["2"])
    assert [r.result.code for r in themed.rows] == ["2.1.1"]
    assert not rows_by_code(implementation_plan(planner, period, year=2007 + 5))["1.4.3"].projects  # 2012: ended


def test_another_period_tree_is_read_from_its_own_levels(db, users):
    period, nodes = make_period(code="2012-2015", start=2012, end=2015, levels=["sub-programme", "expected accomplishment"],
                                tree={"SP1": ("Countering transnational organized crime", {
                                    "SP1.a": ("Enhanced capacity", {}), "SP1.b": ("Better cooperation", {})})})
    plan = implementation_plan(users["planning_officer"], period)
    assert [r.result.code for r in plan.rows] == ["SP1.a", "SP1.b"]
    assert plan.rows[0].theme.code == "SP1" and plan.rows[0].area is None


def test_money_comes_from_the_finance_records_to_the_cent(portfolio, strategy, users, client):
    """Real budgets and ERP expenditure: the plan's (b) equals the project's finance tab and the API."""
    import io

    from mandates.finance.selectors import project_finance
    from mandates.finance.services import import_exchange_rates, import_expenditure, load_fund_structure, revise_budget

    load_fund_structure()
    rates = "month,currency,units_per_usd\n" + "".join(f"2009-{m:02d},EUR,0.7300\n" for m in range(1, 13))
    import_exchange_rates(io.BytesIO(rates.encode()), by=None, file_name="rates.csv")
    kenya = portfolio["kenya"]
    plan = implementation_plan(users["planning_officer"], strategy["period"])
    assert plan.source == "planned_cost"  # nothing recorded yet: the planned cost of activities
    assert rows_by_code(plan)["1.4.3"].budget == {"USD": Decimal("120000.00")}

    finance_officer = users["finance_officer"]
    revise_budget(project=kenya, by=finance_officer, lines=[
        {"segment": "CPCJF-SP", "year": 2009, "budget_class": "travel", "amount": "250000.10"},
        {"segment": "CPCJF-SP", "year": 2009, "budget_class": "training", "amount": "99999.95"}])
    erp = ("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,contribution_ref,"
           "work_unit_code,description\n"
           f"JV-9,1,2009-04-30,disbursement,CPCJF-SP,{kenya.code},travel,USD,12345.67,,,Workshop\n"
           f"JV-9,2,2009-05-31,disbursement,CPCJF-SP,{kenya.code},training,EUR,1000.01,,,Training\n")
    import_expenditure(io.BytesIO(erp.encode()), by=finance_officer, file_name="erp.csv")

    tab = project_finance(finance_officer, kenya)["total"]
    plan = implementation_plan(users["planning_officer"], strategy["period"])
    row = rows_by_code(plan)["1.4.3"]
    assert plan.source == "finance"
    assert row.budget == {"USD": tab["budget"]} == {"USD": Decimal("350000.05")}
    assert row.expenditure == {"USD": tab["expenditure"]}
    assert tab["expenditure"] == Decimal("12345.67") + (Decimal("1000.01") / Decimal("0.73")).quantize(Decimal("0.01"))
    assert plan.totals["expenditure"] == {"USD": tab["expenditure"]}

    client.force_login(users["planning_officer"])
    api = client.get(f"/api/v1/implementation-plan?period={strategy['period'].code}").json()
    text = str(api)
    assert str(tab["budget"]) in text and str(tab["expenditure"]) in text


def _grow(build, strategy, units, users, country, start, count):
    """``count`` more projects, each with a logframe, an activity, two indicators and values."""
    results = [strategy[c] for c in ("1.1.1", "1.1.2", "1.4.3", "2.1.1")]
    for i in range(start, start + count):
        result = results[i % len(results)]
        project = build.project(f"SCALE{i:03}", units["DO-OCB" if i % 2 else "ROEA"], results=[result],
                                countries=[country("KEN" if i % 3 else "UGA")])
        output = build.logframe(project, results=[result], cost=str(1000 + i), country=country("SOM"),
                                unit=units["ROEA-SOM"])
        reported = services.save_indicator(by=users["planning_officer"], output=output, title=f"Laws {i}",
                                           targets={2009: 5})
        services.record_value(reported, by=users["programme_manager_hq"], year=2009, value=i % 7)
        services.save_indicator(by=users["planning_officer"], outcome=output.outcome, title=f"Cases {i}",
                                actual_source="delivery_count")


def test_bounded_number_of_queries_whatever_the_portfolio_size(build, strategy, units, users, country, client,
                                                               django_assert_max_num_queries):
    planner, period = users["planning_officer"], strategy["period"]
    _grow(build, strategy, units, users, country, 0, 3)
    with CaptureQueriesContext(connection) as small:
        implementation_plan(planner, period)
    _grow(build, strategy, units, users, country, 3, 37)
    # 15 + finance's budget and expenditure sums + interop's count of other publishers' activities
    # + statistics' linked actuals (one query each); the same at every size (the activities' count comes
    # with their places since plan8).
    with django_assert_max_num_queries(19):
        plan = implementation_plan(planner, period)
    with CaptureQueriesContext(connection) as large:
        implementation_plan(planner, period)
    assert len(large) == len(small), (len(small), len(large))
    assert plan.totals["projects"] == 40 and sum(len(r.indicators) for r in plan.rows) == 80
    client.force_login(planner)
    # The page and the API compute the summary (plan.summary: + the grouped last years and the shown
    # indicators' records and series) and store it (plan.stored: the data version, the lookup, the
    # write; plan.incremental: a stored one to refresh in part looked for, the entry numbers still
    # pending and the count of entries up to the version read); the next request reads the stored one
    # while nothing has been written since.
    with django_assert_max_num_queries(37):
        assert client.get("/results/plan/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/results/plan/").status_code == 200
    with django_assert_max_num_queries(33):
        assert client.get("/api/v1/implementation-plan?period=2008-2011").json()["totals"]["projects"] == 40
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/implementation-plan?period=2008-2011").json()["totals"]["projects"] == 40


def test_page_shows_every_result_and_the_gaps(portfolio, client, users, strategy):
    client.force_login(users["planning_officer"])
    page = client.get("/results/plan/?period=2008-2011").content.decode()
    for code in ("1.1.1", "1.1.2", "1.4.3", "2.1.1"):
        assert f'id="result-{code.replace(".", "")}"' in page
    assert "No contributing project" in page and "How the status is decided" in page
    assert client.get("/results/plan/?period=1999-2000").status_code == 200  # a message, not a 500
    assert "No strategy period" in client.get("/results/plan/?period=1999-2000").content.decode()


def test_no_recent_data_gap_is_measured_against_the_as_at_date(portfolio, strategy, users, client):
    """2.1.1 has an actual for 2008 only; 1.4.3's indicator follows a delivery of March 2011."""
    officer = users["planning_officer"]
    plan = implementation_plan(officer, strategy["period"])
    assert plan.as_of == date(2011, 12, 31)  # today is after the period: its end
    gaps = {r.result.code: r.gaps for r in plan.rows}
    assert "no_recent_data" in gaps["2.1.1"] and "no_recent_data" not in gaps["1.4.3"]
    plan = implementation_plan(officer, strategy["period"], as_of=date(2009, 6, 30))
    gaps = {r.result.code: r.gaps for r in plan.rows}
    assert "no_recent_data" not in gaps["2.1.1"]  # 2008 falls within the year up to 30 June 2009
    assert "no_recent_data" in gaps["1.4.3"]  # the delivery had not happened by then
    client.force_login(officer)
    body = client.get("/api/v1/implementation-plan/", {"period": "2008-2011", "as_of": "2009-06-30"}).json()
    assert body["as_of"] == "2009-06-30"
    assert "no_recent_data" not in next(r for r in body["results"] if r["code"] == "2.1.1")["gaps"]
    assert client.get("/api/v1/implementation-plan/", {"as_of": "30/06/2009"}).status_code == 400
    page = client.get("/results/plan/", {"period": "2008-2011", "as_of": "2009-06-30"})
    assert page.status_code == 200 and "30 June 2009" in page.content.decode()


def test_page_rows_show_a_bounded_part_and_the_detail_loads_everything(portfolio, build, strategy, units, users,
                                                                      client, monkeypatch):
    """A row lists its first projects and indicators; its detail (an htmx fragment, or a page without
    JavaScript) lists all of them, for the same filters, to those who may read the plan."""
    from mandates.results.views import plan as plan_views

    second = build.project("ZZKE02", units["ROEA"], results=[strategy["1.4.3"]])
    monkeypatch.setitem(plan_views.SHOWN, "projects", 1)
    client.force_login(users["planning_officer"])
    page = client.get("/results/plan/?period=2008-2011").content.decode()
    row = page[page.index('id="result-143"'):]
    row = row[:row.index("</tr>")]
    assert portfolio["kenya"].code in row and second.code not in row and "and 1 more project" in row
    url = f"/results/plan/results/{strategy['1.4.3'].pk}/?period=2008-2011"
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<td colspan="8"') and "<html" not in fragment
    assert portfolio["kenya"].code in fragment and second.code in fragment and "Officials trained" in fragment
    full = client.get(url).content.decode()
    assert "<html" in full and second.code in full
    assert client.get(f"/results/plan/results/{strategy['1.4.3'].pk}/?period=1999-2000").status_code == 404
    client.force_login(users["member_state_reader"])
    assert client.get(url).status_code == 403


def test_planned_cost_in_other_currencies_is_converted_at_the_rate_of_the_month(build, kenya_project, strategy, users):
    """No finance records yet: a EUR activity counts in US dollars at the UN operational rate of its
    start month (the nearest earlier month when that one has none), the plan says which rate it
    used; once rates exist, a currency without one is refused where the activity is entered."""
    import io

    from django.core.exceptions import ValidationError

    from mandates.finance.services import import_exchange_rates

    rates = "month,currency,units_per_usd\n2009-03,EUR,0.7500\n2009-05,EUR,0.8000\n"
    import_exchange_rates(io.BytesIO(rates.encode()), by=None, file_name="rates.csv")
    project, output = kenya_project  # USD 120,000 planned in Kenya
    build.activity(output, "A3", cost="1000.00", currency="EUR", start=date(2009, 5, 4), end=date(2009, 5, 8))
    build.activity(output, "A4", cost="300.00", currency="EUR", start=date(2009, 4, 1), end=date(2009, 4, 2))
    plan = implementation_plan(users["planning_officer"], strategy["period"])
    assert plan.source == "planned_cost"
    # 1000 / 0.80 (May 2009) + 300 / 0.75 (no April rate: March's) = 1250.00 + 400.00
    assert rows_by_code(plan)["1.4.3"].budget == {"USD": Decimal("121650.00")}
    used = {(c.month, c.rate_month, c.rate, c.amount, c.usd) for c in plan.conversions}
    assert used == {(date(2009, 5, 1), date(2009, 5, 1), Decimal("0.8"), Decimal("1000.00"), Decimal("1250.00")),
                    (date(2009, 4, 1), date(2009, 3, 1), Decimal("0.75"), Decimal("300.00"), Decimal("400.00"))}
    with pytest.raises(ValidationError, match="no UN operational rate of exchange for KES"):
        build.activity(output, "A5", cost="2000000", currency="KES")
