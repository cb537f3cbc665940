"""Property: whatever contributions, budgets and expenditure are entered, the totals agree to the cent
between the fund overview, the project tabs, the API and the Excel exports."""
import io
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from mandates.finance import selectors
from mandates.finance.services import import_expenditure, revise_budget

from .conftest import contribute, erp_file

RATE = {"USD": Decimal("1"), "EUR": Decimal("0.8"), "SEK": Decimal("6.25"), "JPY": Decimal("100")}
CENT = Decimal("0.01")
CLASSES = ["staff", "consultants", "travel", "training", "equipment", "grants", "operating"]


def usd(amount: Decimal, currency: str) -> Decimal:
    """The expected US-dollar equivalent, computed here and not by the app."""
    return (amount / RATE[currency]).quantize(CENT, rounding=ROUND_HALF_UP)


def cents(value) -> Decimal:
    return Decimal(repr(value)).quantize(CENT) if isinstance(value, float) else Decimal(value or 0).quantize(CENT)


amounts = st.integers(min_value=1, max_value=5_000_000_00).map(lambda c: Decimal(c) / 100)
months = st.tuples(st.sampled_from([2008, 2009]), st.integers(min_value=1, max_value=12))
contribution = st.tuples(st.sampled_from(["kenya", "sweden", "ec"]), st.sampled_from(["UNDCP-GP", "CPCJF-GP",
                                                                                       "UNDCP-SP", "CPCJF-SP"]),
                         st.sampled_from(list(RATE)), amounts, months)
budget_line = st.tuples(st.sampled_from(["KEN01", "GLO01"]), st.sampled_from([2008, 2009]),
                        st.sampled_from(["UNDCP-SP", "CPCJF-SP", "GP"]), st.sampled_from(CLASSES), amounts)
spending = st.tuples(st.sampled_from(["KEN01", "GLO01"]), st.sampled_from(["UNDCP-SP", "CPCJF-SP"]),
                     st.sampled_from(CLASSES), st.sampled_from(list(RATE)), amounts,
                     st.sampled_from(["disbursement", "obligation", "adjustment"]), st.booleans(), months)


def xlsx_rows(content: bytes, title: str) -> list[dict]:
    book = load_workbook(io.BytesIO(content), data_only=True)
    sheet = next(s for s in book.worksheets if s.title.startswith(title))
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[1], r)) for r in rows[2:] if any(v is not None for v in r)]


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(gifts=st.lists(contribution, max_size=6), lines=st.lists(budget_line, max_size=6),
       spent=st.lists(spending, max_size=6))
def test_totals_reconcile_everywhere(client, structure, rates, projects, donors, users, gifts, lines, spent):
    client.force_login(users["finance_officer"])
    with transaction.atomic():
        _example(client, structure, projects, donors, gifts, lines, spent)
        transaction.set_rollback(True)


