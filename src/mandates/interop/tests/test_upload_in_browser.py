"""A planning officer uploads another publisher's IATI file in a real browser and reads the summary."""
import pytest
from playwright.sync_api import expect

from mandates.core.testing import SHARED_DIR

SAMPLE = SHARED_DIR / "data" / "iati" / "samples" / "unodc-related-a.xml"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not SAMPLE.is_file(), reason="no shared IATI samples")]


def test_upload_an_iati_file_and_read_why_activities_were_refused(live_server, page, users):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Open data").click()
    page.get_by_role("link", name="Other publishers' files: imports").click()
    page.get_by_label("IATI file (XML)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("h1")).to_have_text("unodc-related-a.xml")
    expect(page.locator(".messages")).to_contain_text("6 activities stored, 1 refused")
    expect(page.locator("table")).to_contain_text("-5e-10")
    expect(page.locator("table")).to_contain_text("373")
    page.get_by_role("link", name="Imports").click()
    expect(page.locator("table")).to_contain_text("unodc-related-a.xml")
