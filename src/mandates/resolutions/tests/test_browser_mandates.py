"""A planning officer, in a real browser, on the demo data: imports General Assembly resolution 64/179 from its
text, reads its operative paragraphs and obligations, confirms a suggested link to an expected result; then
reads the treaty status as at the date of the seed report (31 May 2009) and a State profile."""
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_003 = next((Path(__file__).resolve().parent.parent / "data" / "seeds").glob("003_*.txt"))


@pytest.fixture
def demo(transactional_db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)


@pytest.fixture
def treaties(demo):
    call_command("load_treaties", verbosity=0)


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


def fill_import_form(page, symbol, date):
    page.get_by_label("Symbol").fill(symbol)
    choose(page.get_by_label("Governing body"), "^General Assembly$")
    page.get_by_label("Date of adoption").fill(date)


def test_import_a_resolution_read_its_obligations_and_confirm_a_link(live_server, page, demo):
    base = live_server.url
    log_in(page, base, "planner", "Planning officer")

    page.goto(f"{base}/resolutions/")
    page.get_by_role("link", name="Import a resolution").click()
    expect(page.locator("h1")).to_have_text("Import a resolution")
    page.get_by_label("Text of the resolution").set_input_files(str(SEED_003))
    fill_import_form(page, "A/RES/64/179", "2009-12-18")
    page.get_by_role("button", name="Import").click()

    # A background job reads and splits the text; its page leads to the review, where it is saved.
    expect(page.locator("#job-progress")).to_contain_text("A/RES/64/179 read: 19 preambular and 33 operative")
    page.get_by_role("link", name="Review the split").click()
    page.get_by_role("button", name="Save the resolution").click()
    expect(page.locator("h1")).to_contain_text("A/RES/64/179")
    expect(page.locator(".facts")).to_contain_text("33 operative")
    operative = page.locator("#operative article.paragraph")
    expect(operative).to_have_count(33)

    def paragraph(number):
        return operative.filter(has=page.get_by_role("heading", name=f"Paragraph {number}", exact=True))

    # Verbs and addressees, as the planner reads them.
    expect(paragraph(5).locator(".paragraph__verb")).to_have_text("Calls upon")
    expect(paragraph(5).locator(".paragraph__addressee")).to_have_text("Member States")
    expect(paragraph(8).locator(".paragraph__verb")).to_have_text("Urges")
    expect(paragraph(8).locator(".paragraph__addressee")).to_have_text("the United Nations Office on Drugs and Crime")
    expect(paragraph(20).locator(".paragraph__verb")).to_have_text("Requests")
    expect(paragraph(20).locator(".paragraph__addressee")).to_have_text("the Secretary-General")
    expect(paragraph(33).locator(".paragraph__verb")).to_have_text("Also requests")

    # Obligations with their deadlines read as dates: the report to the sixty-fifth session (September 2010)
    # and the action due "in the second quarter of 2010".
    obligations = page.locator("#obligations table.data tbody tr")
    report = obligations.filter(has=page.get_by_role("link", name="32", exact=True))
    expect(report).to_contain_text("Report")
    expect(report).to_contain_text("at its sixty-fifth session")
    expect(report.locator("time")).to_have_attribute("datetime", re.compile(r"^2010-09-"))
    quarter = obligations.filter(has=page.get_by_role("link", name="20", exact=True))
    expect(quarter).to_contain_text("in the second quarter of 2010")
    expect(quarter.locator("time")).to_have_attribute("datetime", re.compile(r"^2010-0[4-6]-"))
    # A call on Member States is not an obligation of the office.
    expect(obligations.filter(has=page.get_by_role("link", name="5", exact=True))).to_have_count(0)

    # The money-laundering paragraph is suggested for the money-laundering result; the planner confirms it.
    confirm = paragraph(8).get_by_role("button", name="Confirm the link of paragraph 8 to 1.2.2")
    expect(confirm).to_be_visible()
    confirm.click()
    expect(paragraph(8).locator(".paragraph__links li").filter(has_text="1.2.2")).to_contain_text("Confirmed")
    expect(paragraph(8).get_by_role("button", name="Confirm the link of paragraph 8 to 1.2.2")).to_have_count(0)

    # ... and finds the paragraph among the mandates behind that expected result.
    paragraph(8).locator(".paragraph__links").get_by_role("link", name=re.compile(r"^1\.2\.2 ")).click()
    expect(page).to_have_url(re.compile(r"/resolutions/by-result/2008-2011/1\.2\.2/$"))
    expect(page.locator("h1")).to_contain_text("money-laundering")
    confirmed = page.locator("blockquote")
    expect(confirmed).to_have_count(1)
    expect(confirmed).to_contain_text("A/RES/64/179, paragraph 8")
    expect(confirmed).to_contain_text("Global Programme against Money-Laundering")
    expect(confirmed).to_contain_text("Confirmed by")


