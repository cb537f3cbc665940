"""A finance officer, in a real browser, on the demo data, tried as a new user would: the fund overview and
the projections of 2008-2009 (the Secretary-General's 2.0 M shortfall of the crime fund), an ERP import
through the page (its template, a good file, a file with one bad row) seen on a project's finance tab, and
the overview's Excel export checked against the page."""
import csv
import io
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

M = Decimal(1_000_000)
CENT = Decimal("0.01")


@pytest.fixture
def demo(transactional_db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)
    call_command("load_finance_demo", verbosity=0)


def choose(select, pattern):
    """Select the option whose text matches ``pattern`` (a regular expression)."""
    option = select.locator("option").filter(has_text=re.compile(pattern)).first
    select.select_option(value=option.get_attribute("value"))


def log_in(page, base, username="finance"):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("mandates-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".site-user__name")).to_contain_text("Finance officer")


def money(text: str) -> Decimal:
    """A rendered amount ('1,234.50', '−2,000,000.00') as a Decimal."""
    return Decimal(text.strip().replace(",", "").replace("−", "-"))


def show_biennium(page, code):
    choose(page.get_by_label("Biennium", exact=True), f"^{code}$")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_label("Biennium", exact=True)).to_have_value(code)


def read_row(table, code: str) -> dict[str, str]:
    """The cells of the row of ``table`` that mentions ``code``, keyed by column heading."""
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").filter(has_text=code)
    expect(row).to_have_count(1)
    cells = [c.strip() for c in row.locator("th, td").all_inner_texts()]
    return dict(zip(headers, cells))


def overview_table(page, key: str):
    return page.locator(f"section.money-table:has(#t-{key}) table")


def test_the_fund_overview_and_projections_show_the_crime_funds_shortfall(live_server, page, demo):
    from mandates.finance import selectors
    from mandates.finance.models import Biennium

    biennium = Biennium.objects.get(code="2008-2009")
    line = next(x for x in selectors.fund_overview(biennium)["lines"] if x.code == "CPCJF-GP")
    projection = next(p for p in selectors.projections(biennium, date(2009, 12, 31)) if p.code == "CPCJF-GP")

    base = live_server.url
    log_in(page, base)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Finance").click()
    show_biennium(page, "2008-2009")
    expect(page.locator("h1")).to_contain_text("Fund overview")
    expect(page.locator("h1")).to_contain_text("2008")

    crime = read_row(overview_table(page, "segments"), "CPCJF-GP")
    assert money(crime["Total income"]) == line.flows.income == Decimal("5.1") * M
    assert money(crime["Expenditure"]) == line.flows.expenditure == Decimal("7.1") * M
    assert money(crime["Surplus (shortfall)"]) == line.flows.net == Decimal("-2.0") * M
    # the apportionment of general-purpose requirements (75/25 in 2008-2009) is stated
    expect(page.locator("main")).to_contain_text(re.compile(r"75 %.*25 %"))

    page.get_by_role("navigation", name="Finance").get_by_role("link", name="Projections").click()
    show_biennium(page, "2008-2009")
    expect(page.locator("h1")).to_contain_text("Projections, 2008-2009")
    crime = read_row(page.locator("table.data").first, "CPCJF-GP")
    assert money(crime["Projected income"]) == projection.projected_income == Decimal("5.1") * M
    assert money(crime["Projected expenditure"]) == projection.projected_uses == Decimal("7.1") * M
    assert money(crime["Surplus (shortfall)"]) == projection.net == Decimal("-2.0") * M
    assert money(crime["Projected closing balance"]) == projection.closing
    assert crime["Risk"] == ("Below reserve" if projection.at_risk else "Above reserve")
    expect(page.get_by_role("alert")).to_contain_text("Crime programme fund: general-purpose")


def _finance_tab_figures(page):
    stats = page.locator(".card--stat")
    return (money(stats.filter(has_text="Expenditure (USD)").locator(".stat").inner_text()),
            money(stats.filter(has_text="Programme support cost (USD)").locator(".stat").inner_text()))


