"""The donor filter in Chromium: typing fills the suggestions from the public endpoint (htmx), choosing
one shows that donor's money."""
import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_donor_offers_published_donors_and_filters_by_the_chosen_one(live_server, page, world):
    page.goto(f"{live_server.url}/open/")
    donor = page.locator("#f-donor")
    donor.click()
    donor.press_sequentially("Swe", delay=50)
    page.wait_for_function("document.querySelectorAll('#f-donor-choices option').length > 0")
    assert page.locator("#f-donor-choices option").evaluate_all("os => os.map(o => o.value)") == ["Sweden"]
    if os.environ.get("MANDATES_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["MANDATES_SCREENSHOTS"], "portal-donor-filter.png"))
    donor.fill("Sweden")
    page.locator("form.filter-sentence button[type=submit]").click()
    page.wait_for_load_state()
    assert "donor=Sweden" in page.url
    assert page.locator("#f-donor").input_value() == "Sweden"
    assert page.locator("#t-donors").inner_text().count("Sweden") == 1