def _example(client, structure, projects, donors, gifts, lines, spent):
    expected = {"contributions": {}, "expenditure": {}, "psc": {}, "budget": {}}
    project_expected = {code: {"budget": Decimal(0), "expenditure": Decimal(0)} for code in projects}

    def add(kind, key, value):
        expected[kind][key] = expected[kind].get(key, Decimal(0)) + value

    for i, (donor, code, currency, amount, (year, month)) in enumerate(gifts):
        earmark = {"earmarking": "general_purpose"} if code.endswith("GP") else {"earmarking": "soft",
                                                                               "area": projects["KEN01"].locations
                                                                               .get().country.region}
        contribute(structure, donors[donor], code=code, currency=currency, amount=str(amount),
                   day=date(year, month, 1), reference=f"H-{i}", **earmark)
        add("contributions", code, usd(amount, currency))
    by_project: dict[str, dict] = {}
    for code, year, segment, klass, amount in lines:
        if code == "GLO01" or year <= 2009:
            by_project.setdefault(code, {})[(year, segment, klass)] = amount  # a repeated key keeps the last
    for code, found in by_project.items():
        revise_budget(project=projects[code], by=None, lines=[
            {"year": y, "segment": s, "budget_class": k, "amount": a} for (y, s, k), a in found.items()])
        for (year, segment, klass), amount in found.items():
            project_expected[code]["budget"] += amount
            if segment == "GP":
                undcp = (amount * 3 / 4).quantize(CENT, rounding="ROUND_DOWN")
                remainder = amount - undcp - (amount / 4).quantize(CENT, rounding="ROUND_DOWN")
                undcp += remainder if (amount * 3 / 4 - undcp) >= (amount / 4 - (amount / 4).quantize(
                    CENT, rounding="ROUND_DOWN")) else 0
                add("budget", "UNDCP-GP", undcp)
                add("budget", "CPCJF-GP", amount - undcp)
            else:
                add("budget", segment, amount)
    rows = []
    for i, (code, segment, klass, currency, amount, kind, negative, (year, month)) in enumerate(spent):
        if kind == "adjustment" and negative:
            amount = -amount
        rows.append(f"R-{i},1,{year}-{month:02d}-15,{kind},{segment},{code},{klass},{currency},{amount},,,")
        value = usd(amount, currency)
        psc = (value * Decimal("0.13")).quantize(CENT, rounding=ROUND_HALF_UP)
        add("expenditure", segment, value)
        add("psc", segment, psc)
        project_expected[code]["expenditure"] += value
    if rows:
        import_expenditure(erp_file(*rows), by=None)

    b = structure["2008-2009"]
    ov = selectors.fund_overview(b)
    lines_by_code = {x.code: x for x in ov["lines"] if x.role == "segment"}
    api = client.get("/api/v1/finance/funds?biennium=2008-2009").json()
    api_by_code = {s["code"]: s for s in api["segments"]}
    sheet = {r["Code"]: r for r in xlsx_rows(client.get("/finance/?biennium=2008-2009&format=xlsx").content,
                                               "Sources and uses")}
    for code, line in lines_by_code.items():
        want_c = expected["contributions"].get(code, Decimal(0))
        want_e = expected["expenditure"].get(code, Decimal(0))
        want_b = expected["budget"].get(code, Decimal(0))
        assert line.flows.contributions == want_c and line.flows.expenditure == want_e, code
        assert line.flows.budget == want_b, code
        assert line.flows.psc_charged == expected["psc"].get(code, Decimal(0))
        assert Decimal(api_by_code[code]["contributions"]) == want_c
        assert Decimal(api_by_code[code]["expenditure"]) == want_e
        assert Decimal(api_by_code[code]["budget"]) == want_b
        assert Decimal(api_by_code[code]["balance"]) == line.closing
        assert cents(sheet[code]["Contributions and allotments"]) == want_c
        assert cents(sheet[code]["Expenditure"]) == want_e
        assert cents(sheet[code]["Closing balance"]) == line.closing
    psc_total = sum(expected["psc"].values(), Decimal(0))
    assert ov["total"].flows.psc_credited == ov["total"].flows.psc_charged == psc_total
    assert Decimal(api["total"]["expenditure"]) == ov["total"].flows.expenditure == sum(
        expected["expenditure"].values(), Decimal(0))

    tab_total = Decimal(0)
    for code, project in projects.items():
        pf = selectors.project_finance(None, project)
        assert pf["total"]["budget"] == project_expected[code]["budget"]
        assert pf["total"]["expenditure"] == project_expected[code]["expenditure"]
        api_tab = client.get(f"/api/v1/finance/projects/{project.pk}").json()
        assert Decimal(api_tab["total"]["expenditure"]) == project_expected[code]["expenditure"]
        assert Decimal(api_tab["total"]["budget"]) == project_expected[code]["budget"]
        year_sheet = xlsx_rows(client.get(f"/finance/projects/{project.pk}/?format=xlsx").content, "By year")
        total_row = year_sheet[-1]
        assert cents(total_row["Budget (USD)"]) == project_expected[code]["budget"]
        assert cents(total_row["Expenditure (USD)"]) == project_expected[code]["expenditure"]
        tab_total += pf["total"]["expenditure"]
    assert tab_total == ov["kind_totals"]["special_purpose"].flows.expenditure

    register = xlsx_rows(client.get("/finance/contributions/?biennium=2008-2009&format=xlsx").content,
                         "Contributions")
    assert sum((cents(r["US-dollar equivalent"]) for r in register), Decimal(0)) == sum(
        expected["contributions"].values(), Decimal(0))
    api_register = client.get("/api/v1/finance/contributions?biennium=2008-2009&page_size=500").json()
    assert sum((Decimal(r["usd_amount"]) for r in api_register["results"]), Decimal(0)) == sum(
        expected["contributions"].values(), Decimal(0))