def test_a_text_without_an_operative_paragraph_is_refused_and_nothing_saved(live_server, page, demo):
    from mandates.resolutions.models import Paragraph, Resolution

    base = live_server.url
    log_in(page, base, "planner", "Planning officer")
    page.goto(f"{base}/resolutions/import/")
    text = ("Strengthening cooperation against crime\n\nThe General Assembly,\n\n"
            "Recalling its resolution 63/195 of 18 December 2008,\n\n"
            "Noting with concern the growth of transnational organized crime,\n\n"
            "Bearing in mind the work of the United Nations Office on Drugs and Crime,\n")
    page.get_by_label("Text of the resolution").set_input_files(
        {"name": "no-operative.txt", "mimeType": "text/plain", "buffer": text.encode()})
    fill_import_form(page, "A/RES/64/999", "2009-12-18")
    page.get_by_role("button", name="Import").click()

    # The text is read before the background job starts: the form says why on the file's field, nothing saved.
    error = page.locator(".field--error")
    expect(page.locator("h1")).to_have_text("Import a resolution")
    expect(error).to_contain_text("no operative paragraph")
    expect(error).to_contain_text("Line 9")  # the last line of the text, where the search stopped
    assert not Resolution.objects.exists() and not Paragraph.objects.exists()
    page.goto(f"{base}/resolutions/?q=64/999")
    expect(page.locator("main")).not_to_contain_text("A/RES/64/999")


def test_treaty_status_as_at_the_date_of_the_report_and_a_state_profile(live_server, page, treaties):
    base = live_server.url
    log_in(page, base, "planner", "Planning officer")

    def status_on_31_may_2009(instrument_link, parties):
        page.goto(f"{base}/treaties/")
        page.get_by_role("link", name=instrument_link, exact=True).click()
        expect(page).to_have_url(re.compile(r"/treaties/instruments/XVIII-12"))
        page.get_by_label("Status as at", exact=True).fill("2009-05-31")
        rei = page.get_by_label(re.compile("Count regional economic integration organizations"))
        if rei.is_checked():
            rei.uncheck()
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_role("heading", name="Status as at 31 May 2009")).to_be_visible()
        expect(page.get_by_test_id("parties")).to_have_text(str(parties))
        expect(page.locator("main")).to_contain_text("the European Union and other regional economic integration "
                                                     "organizations are not counted")
        # the chart (Chart.js canvas) and the world map (SVG drawn from the shipped topology)
        expect(page.locator("canvas#treaty-chart")).to_be_visible()
        page.wait_for_function("() => window.Chart && Chart.getChart('treaty-chart') !== undefined")
        expect(page.locator("#treaty-map-canvas svg path").first).to_be_attached()
        # the list of States has one "Party" row per party
        expect(page.locator("table.treaty-dates tbody .treaty-status--party")).to_have_count(parties)

    status_on_31_may_2009("UNTOC", 149)
    status_on_31_may_2009("Trafficking in Persons Protocol", 130)

    # Counting the European Union (a party to the Protocol since 2006) adds one.
    page.get_by_label(re.compile("Count regional economic integration organizations")).check()
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("parties")).to_have_text("131")

    # Kenya's profile, from the list of States.
    page.goto(f"{base}/treaties/")
    page.get_by_role("link", name="States", exact=True).click()
    page.get_by_label("Name or ISO code").fill("Kenya")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Kenya", exact=True).click()
    expect(page.locator("h1")).to_have_text("Kenya: treaty status")
    profile = page.locator("table.treaty-dates")
    expect(profile.get_by_role("row").filter(has_text="UNTOC")).to_contain_text("Party")
    expect(page.locator("main")).to_contain_text("Not yet party to")
