from datetime import UTC, date
from decimal import Decimal

import pytest

from mandates.finance import selectors
from mandates.finance.models import Expenditure
from mandates.finance.services import import_expenditure, revise_budget, set_opening_balance, set_reserve

from .conftest import contribute, erp_file, segment

M = Decimal(1_000_000)


def _recorded_on(contribution, day):
    from datetime import datetime

    type(contribution).objects.filter(pk=contribution.pk).update(
        created_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC))


def by_code(lines):
    return {line.code: line for line in lines if line.role in ("segment", "member")}


@pytest.mark.django_db
def test_support_cost_at_the_biennium_rate_or_the_contributions_and_credited_to_the_fund(structure, rates, projects,
                                                                                        donors):
    ec = contribute(structure, donors["ec"], code="CPCJF-SP", earmarking="hard", project=projects["KEN01"],
                    psc_rate=Decimal("7.00"), amount="50000.00", reference="EC-1")
    import_expenditure(erp_file(
        "D,1,2008-05-01,disbursement,CPCJF-SP,KEN01,staff,USD,1000.00,,,",        # 13 %: 130.00
        "D,2,2008-05-01,disbursement,CPCJF-SP,KEN01,staff,USD,1000.00,EC-1,,",    # 7 %: 70.00
        "D,3,2008-05-01,adjustment,CPCJF-SP,KEN01,staff,USD,-100.00,,,",          # 13 % of -100: -13.00
        "D,4,2008-05-01,disbursement,UNDCP-GP,,staff,USD,1000.00,,,",             # no PSC on general-purpose
        "D,5,2008-05-01,disbursement,UNDCP-SP,GLO01,staff,USD,200.00,,,"), by=None)   # UNDCP: 26.00
    assert Expenditure.objects.get(line=2).contribution == ec
    lines = by_code(selectors.fund_overview(structure["2008-2009"])["lines"])
    assert lines["CPCJF-SP"].flows.psc_charged == Decimal("187.00")
    assert lines["CPCJF-PSC"].flows.psc_credited == Decimal("187.00")
    assert lines["UNDCP-PSC"].flows.psc_credited == Decimal("26.00")
    assert lines["UNDCP-GP"].flows.psc_charged == 0
    assert lines["CPCJF-SP"].flows.uses == Decimal("1900.00") + Decimal("187.00")
    total = selectors.fund_overview(structure["2008-2009"])["total"].flows
    assert total.psc_charged == total.psc_credited == Decimal("213.00")


@pytest.mark.django_db
def test_general_purpose_requirements_are_apportioned_75_25(structure, rates, users):
    revise_budget(biennium=structure["2008-2009"], by=None, lines=[
        {"year": 2008, "segment": "GP", "budget_class": "staff", "amount": Decimal("2000000.00")}])
    import_expenditure(erp_file("G,1,2008-06-30,disbursement,GP,,staff,USD,1800000.03,,,"), by=None)
    ov = selectors.fund_overview(structure["2008-2009"])
    shares = {a["fund"].code: (a["share"], a["budget"], a["expenditure"]) for a in ov["apportionment"]}
    # 1,800,000.03 x 75 % = 1,350,000.0225 and x 25 % = 450,000.0075: the odd cent goes to the larger remainder
    assert shares == {"UNDCP": (Decimal("75.00"), Decimal("1500000.00"), Decimal("1350000.02")),
                      "CPCJF": (Decimal("25.00"), Decimal("500000.00"), Decimal("450000.01"))}
    assert ov["kind_totals"]["general_purpose"].flows.expenditure == Decimal("1800000.03")
    assert selectors.fund_overview(structure["2010-2011"])["apportionment"] == []


def seed_2008_2009(structure, donors, users):
    """A/64/123, para. 72: the Crime Fund's general-purpose income 5.1 M against expenditure 7.1 M."""
    fo = users["finance_officer"]
    for i, (amount, currency, day) in enumerate((("1600000.00", "USD", date(2008, 2, 1)),
                                                 ("800000.00", "EUR", date(2008, 6, 1)),   # USD 1.0 M
                                                 ("6250000.00", "SEK", date(2009, 3, 1)),  # USD 1.0 M
                                                 ("150000000", "JPY", date(2009, 9, 1)))):  # USD 1.5 M
        contribute(structure, donors["sweden"] if i % 2 else donors["kenya"], code="CPCJF-GP", currency=currency,
                   amount=amount, day=day, by=fo, reference=f"GP-{i}")
    revise_budget(biennium=structure["2008-2009"], by=fo, lines=[
        {"year": 2008, "segment": "GP", "budget_class": "staff", "amount": Decimal("14600000")},
        {"year": 2009, "segment": "GP", "budget_class": "staff", "amount": Decimal("14400000")}])
    import_expenditure(erp_file(
        "GP-08,1,2008-06-30,disbursement,GP,,staff,USD,7000000.00,,,",
        "GP-08,2,2008-12-31,disbursement,GP,,operating,USD,7600000.00,,,",
        "GP-09,1,2009-06-30,disbursement,GP,,staff,USD,13800000.00,,,"), by=fo)   # 28.4 M, 25 % = 7.1 M
    set_opening_balance(segment(structure, "2008-2009", "CPCJF-GP"), amount="3600000.00", by=fo)
    set_reserve(segment(structure, "2008-2009", "CPCJF-GP"), amount="2000000.00", by=fo)


