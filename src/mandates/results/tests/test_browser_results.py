"""In a real browser, on the demo data: a planning officer reads the implementation plan for 2008-2011 and
exports it; a programme manager records a workshop and sees the output indicator it feeds move."""
import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)
    call_command("load_results_demo", verbosity=0)


def choose(select, pattern):
    """Select the option whose text matches ``pattern`` (a regular expression)."""
    option = select.locator("option").filter(has_text=re.compile(pattern)).first
    select.select_option(value=option.get_attribute("value"))


def log_in(page, base, username, role):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("mandates-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".site-user__name")).to_contain_text(role)


def expected_results(period_code):
    """The expected results of a period: nodes of the results track at the period's last level."""
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.get(code=period_code)
    return StrategyNode.objects.filter(period=period, track="results", level=len(period.level_names) - 1)


def test_planning_officer_reads_the_plan_with_its_gaps_and_exports_it(live_server, page, demo):
    from docx import Document
    from openpyxl import load_workbook

    results = expected_results("2008-2011")
    codes = set(results.values_list("code", flat=True))
    assert len(codes) == 53  # the strategy's 53 expected results (seed 002)
    # A result that no project, outcome or output names: the plan must say so.
    orphan = results.filter(projects__isnull=True, outcomes__isnull=True, outputs__isnull=True).order_by(
        "sort_key").first()
    assert orphan is not None

    base = live_server.url
    log_in(page, base, "planner", "Planning officer")
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("button", name="Results").click()  # the header groups its sections in menus
    main_nav.get_by_role("link", name="Results", exact=True).click()
    page.get_by_role("navigation", name="Results").get_by_role("link", name="Implementation plan").click()
    choose(page.get_by_label("Strategy period"), "^2008-2011$")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("h1")).to_contain_text("Implementation plan 2008-2011")

    # One row per expected result, each headed by its code.
    rows = page.locator("table.data tbody tr[id^='result-']")
    expect(rows).to_have_count(53)
    shown = {text.split()[0] for text in rows.locator("th[scope=row] strong").all_inner_texts()}
    assert shown == codes
    # Gaps are marked, and the result nobody serves shows "No contributing project".
    expect(page.locator("tr.row--gap").first).to_be_visible()
    orphan_row = page.locator(f"#result-{orphan.code.replace('.', '')}")
    expect(orphan_row.locator(".badge--gap", has_text="No contributing project")).to_be_visible()
    # A result with a contributing project lists it under (e) and is not marked "No contributing project".
    served = results.filter(projects__isnull=False).order_by("sort_key").first()
    served_row = page.locator(f"#result-{served.code.replace('.', '')}")
    expect(served_row.get_by_role("link", name=served.projects.order_by("code").first().code)).to_be_visible()
    expect(served_row.locator(".badge--gap", has_text="No contributing project")).to_have_count(0)

    # Excel and Word, prepared as background jobs from the page's buttons: every expected result is there.
    plan_url = page.url
    page.get_by_role("button", name="Export to Excel").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download implementation-plan")).click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    cells = {str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row if v}
    assert codes <= cells, sorted(codes - cells)

    page.goto(plan_url)
    page.get_by_role("button", name="Export to Word").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Download implementation-plan")).click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    document = Document(download.path())
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    missing = [code for code in codes if not any(t.startswith(f"{code} ") for t in texts)]
    assert not missing, missing


def _actual_in(page, year) -> Decimal:
    """The actual value shown for ``year`` in the indicator page's "By year" table ("—" counts as 0)."""
    row = page.locator("table.data tr").filter(has=page.locator("th[scope=row]", has_text=re.compile(f"^{year}$")))
    text = row.locator("td").nth(1).inner_text().strip()
    return Decimal("0") if text == "—" else Decimal(text.replace(",", ""))


def test_programme_manager_records_a_workshop_and_sees_the_indicator_move(live_server, page, demo):
    from mandates.people.models import User
    from mandates.results.models import Indicator

    manager = User.objects.get(username="pm.nairobi")
    indicator = Indicator.objects.filter(
        actual_source="delivery_participants", output__isnull=False,
        project__lead_unit__path__startswith=manager.work_unit.path,
    ).select_related("project", "output").order_by("code").first()
    assert indicator is not None, "the demo has a delivery-fed output indicator in the Nairobi office's portfolio"
    project, year = indicator.project, indicator.end_year

    base = live_server.url
    log_in(page, base, "pm.nairobi", "Programme manager")
    page.goto(f"{base}/projects/{project.pk}/")
    expect(page.locator("h1")).to_contain_text(project.code)
    page.get_by_role("table", name=f"Indicators of {project.code}").get_by_role(
        "link", name=re.compile(re.escape(indicator.title))).click()
    expect(page.locator("h1")).to_contain_text(indicator.title)
    before = _actual_in(page, year)

    # Back to the project, and a workshop through its "Record a delivery" button.
    page.go_back()
    page.get_by_role("link", name="Record a delivery").click()
    expect(page.locator("h1")).to_contain_text("Record a delivery")
    choose(page.get_by_label("Kind"), "Workshop")
    page.get_by_label(re.compile(r"^Title\b")).fill("Workshop on the protection of witnesses for prosecutors")
    choose(page.get_by_label(re.compile(r"^Output\b")), re.escape(indicator.output.code))
    page.get_by_label("Start date").fill(f"{year}-06-02")
    page.get_by_label("End date").fill(f"{year}-06-04")
    page.get_by_label("Place").fill("Mombasa")
    choose(page.get_by_label("Country", exact=True), "^Kenya$")
    page.get_by_label(re.compile(r"^Participants\b")).fill("27")
    sex = page.get_by_role("group", name="Sex")
    sex.get_by_label("Female").fill("11")
    sex.get_by_label("Male", exact=True).fill("16")
    page.get_by_label(re.compile(re.escape(indicator.title))).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Delivery recorded")
    expect(page.locator("main")).to_contain_text("Mombasa")

    page.goto(f"{base}/results/indicators/{indicator.pk}/")
    expect(page.locator("main")).to_contain_text("Workshop on the protection of witnesses for prosecutors")
    assert _actual_in(page, year) == before + 27
