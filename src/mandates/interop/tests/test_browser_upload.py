"""A planning officer uploads another publisher's IATI file in a real browser and reads the summary.

It runs on the package's demo data (pytest-django runs transactional tests last, and flushes after them)."""
import pytest
from playwright.sync_api import expect

from mandates.core.testing import SHARED_DIR

SAMPLE = SHARED_DIR / "data" / "iati" / "samples" / "unodc-related-a.xml"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not SAMPLE.is_file(), reason="no shared IATI samples")]


def test_upload_an_iati_file_and_read_why_activities_were_refused(live_server, page, demo):
    from mandates.people.models import User

    planner = User.objects.get(username="planner")
    planner.set_password("pass-word-123")
    planner.save()
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Cooperation").click()  # a menu
    page.get_by_role("navigation", name="Main").get_by_role("link", name="IATI").click()
    page.get_by_role("link", name="Other publishers' files: imports").click()
    page.get_by_label("IATI file (XML)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("6 activities stored, 1 refused")  # the job's summary
    page.goto(f"{base}/open-data/imports/")
    page.get_by_role("link", name="unodc-related-a.xml").click()
    expect(page.locator("table")).to_contain_text("-5e-10")
    expect(page.locator("table")).to_contain_text("373")