@pytest.mark.django_db
def test_the_reports_shortfall_comes_out_of_the_data_entered(structure, rates, donors, users, client):
    seed_2008_2009(structure, donors, users)
    rows = {p.code: p for p in selectors.projections(structure["2008-2009"], date(2009, 12, 31))}
    crime = rows["CPCJF-GP"]
    assert crime.projected_income == Decimal("5.1") * M
    assert crime.projected_uses == Decimal("7.1") * M
    assert crime.net == Decimal("-2.0") * M and crime.shortfall == Decimal("2.0") * M
    assert crime.closing == Decimal("1.6") * M and crime.at_risk   # "an unsustainable balance of $1.6 million"
    assert rows["UNDCP-GP"].projected_uses == Decimal("21.3") * M
    client.force_login(users["finance_officer"])
    api = client.get("/api/v1/finance/projections?biennium=2008-2009&as_of=2009-12-31").json()
    seg = next(s for s in api["segments"] if s["code"] == "CPCJF-GP")
    assert (seg["projected_income"], seg["projected_expenditure"], seg["shortfall"], seg["closing_balance"],
            seg["at_risk"]) == ("5100000.00", "7100000.00", "2000000.00", "1600000.00", True)
    funds = client.get("/api/v1/finance/funds?biennium=2008-2009").json()
    fund = next(s for s in funds["segments"] if s["code"] == "CPCJF-GP")
    assert (fund["income"], fund["expenditure"], fund["net"], fund["balance"]) == (
        "5100000.00", "7100000.00", "-2000000.00", "1600000.00")
    page = client.get("/finance/projections/?biennium=2008-2009&as_of=2009-12-31").content.decode()
    assert "Below reserve" in page and "−2,000,000.00" in page


@pytest.mark.django_db
def test_closing_balances_carry_forward_and_the_consolidated_budget_adds_the_two_funds(structure, rates, donors,
                                                                                      users):
    seed_2008_2009(structure, donors, users)
    set_opening_balance(segment(structure, "2008-2009", "UNDCP-GP"), amount="22000000", by=None)
    contribute(structure, donors["sweden"], biennium="2010-2011", code="UNDCP-GP", amount="500000.00",
               day=date(2010, 4, 1))
    set_reserve(structure["2010-2011"].groups.get(code="GP"), amount="3000000", by=users["finance_officer"])
    rows = {(p.role, p.code): p for p in selectors.projections(structure["2010-2011"], date(2011, 12, 31))}
    assert rows[("member", "CPCJF-GP")].opening == Decimal("1.6") * M
    assert rows[("member", "UNDCP-GP")].opening == Decimal("0.7") * M  # 22.0 M - its 75 % share of 28.4 M
    group = rows[("group", "GP")]
    assert group.opening == Decimal("2.3") * M and group.projected_income == Decimal("0.5") * M
    assert group.closing == Decimal("2.8") * M and group.at_risk
    assert not rows[("member", "CPCJF-GP")].at_risk  # the reserve is set on the group, not on its members


