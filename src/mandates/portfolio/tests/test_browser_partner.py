"""In Chromium, on the demo data: a programme manager adds a partner to one of their projects by typing part of
its name (the suggestions come from ``/suggest/partners/`` through htmx), with the keyboard only; a name that is no
partner's is refused with a field error; the page with the form open has no axe-core (WCAG 2.1 A/AA) violation."""
import os
from pathlib import Path
from urllib.parse import urljoin

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js"


@pytest.fixture
def demo(transactional_db):
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", portfolio_only=True, verbosity=0)


def _their_project():
    from mandates.people import permissions
    from mandates.people.models import User
    from mandates.portfolio.models import Project

    manager = User.objects.get(username="pm.nairobi")
    return next(p for p in Project.objects.order_by("code") if permissions.can(manager, "change", p))


def test_a_manager_types_a_partner_with_the_keyboard_and_a_wrong_name_is_refused(live_server, page, demo):
    from mandates.partners.models import Partner

    project = _their_project()
    partner = Partner.objects.exclude(project_roles__project=project).filter(acronym="UNICEF").first() or \
        Partner.objects.exclude(project_roles__project=project).exclude(acronym="").order_by("name").first()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("pm.nairobi")
    page.get_by_label("Password").fill("mandates-demo")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    summary = page.locator("summary", has_text="Add a partner")
    summary.focus()
    page.keyboard.press("Enter")  # opens the <details>
    field = page.get_by_role("combobox", name="Partner")  # a combobox to a screen reader
    field.focus()
    field.press_sequentially(partner.acronym, delay=50)
    # the suggestions on focus (the first partners), then those of what was typed
    page.wait_for_function("text => [...document.querySelectorAll('#id_partner-partner-choices option')]"
                           ".every(o => (o.value + ' ' + o.textContent).toLowerCase().includes(text))",
                           arg=partner.acronym.lower())
    offered = page.locator("#id_partner-partner-choices option").evaluate_all(
        "os => os.map(o => [o.value, o.textContent])")
    assert [partner.name, partner.acronym] in offered
    assert not _axe_violations(page)
    if os.environ.get("MANDATES_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["MANDATES_SCREENSHOTS"], "project-add-partner.png"), full_page=True)

    field.fill("No Such Organisation")  # what a datalist does when an option is chosen: the value is the name
    page.get_by_label("Role").select_option("implementing")
    field.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".field", has=page.get_by_role("combobox", name="Partner"))).to_contain_text("No partner is called “No Such Organisation”")
    page.get_by_role("combobox", name="Partner").fill(partner.name)
    page.get_by_role("combobox", name="Partner").press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("table", name="Partners")).to_contain_text(partner.name)
    assert project.partner_roles.filter(partner=partner, role="implementing").exists()


def _axe_violations(page):
    page.add_script_tag(url=urljoin(page.url, f"/static/vendor/{AXE.name}"))
    return page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                         ".then(r => r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3)"
                         ".map(n => n.target.join(' ')).join(', ')))", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