def _write_erp(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_an_erp_file_imported_through_the_page_reaches_the_project_tab_and_a_bad_file_writes_nothing(
        live_server, page, demo, tmp_path):
    from mandates.finance import selectors
    from mandates.finance.models import Biennium, Expenditure
    from mandates.people.models import User
    from mandates.portfolio.models import Project

    project = Project.objects.get(code="KENX41")  # Regional Office for Eastern Africa, May 2008 - Dec 2009
    officer = User.objects.get(username="finance")
    before = selectors.project_finance(officer, project)["total"]

    base = live_server.url
    log_in(page, base)
    # The project's finance tab, from the project page.
    page.goto(f"{base}/projects/?q=KENX41")
    page.get_by_role("link", name=re.compile("KENX41")).first.click()
    page.get_by_role("link", name="Open the finance tab").click()
    expect(page.locator("h1")).to_contain_text("Finance of KENX41")
    spent, psc = _finance_tab_figures(page)
    assert (spent, psc) == (before["expenditure"], before["psc"])
    tab_url = page.url

    # The template, downloaded from the import page.
    page.get_by_role("navigation", name="Finance").get_by_role("link", name="ERP import").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the template (CSV)").click()
    header = next(csv.reader(io.StringIO(info.value.path().read_text(encoding="utf-8-sig"))))
    assert {"document_number", "line", "date", "kind", "fund_segment", "project_code", "budget_class",
            "currency", "amount"} <= set(header)

    amount = Decimal("12345.67")
    row = {"document_number": "JV-2009-BROWSER", "line": "1", "date": "2009-06-30", "kind": "disbursement",
           "fund_segment": "CPCJF-SP", "project_code": "KENX41", "budget_class": "travel", "currency": "USD",
           "amount": f"{amount}", "description": "Witness protection study tour"}
    good = _write_erp(tmp_path / "erp-june-2009.csv", header, [row])
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#job-progress")).to_contain_text("erp-june-2009.csv: 1 rows read; 1 new")

    page.goto(tab_url)
    spent_after, psc_after = _finance_tab_figures(page)
    assert spent_after == spent + amount
    rate = Biennium.objects.get(code="2008-2009").psc_rate  # 13 % unless the finance officer set another
    assert psc_after == psc + (amount * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    expect(page.locator("main")).to_contain_text("JV-2009-BROWSER/1")

    # One bad row (an unknown project) next to a good one: a row-numbered error, and nothing written.
    count = Expenditure.objects.count()
    page.goto(f"{base}/finance/import/")
    other = {**row, "document_number": "JV-2009-BROWSER-2", "amount": "500.00"}
    bad = _write_erp(tmp_path / "erp-bad.csv", header, [other, {**other, "line": "2", "project_code": "KENX9Z"}])
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("nothing was saved")
    expect(alert).to_contain_text(re.compile(r"Row 3: .*unknown project code .KENX9Z."))
    expect(alert).not_to_contain_text("Row 2")
    assert Expenditure.objects.count() == count

    page.goto(tab_url)
    assert _finance_tab_figures(page) == (spent_after, psc_after)
    expect(page.locator("main")).not_to_contain_text("JV-2009-BROWSER-2")


def test_the_overviews_excel_export_agrees_with_the_page(live_server, page, demo):
    from mandates.finance import xlsx

    base = live_server.url
    log_in(page, base)
    page.goto(f"{base}/finance/")
    show_biennium(page, "2008-2009")
    overview_url = page.url
    page.get_by_role("button", name="Download Excel").click()  # a background job, then its page
    with page.expect_download() as info:
        page.get_by_role("link", name="Download fund-overview-2008-2009.xlsx").click()
    download = info.value
    assert download.suggested_filename == "fund-overview-2008-2009.xlsx"
    page.goto(overview_url)
    data = download.path().read_bytes()

    sheet = xlsx.read_table(data, "Sources and uses by fund segment")
    table = overview_table(page, "segments")
    labels = [r["Fund segment"] for r in sheet]
    assert labels == [t.strip() for t in table.locator("tbody tr > th").all_inner_texts()]
    assert "Total, all segments" in labels
    columns = ("Total income", "Expenditure", "Total uses", "Surplus (shortfall)", "Closing balance")
    for values in sheet:
        shown = read_row(table, values["Code"] or values["Fund segment"])
        for column in columns:
            in_book = Decimal(str(values[column])).quantize(CENT)
            assert in_book == money(shown[column]), (values["Fund segment"], column)

    total = next(v for v in sheet if v["Fund segment"] == "Total, all segments")
    # the headline leaves out the support cost moved inside the office: contributions and allotments,
    # expenditure without PSC, and the internal transfers apart
    stat = page.locator("[data-figure=total-income] .stat")
    expect(stat).to_have_text(f"{Decimal(str(total['Contributions and allotments'])) / M:,.1f} M")
    expect(page.locator("[data-figure=total-expenditure] .stat")).to_have_text(
        f"{Decimal(str(total['Expenditure'])) / M:,.1f} M")
    expect(page.locator("[data-figure=internal-transfers] .stat")).to_have_text(
        f"{Decimal(str(total['PSC credited'])) / M:,.1f} M")

    sources = xlsx.read_table(data, "Funding mix by source")
    shown = read_row(overview_table(page, "sources"), "Total")
    book_total = next(v for v in sources if v["Source"] == "Total")
    assert Decimal(str(book_total["Amount (USD)"])).quantize(CENT) == money(shown["Amount (USD)"])
