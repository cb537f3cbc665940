"""axe-core (vendored from npm) in Chromium on every kind of public page, in English and Arabic, on
the Member-State view, and on the main staff pages. Any WCAG 2.1 A/AA violation fails."""
from pathlib import Path
from urllib.parse import urljoin

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # From the server (script-src 'self'): the Content-Security-Policy refuses inline script, rightly.
    if page.url.startswith("data:"):  # the checker's own check: no server, no policy
        page.add_script_tag(path=str(AXE))
    else:
        page.add_script_tag(url=urljoin(page.url, f"/static/vendor/{AXE.name}"))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                          ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3)"
                          ".map(n => n.target.join(' ')).join(', ')))", TAGS)
    return found


def test_public_pages_in_english_and_arabic_have_no_axe_violation(live_server, page, world):
    assert AXE.exists(), "run make assets (scripts/vendor-assets) to vendor axe-core"
    # The checker does find problems: an image without alternative text on an untitled page.
    assert violations(page, "data:text/html,<html><body><img src='x.png'></body></html>")
    kinds = ["/open/", f"/open/?country=KEN&donor={world['sweden'].pk}", "/open/projects/", "/open/projects/OPEN1/",
             "/open/programmes/PUBPRG/", "/open/countries/KEN/", "/open/regions/002/",
             f"/open/donors/{world['sweden'].pk}/", f"/open/results/{world['result'].pk}/", "/open/search/?q=project",
             "/open/accessibility/", "/open/embed/year/", "/open/?year=abc", "/open/projects/NOPE/"]
    failures = {}
    for prefix in ("", "/ar"):
        for url in kinds:
            found = violations(page, live_server.url + prefix + url)
            if found:
                failures[prefix + url] = found
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert not failures, failures


def test_member_state_view_and_main_staff_pages_have_no_axe_violation(live_server, page, world):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(world["kenya_user"])
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/open/my/")
    assert "Kenya" in page.locator("h1").inner_text()  # logged in: the scoped view, not the login form
    failures = {}
    for url in ["/open/my/", "/", "/projects/", f"/projects/{world['open1'].pk}/"]:
        found = violations(page, live_server.url + url)
        if found:
            failures[url] = found
    # The staff pages in Arabic (the language chosen in the switcher is kept in a cookie).
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "ar", "url": live_server.url}])
    for url in ["/", "/projects/", f"/projects/{world['open1'].pk}/"]:
        found = violations(page, live_server.url + url)
        if found:
            failures["ar " + url] = found
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert not failures, failures
