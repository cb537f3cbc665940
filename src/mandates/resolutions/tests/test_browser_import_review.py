"""A planning officer, in a real browser, pastes a resolution copied from the office's online archive
(its "1042nd Plenary Meeting" header above the title, a "26/" footnote marker and the footnote's text
at the end) without typing its symbol, body or date (the text prints them), sees the split, corrects a
deadline, saves, and finds the paragraphs, their addressees and the dated obligations."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from mandates.portal.tests.test_browser_accessibility import violations

from .test_browser_mandates import demo, log_in  # noqa: F401 - the demo fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARCHIVE = Path(__file__).resolve().parent / "corpus" / "texts" / "1958_ecosoc_688_archive.txt"
SHOTS = Path(os.environ.get("MANDATES_SCREENSHOTS", "/tmp/mandates-screenshots"))


def test_paste_an_archive_page_review_correct_a_deadline_and_save(live_server, page, demo):  # noqa: F811
    from mandates.resolutions.models import ImportDraft, Obligation, Resolution

    base = live_server.url
    log_in(page, base, "planner", "Planning officer")
    page.goto(f"{base}/resolutions/import/")
    page.get_by_label("…or paste the text").fill(ARCHIVE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Import").click()  # symbol, body and date left to the text
    expect(page.locator("#job-progress")).to_contain_text(
        "E/RES/1958/688(XXVI) read: 1 preambular and 2 operative paragraphs, 3 obligations")
    page.get_by_role("link", name="Review the split").click()

    # The split: the title read after the resolution number, not the meeting line; the footnote apart.
    expect(page.locator("h1")).to_have_text("Review the import of E/RES/1958/688(XXVI)")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("Technical assistance for narcotics control")
    expect(facts).to_contain_text("Economic and Social Council")
    expect(facts).to_contain_text("28 July 1958")
    expect(facts).to_contain_text("Read from the text: symbol, governing body, date of adoption, title.")
    preamble = page.locator("#draft-0")
    expect(preamble.locator(".draft-text")).to_have_text(
        "Noting the resolution on technical assistance for narcotics control adopted by the Commission on "
        "Narcotic Drugs at its thirteenth session,")
    expect(preamble.locator(".draft-footnotes")).to_contain_text("Supplement No. 9 (E/3133)")
    second = page.locator("#draft-2")
    expect(second.locator("h3")).to_have_text("Paragraph 2")
    rows = second.locator("tr.draft-obligation")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("at its fourteenth session")
    expect(rows.nth(0).locator("time")).to_have_attribute("datetime", "1959-04-01")
    expect(rows.nth(1)).to_contain_text("twenty-eighth session of the Economic and Social Council")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "import-review.png"), full_page=True)
    assert not violations(page, page.url)

    # The Commission met on 27 April 1959: the officer gives the day (htmx swaps the split in place).
    second.locator("summary").click()
    form = second.get_by_role("form", name="Deadline of obligation 1 of paragraph 2")
    form.get_by_label("Deadline (date)").fill("1959-04-27")
    form.get_by_role("button", name="Save deadline and recipient").click()
    expect(page.locator("#draft-2 tr.draft-obligation").nth(0).locator("time")).to_have_attribute(
        "datetime", "1959-04-27")
    expect(page.locator("#draft-2 .badge--draft")).to_have_text("corrected")
    page.screenshot(path=str(SHOTS / "import-review-corrected.png"), full_page=True)

    page.get_by_role("button", name="Save the resolution").click()
    expect(page.locator("h1")).to_contain_text("E/RES/1958/688(XXVI)")
    main = page.locator("main")
    paragraphs = main.locator("article.paragraph")
    expect(paragraphs.filter(has_text="Requests the Secretary-General to report on these matters")).to_have_count(1)
    for n in (0, 1):  # both operative paragraphs ask the Secretary-General
        expect(main.locator("article.paragraph").filter(has_text=f"Paragraph {n + 1}").locator(".badge").first
               ).to_contain_text("Secretary-General")
    expect(main).not_to_contain_text("session, 26/")  # the footnote marker is not in the text
    expect(main).to_contain_text("27 Apr 1959")
    expect(main).to_contain_text("June 1959")
    page.screenshot(path=str(SHOTS / "import-saved.png"), full_page=True)
    resolution = Resolution.objects.get(symbol="E/RES/1958/688(XXVI)")
    assert (resolution.body, str(resolution.date)) == ("ECOSOC", "1958-07-28")
    assert resolution.corrected_by.username == "planner" and not ImportDraft.objects.exists()
    deadlines = sorted(str(o.deadline) for o in Obligation.objects.filter(paragraph__resolution=resolution)
                       if o.deadline)
    assert deadlines == ["1959-04-27", "1959-06-01"]
