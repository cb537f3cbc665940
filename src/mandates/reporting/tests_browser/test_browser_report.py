"""A planning officer, in a real browser: writes a narrative paragraph with a live figure, assembles the
technical-cooperation report for 2008-2009 as at 31 May 2009, reads it on screen, opens the records
behind "149" by clicking it, and downloads the Word file."""
import io

import pytest
from docx import Document as read_docx
from playwright.sync_api import expect

from mandates.reporting.tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    """Committed data (the live server reads it from another thread), not the module's rolled-back data."""
    return build_world(kinds=False)  # the technical-cooperation report only


def test_a_planning_officer_assembles_reads_and_downloads_the_report(live_server, page, world, tmp_path):
    tc_data = world["tc_data"]
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{base}/reports/narratives/new/")
    page.get_by_label("Reporting period").fill("2008-2009")
    page.get_by_label("Report section").fill("II.A")
    page.get_by_label("Project").select_option(label=str(tc_data["kenya_project"]))
    page.get_by_label("Text").fill("In Kenya, {{fact:workshops}} workshops were held <b>bold?</b>.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("table")).to_contain_text("In Kenya")

    page.goto(f"{base}/reports/")
    page.get_by_label("Name").fill("Technical cooperation 2009")
    page.get_by_label("As at").fill("2009-05-31")
    page.get_by_label("Document symbol").fill("A/64/123")
    page.get_by_role("button", name="Create the report").click()
    page.locator("summary", has_text="Assemble the narrative").click()
    page.get_by_label("Narrative paragraph").select_option(index=1)
    page.get_by_role("button", name="Add to the report").click()

    doc = page.locator("article.un-doc")
    expect(doc.get_by_test_id("symbol")).to_have_text("A/64/123")
    expect(doc).to_contain_text("In Kenya, 2 workshops were held <b>bold?</b>.")
    expect(doc.locator("p.un-para").first).to_contain_text("1.")
    for figure in ("149", "130", "119", "$5.1 million", "$7.1 million", "$2.0 million"):
        expect(doc.locator("a.fact", has_text=figure).first).to_be_visible()
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)

    doc.locator('a.fact[data-fact="states_parties:XVIII-12"]').first.click()
    expect(page.get_by_test_id("fact-value")).to_have_text("149")
    expect(page.get_by_test_id("fact-records").locator("tbody tr")).to_have_count(149)

    page.go_back()
    with page.expect_download() as info:
        page.get_by_role("link", name="Word").click()
    text = "\n".join(p.text for p in read_docx(io.BytesIO(open(info.value.path(), "rb").read())).paragraphs)
    assert "In Kenya, 2 workshops were held <b>bold?</b>." in text and "149" in text
