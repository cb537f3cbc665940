"""Excel and Word exports of the implementation plan, read back: every result, the selector's totals."""
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook

from mandates.results import services
from mandates.results.plan import implementation_plan


@pytest.fixture
def plan_data(build, kenya_project, strategy, units, users, country):
    project, output = kenya_project
    build.activity(output, "A2", cost="30500.25", country=country("UGA"))
    other = build.project("GLOJ02", units["DO-JUS"], results=[strategy["1.1.2"], strategy["1.4.3"]])
    out2 = build.logframe(other, results=[strategy["1.1.2"]], cost="1000")
    build.activity(out2, "A9", cost="700", currency="EUR")
    services.save_indicator(by=users["planning_officer"], output=output, title="Officials trained",
                            actual_source="delivery_participants")
    return strategy


def test_excel_contains_every_result_and_the_selector_totals(client, plan_data, users):
    client.force_login(users["planning_officer"])
    response = client.get("/results/plan/export.xlsx?period=2008-2011")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    plan = implementation_plan(users["planning_officer"], plan_data["period"])
    ws = load_workbook(BytesIO(response.content))["Implementation plan"]
    rows = list(ws.iter_rows(values_only=True))
    header_index = next(i for i, r in enumerate(rows) if r[0] == "Theme")
    headers = rows[header_index]
    body = rows[header_index + 1:-1]
    assert [r[2] for r in body] == [r.result.code for r in plan.rows] == ["1.1.1", "1.1.2", "1.4.3", "2.1.1"]
    usd, eur = headers.index("(b) Planned cost (USD)"), headers.index("(b) Planned cost (EUR)")
    by_code = {r[2]: r for r in body}
    # 1.4.3: Kenya 120000 + 30500.25, and GLOJ02's 1000 (GLOJ02 names 1.4.3 but none of its rows does, so all its
    # outputs are taken as serving it); 1.1.2: GLOJ02's output names it.
    assert Decimal(str(by_code["1.4.3"][usd])) == Decimal("151500.25")
    assert Decimal(str(by_code["1.1.2"][usd])) == Decimal("1000") and Decimal(str(by_code["1.1.2"][eur])) == 700
    totals = rows[-1]
    # each activity once, although two results share GLOJ02's
    assert Decimal(str(totals[usd])) == plan.totals["budget"]["USD"] == Decimal("151500.25")
    assert Decimal(str(totals[eur])) == plan.totals["budget"]["EUR"] == Decimal("700")
    assert "no contributing project" in (by_code["1.1.1"][-1] or "").lower()


def test_word_contains_every_result_and_the_selector_totals(client, plan_data, users):
    client.force_login(users["planning_officer"])
    response = client.get("/results/plan/export.docx?period=2008-2011")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    doc = Document(BytesIO(response.content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    plan = implementation_plan(users["planning_officer"], plan_data["period"])
    for row in plan.rows:
        assert any(text.startswith(f"{row.result.code} ") for text in cells), row.result.code
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "1 Rule of law" in headings and "1.4 Terrorism prevention" in headings
    totals = {r.cells[0].text: r.cells[1].text for r in doc.tables[-1].rows}
    assert totals["Planned cost"] == "EUR 700.00; USD 151,500.25"
    assert totals["Expected results"] == str(len(plan.rows)) and totals["Contributing projects"] == "2"


def test_exports_follow_filters_and_refuse_bad_ones(client, plan_data, users):
    client.force_login(users["planning_officer"])
    ws = load_workbook(BytesIO(client.get("/results/plan/export.xlsx?period=2008-2011&theme=2").content)).active
    codes = [r[2] for r in ws.iter_rows(values_only=True) if r[2] and str(r[2])[0].isdigit()]
    assert codes == ["2.1.1"]
    assert client.get("/results/plan/export.xlsx?period=2008-2011&country=ZZZ").status_code == 400
    client.force_login(users["member_state_reader"])
    assert client.get("/results/plan/export.docx").status_code == 403
