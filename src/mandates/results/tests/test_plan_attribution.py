"""Filtered by a country, the plan counts only the money attributed there — pages, API and exports alike."""
import io
from decimal import Decimal

from mandates.finance.services import import_expenditure, load_fund_structure, revise_budget
from mandates.portfolio.models import ProjectLocation
from mandates.results.plan import implementation_plan


def _money(project, finance_officer, budget, spent):
    revise_budget(project=project, by=finance_officer, lines=[
        {"segment": "CPCJF-SP", "year": 2009, "budget_class": "travel", "amount": budget}])
    erp = ("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,contribution_ref,"
           "work_unit_code,description\n"
           f"JV-{project.code},1,2009-04-30,disbursement,CPCJF-SP,{project.code},travel,USD,{spent},,,Line\n")
    import_expenditure(io.BytesIO(erp.encode()), by=finance_officer, file_name=f"{project.code}.csv")


def test_kenya_gets_its_share_of_multi_country_projects_and_only_kenya_is_listed(
        build, strategy, units, users, country, client):
    load_fund_structure()
    result = strategy["1.4.3"]
    # Locations with percentages: Kenya 40 %, Uganda 60 %.
    shared = build.project("XEAK02", units["ROEA"], results=[result], countries=[country("KEN"), country("UGA")])
    ProjectLocation.objects.filter(project=shared, country__iso3="KEN").update(percentage=Decimal("40"))
    ProjectLocation.objects.filter(project=shared, country__iso3="UGA").update(percentage=Decimal("60"))
    build.logframe(shared, results=[result], cost="1000", country=country("UGA"))
    # No percentages: by the planned cost of activities (30,000 in Kenya of 120,000 placed).
    spread = build.project("XEAK03", units["ROEA"], results=[result], countries=[country("KEN"), country("BOL")])
    output = build.logframe(spread, results=[result], cost="30000", country=country("KEN"))
    build.activity(output, "A2", cost="90000", country=country("BOL"))
    finance = users["finance_officer"]
    _money(shared, finance, "1000000.00", "500000.01")
    _money(spread, finance, "200000.00", "80000.00")

    whole = implementation_plan(users["planning_officer"], strategy["period"])
    row = {r.result.code: r for r in whole.rows}["1.4.3"]
    assert row.budget == {"USD": Decimal("1200000.00")} and "Bolivia (Plurinational State of)" in row.countries

    kenya = country("KEN")
    plan = implementation_plan(users["planning_officer"], strategy["period"], country=kenya)
    row = {r.result.code: r for r in plan.rows}["1.4.3"]
    assert row.budget == {"USD": Decimal("400000.00") + Decimal("50000.00")}
    assert row.expenditure == {"USD": Decimal("200000.00") + Decimal("20000.00")}
    assert row.countries == ["Kenya"] and not row.regions and not row.is_global
    assert plan.totals["budget"] == {"USD": Decimal("450000.00")}
    assert "location percentages" in plan.attribution and "planned cost of their activities" not in plan.attribution
    assert "1 project by the planned cost of its activities there" in plan.attribution

    client.force_login(users["planning_officer"])
    api = client.get(f"/api/v1/implementation-plan?period={strategy['period'].code}&country=KEN").json()
    assert api["attribution"] == plan.attribution
    assert "450000.00" in str(api["totals"]["budget"])
    sheet = client.get(f"/results/plan/export.xlsx?period={strategy['period'].code}&country=KEN")
    from openpyxl import load_workbook

    cells = [c for r in load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True) for c in r]
    assert any(isinstance(c, str) and "Money attributed to Kenya" in c for c in cells)
    assert 450000 in [c for c in cells if isinstance(c, (int, float))] or Decimal("450000.00") in cells