@pytest.mark.django_db
def test_mid_biennium_projection_uses_pledges_history_and_budgets(structure, rates, donors, users):
    seed_2008_2009(structure, donors, users)
    b = structure["2010-2011"]
    contribute(structure, donors["sweden"], biennium="2010-2011", code="CPCJF-GP", amount="1000000.00",
               day=date(2010, 2, 1))
    pledge = contribute(structure, donors["kenya"], biennium="2010-2011", code="CPCJF-GP", amount="300000.00",
                        day=date(2011, 9, 1))
    _recorded_on(pledge, date(2010, 11, 15))  # the pledge was known at the as-at date
    revise_budget(biennium=b, by=None, lines=[
        {"year": 2010, "segment": "CPCJF-GP", "budget_class": "staff", "amount": Decimal("2000000")},
        {"year": 2011, "segment": "CPCJF-GP", "budget_class": "staff", "amount": Decimal("2000000")}])
    import_expenditure(erp_file("X,1,2010-06-30,disbursement,CPCJF-GP,,staff,USD,1000000.00,,,"), by=None)
    p = next(r for r in selectors.projections(b, date(2010, 12, 31)) if r.code == "CPCJF-GP")
    assert p.income_to_date == Decimal("1000000.00") and p.pledged_later == Decimal("300000.00")
    # history: 5.1 M over 24 months x 12 months left = 2.55 M, less the 0.3 M already pledged
    assert p.expected_from_history == Decimal("2250000.00")
    # budget 4.0 M - 1.0 M spent = 3.0 M at the previous biennium's delivery (7.1 / 7.25 = 97.93 %)
    previous = Decimal("7100000") / Decimal("7250000")
    assert p.remaining_uses == (Decimal("3000000") * previous).quantize(Decimal("0.01"))
    assert p.opening == Decimal("1.6") * M
    assert p.closing == p.opening + p.projected_income - p.projected_uses


def test_as_of_counts_only_what_was_recorded_by_then_with_totals_and_risk_in_excel(structure, rates, donors, users,
                                                                                  client):
    """A pledge dated later but entered after the as-at date was not known then; choosing another
    biennium does not keep an as-at date outside it; the page and its Excel carry a totals row and
    the same risk words."""
    import io

    from openpyxl import load_workbook

    seed_2008_2009(structure, donors, users)
    b = structure["2008-2009"]
    before = {p.code: p.projected_income for p in selectors.projections(b, date(2008, 3, 31))}
    contribute(structure, donors["kenya"], code="CPCJF-GP", amount="777000.00", day=date(2009, 6, 1))
    p = next(r for r in selectors.projections(b, date(2008, 3, 31)) if r.code == "CPCJF-GP")
    assert p.pledged_later == Decimal(0) and p.projected_income == before["CPCJF-GP"]
    assert selectors.as_of_within(b, date(2011, 12, 31)) == date(2009, 12, 31)
    assert selectors.as_of_within(b, date(2008, 3, 31)) == date(2008, 3, 31)

    client.force_login(users["finance_officer"])
    page = client.get("/finance/projections/", {"biennium": "2008-2009", "as_of": "2011-12-31"})
    html = page.content.decode()
    assert page.status_code == 200 and "as of 31 December 2009" in html and "31 December 2011" not in html
    rows = selectors.projections(b, date(2009, 12, 31))
    total = selectors.projection_totals(rows)
    assert total.closing == sum((r.closing for r in rows if r.role in ("segment", "group")), Decimal(0))
    assert "Total" in html
    book = load_workbook(io.BytesIO(client.get("/finance/projections/", {
        "biennium": "2008-2009", "as_of": "2009-12-31", "format": "xlsx"}).content), data_only=True)
    sheet = book.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in values if "Risk" in r)
    risk_col, label_col = header.index("Risk"), header.index("Fund segment")
    closing_col = header.index("Projected closing balance")
    by_label = {r[label_col]: r for r in values if r[label_col]}
    for p in rows:
        if p.role != "member":
            assert by_label[p.label][risk_col] == ("Below reserve" if p.at_risk else "Above reserve")
    assert Decimal(str(by_label["Total"][closing_col])) == total.closing


def test_fund_overview_headline_excludes_support_cost_moved_inside_the_office(structure, rates, projects, donors,
                                                                              users, client):
    """2.0 M spent on a special-purpose project carries 0.26 M PSC, credited to the PSC fund: the
    headline shows income 5.0 M and expenditure 2.0 M, with the 0.26 M internal transfer apart."""
    import re

    contribute(structure, donors["sweden"], code="CPCJF-SP", earmarking="hard", project=projects["KEN01"],
               amount="5000000.00", reference="SE-1")
    import_expenditure(erp_file("D,1,2008-05-01,disbursement,CPCJF-SP,KEN01,staff,USD,2000000.00,,,"), by=None)
    client.force_login(users["finance_officer"])
    html = client.get("/finance/", {"biennium": "2008-2009"}).content.decode()

    def stat(name):
        return re.search(rf'data-figure="{name}"><span class="stat">([^<]+)</span>', html).group(1)

    assert stat("total-income") == "5.0 M"
    assert stat("total-expenditure") == "2.0 M"
    assert stat("internal-transfers") == "0.3 M"  # 260,000
