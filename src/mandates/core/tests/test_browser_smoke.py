"""The browser harness itself: Debian's Chromium renders our pages with their vendored assets."""
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_pages_render_with_css_and_no_console_errors(live_server, page, users):
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}/partners/")
    assert page.locator("h1").inner_text() == "Partners"
    # The stylesheet is applied: the header carries the UN blue.
    color = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(0, 90, 156)"
    # htmx was served from the vendored copy, not a CDN.
    assert page.evaluate("typeof window.htmx") == "object"
    assert errors == []
