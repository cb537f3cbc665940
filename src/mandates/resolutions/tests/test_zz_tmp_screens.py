import pytest
from django.core.management import call_command

from mandates.resolutions import services
from mandates.resolutions.tests import corpus
from mandates.resolutions.tests.test_browser_mandates import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_screens(live_server, page, transactional_db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)
    made = []
    for e in corpus.entries():
        if e.name.startswith(("1958_ecosoc_688", "1966_ecosoc_1104")):
            text = e.text_path.read_text()
            text = text[text.index("The Economic and Social Council"):]
            text = text[:text.rindex("plenary meeting")].rsplit("\n", 1)[0]
            r = services.import_resolution(text, title="t", symbol=e.expected["symbol"], body="ECOSOC",
                                           date=str(e.expected["adopted"]), suggest=False)
            made.append(r)
    base = live_server.url
    log_in(page, base, "planner", "Planning officer")
    page.set_viewport_size({"width": 1300, "height": 1000})
    for r in made:
        page.goto(f"{base}/resolutions/{r.pk}/")
        page.locator("#obligations").scroll_into_view_if_needed()
        page.screenshot(path=f"/tmp/rescal/detail_{r.pk}.png", full_page=False)
    page.goto(f"{base}/resolutions/obligations/?body=ECOSOC")
    page.screenshot(path="/tmp/rescal/calendar.png", full_page=True)
