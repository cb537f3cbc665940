"""The browser harness itself: Debian's Chromium renders our pages with their vendored assets."""
import re

import pytest
from playwright.sync_api import expect

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
    # In Arabic the page is laid out right to left and no wider than the window (the hidden skip link once
    # stood 999 px to the left, which a right-to-left page scrolls to); the link shows when a keyboard reaches it.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.set_extra_http_headers({"Accept-Language": "ar"})
    page.goto(f"{live_server.url}/partners/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.keyboard.press("Tab")
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and 0 <= box["x"] and box["x"] + box["width"] <= 1280


def _log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()


def test_header_menus_hold_one_line_at_1280_and_open_by_keyboard_and_on_a_phone(live_server, page, users, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 800})
    _log_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/projects/")
    nav = page.get_by_role("navigation", name="Main")
    # Every top-level entry of the navigation sits on one line, and the header's first line too.
    tops = page.eval_on_selector_all(".site-nav__list > li", "els => els.map(e => e.getBoundingClientRect().top)")
    assert len(tops) >= 6 and max(tops) - min(tops) < 4
    first_line = page.eval_on_selector_all(
        ".brand, .site-search, .site-user, .site-language", "els => els.map(e => e.getBoundingClientRect().top)")
    assert max(first_line) - min(first_line) < 30
    page.screenshot(path=str(tmp_path / "header-1280.png"))
    # The current section's menu is marked; menus are closed until opened.
    portfolio = nav.get_by_role("button", name="Portfolio")
    assert "is-current" in portfolio.get_attribute("class")
    assert portfolio.get_attribute("aria-expanded") == "false"
    expect(nav.get_by_role("link", name="Programmes")).to_be_hidden()
    # Keyboard: Enter opens, ArrowDown moves into the menu, Escape closes and returns to the button.
    portfolio.focus()
    page.keyboard.press("Enter")
    assert portfolio.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Programmes"
    page.screenshot(path=str(tmp_path / "menu-open-1280.png"))
    page.keyboard.press("Escape")
    assert portfolio.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent").startswith("Portfolio")
    # Opening one menu closes the other.
    nav.get_by_role("button", name="Mandates").click()
    nav.get_by_role("button", name="Results").click()
    assert nav.get_by_role("button", name="Mandates").get_attribute("aria-expanded") == "false"
    nav.get_by_role("link", name="Evaluation").click()
    expect(page).to_have_url(re.compile(r"/evaluation/"))

    # A phone: one "Menu" switch shows the whole navigation; nothing runs off the side of the page.
    page.set_viewport_size({"width": 375, "height": 800})
    switch = page.get_by_role("button", name="Menu")
    expect(switch).to_be_visible()
    expect(nav.get_by_role("button", name="Portfolio")).to_be_hidden()
    page.screenshot(path=str(tmp_path / "header-375-closed.png"))
    switch.click()
    nav.get_by_role("button", name="Portfolio").click()
    expect(nav.get_by_role("link", name="Projects")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(tmp_path / "header-375-open.png"), full_page=True)
