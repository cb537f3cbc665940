"""A programme manager, in a real browser, on the demo data: strategy -> result -> project, then a new
project with its logical framework, seen in the project list and in its history."""
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)


def choose(select, pattern):
    """Select the option whose text matches ``pattern`` (a regular expression)."""
    option = select.locator("option").filter(has_text=re.compile(pattern)).first
    select.select_option(value=option.get_attribute("value"))


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("mandates-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".site-user__name")).to_contain_text("Programme manager")


def test_walk_strategy_to_project_and_create_a_project_with_a_logframe(live_server, page, demo):
    base = live_server.url
    log_in(page, base, "pm.nairobi")

    # Strategy -> expected result 1.2.8 (witness protection) -> a contributing project.
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Mandates").click()  # a menu
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Strategy").click()
    expect(page.locator("h1")).to_contain_text("2008-2011")
    page.locator("a[href$='/2008-2011/1.2.8/']").first.click()
    expect(page.locator("main")).to_contain_text("Enhanced capacity to protect witnesses")
    page.get_by_role("link", name=re.compile(r"KENX41 Witness protection in Kenya")).click()
    expect(page.locator("h1")).to_contain_text("KENX41")
    expect(page.locator("#logframe")).to_be_visible()

    # A new project, with its logframe, led by the manager's own office.
    page.goto(f"{base}/projects/new/")
    page.get_by_label("Code").fill("KENX99")
    page.get_by_label("Title").fill("Support to the Witness Protection Agency of Kenya, phase II")
    page.get_by_label("Objective").fill("The Witness Protection Agency protects witnesses of serious crime.")
    choose(page.get_by_label("Lead work unit"), "Eastern Africa")
    page.get_by_label("Start date").fill("2010-01-01")
    page.get_by_label("End date").fill("2009-12-31")  # ends before it starts: refused with a field error
    choose(page.get_by_label("Strategy period"), "2008-2011")
    page.get_by_role("button", name=re.compile("Save|Create")).click()
    expect(page.locator(".field--error")).to_contain_text("end date")
    page.get_by_label("End date").fill("2011-12-31")
    choose(page.get_by_label("Expected results"), r"^1\.2\.8 ")
    choose(page.get_by_label("Countries"), "^Kenya$")
    page.get_by_role("button", name=re.compile("Save|Create")).click()
    expect(page.locator("h1")).to_contain_text("KENX99")

    page.get_by_role("link", name="Add outcome").click()
    page.get_by_label("Code").fill("OC1")
    page.get_by_label("Title").fill("The Agency runs a witness protection programme to international standards")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    page.get_by_role("link", name="Add output").click()
    page.get_by_label("Code").fill("OP1.1")
    page.get_by_label("Title").fill("Agency staff trained in witness protection operations")
    page.get_by_role("button", name=re.compile("Save|Add")).click()
    page.get_by_role("link", name="Add activity").click()
    page.get_by_label("Code").fill("A1.1.1")
    page.get_by_label("Title").fill("Training course for protection officers, Nairobi")
    choose(page.get_by_label("Country"), "^Kenya$")
    page.get_by_label("Start date").fill("2010-03-01")
    page.get_by_label("End date").fill("2010-03-05")
    page.get_by_label("Planned cost").fill("42500.00")
    page.get_by_role("button", name=re.compile("Save|Add")).click()

    logframe = page.locator(".logframe")
    expect(logframe).to_contain_text("OC1")
    expect(logframe).to_contain_text("OP1.1")
    expect(logframe).to_contain_text("Training course for protection officers")
    expect(page.locator("main")).to_contain_text("42,500.00")

    # In the list, found by text search ...
    page.goto(f"{base}/projects/?q=KENX99")
    expect(page.locator("table.data")).to_contain_text("Support to the Witness Protection Agency of Kenya")
    # ... and in its history, by name.
    page.get_by_role("link", name=re.compile("KENX99")).first.click()
    history = page.locator(".history")
    expect(history).to_contain_text("Create")
    expect(history).to_contain_text("A1.1.1")
    from mandates.people.models import User

    expect(history.locator(".history__meta").first).to_contain_text(str(User.objects.get(username="pm.nairobi")))


def test_a_member_state_reader_cannot_open_the_project_form(live_server, page, demo):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("kenya")
    page.get_by_label("Password").fill("mandates-demo")
    page.get_by_role("button", name="Log in").click()
    response = page.goto(f"{base}/projects/new/")
    assert response.status == 403
    expect(page.locator("h1")).to_contain_text("Not allowed")
