from datetime import date
from decimal import Decimal

import pytest

from mandates.finance import selectors
from mandates.finance.models import BudgetLine, Contribution, Donor, DonorReader, Expenditure
from mandates.finance.services.demo import load_finance_demo

M = Decimal(1_000_000)


@pytest.mark.django_db
def test_the_demo_reproduces_the_reports_figures_and_loads_twice_without_change(m49, units, strategy):
    from mandates.geography.models import Country
    from mandates.portfolio.services import create_project

    # one of the demo portfolio's projects; the others are missing and their money is skipped
    create_project(by=None, code="XEAX20", title="Counter-piracy programme", objective="Fair trials",
                   strategy_period=strategy["period"], lead_unit=units["ROEA"], start_date=date(2009, 5, 1),
                   end_date=date(2011, 12, 31), results=[strategy["result"]],
                   locations=[{"country": Country.objects.get(iso3="KEN")}])
    report = load_finance_demo()
    assert report.skipped["project budgets (project not loaded)"] > 0
    assert any(line.startswith("Skipped ERP rows") for line in report.lines())

    from mandates.finance.models import Biennium

    b = Biennium.objects.get(code="2008-2009")
    crime = next(p for p in selectors.projections(b, date(2009, 12, 31)) if p.code == "CPCJF-GP")
    assert (crime.projected_income, crime.projected_uses, crime.shortfall, crime.closing) == (
        Decimal("5.1") * M, Decimal("7.1") * M, Decimal("2.0") * M, Decimal("1.6") * M)
    assert crime.at_risk
    ov = selectors.fund_overview(b)
    assert [(a["fund"].code, a["expenditure"]) for a in ov["apportionment"]] == [
        ("UNDCP", Decimal("21.3") * M), ("CPCJF", Decimal("7.1") * M)]
    year_2008 = next(y for y in ov["by_year"] if y["year"] == 2008)
    assert year_2008["regular_budget"] == Decimal("16.1") * M
    # donors give to both funds, general- and special-purpose (soft earmarks to programmes missing here are skipped)
    sweden = Donor.objects.get(country__iso3="SWE")
    assert set(sweden.contributions.values_list("segment__fund__code", "earmarking")) >= {
        ("UNDCP", "general_purpose"), ("CPCJF", "general_purpose"), ("UNDCP", "soft")}
    assert report.skipped["contributions (programme not loaded)"] > 0
    assert DonorReader.objects.get(user__username="donor.sweden").donor == sweden
    assert BudgetLine.objects.filter(project__code="XEAX20", is_current=True).exists()
    assert Expenditure.objects.filter(project__code="XEAX20").exists()
    assert Contribution.objects.filter(project__code="XEAX20", psc_rate=Decimal("7.00")).exists()  # the EC's rate
    assert not Contribution.objects.filter(is_demo=False).exists()

    counts = [m.objects.count() for m in (Donor, Contribution, BudgetLine, Expenditure)]
    figures = [(x.code, x.closing) for x in ov["lines"]]
    again = load_finance_demo()
    assert not any(again.created.get(k) for k in ("donors", "contributions", "project budgets", "expenditure lines"))
    assert [m.objects.count() for m in (Donor, Contribution, BudgetLine, Expenditure)] == counts
    assert [(x.code, x.closing) for x in selectors.fund_overview(b)["lines"]] == figures
