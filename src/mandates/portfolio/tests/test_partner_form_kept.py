"""The project page's "Add a partner" form: the partner is typed, with suggestions of the partners the person may
see (``core.suggest``), not chosen from a select of every partner; the form is rendered once per data version and
language for everyone who may change a project (the same HTML as rendering it on each page); it posts a partner's
name, a wrong name is a field error; a person who may not change the project gets no form."""
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.partners.models import Partner
from mandates.partners.services import save_partner

pytestmark = pytest.mark.django_db


def partner_form(client, project) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/projects/{project.pk}/").content.decode()
    found = re.search(r'<details class="card">\s*<summary>.*?</details>', page, re.S)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", found.group()) if found else ""
    html = re.sub(r"/projects/\d+/", "/projects/<id>/", html)  # the form's action: the page's own project
    # every partner read (as the select of them all did), not the project's own partners
    partner_reads = sum('FROM "partners_partner"' in q["sql"] and "WHERE" not in q["sql"] for q in queries)
    return html, partner_reads


def _suggested(client, text) -> list[tuple[str, str]]:
    response = client.get("/suggest/partners/", {"field": "partner-partner", "partner-partner": text})
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)">([^<]*)</option>', response.content.decode())


def test_the_form_types_a_partner_reads_none_and_is_kept_the_same(client, users, project, make_project, settings):
    other = make_project("XEAX21")
    client.force_login(users["planning_officer"])
    settings.SHARED_FIGURES = False
    plain, reads = partner_form(client, project)
    assert reads == 0 and 'name="partner-partner"' in plain and 'type="search"' in plain
    assert 'list="id_partner-partner-choices"' in plain and 'hx-get="/suggest/partners/"' in plain
    assert "<option" not in plain.split('id="id_partner-role"')[0]  # no partner is listed in the page
    assert '<label for="id_partner-partner">' in plain  # labelled for screen readers

    settings.SHARED_FIGURES = True
    cache.clear()
    assert partner_form(client, project) == (plain, 0)
    assert partner_form(client, other) == (plain, 0)
    client.force_login(users["administrator"])  # another person who may change it: the same form
    assert partner_form(client, other) == (plain, 0)


def test_suggestions_offer_partners_by_name_or_acronym_and_a_new_one_at_once(client, users, partners):
    client.force_login(users["planning_officer"])
    by_acronym = _suggested(client, "UNDP")
    assert ("United Nations Development Programme", "UNDP") in by_acronym
    assert all("undp" in f"{name} {acronym}".lower() for name, acronym in by_acronym)
    assert len(_suggested(client, "")) == min(20, Partner.objects.count())  # bounded (core.suggest.LIMIT)
    save_partner(by=users["administrator"], name="Fredonia Police & <Border> Service", kind="government")
    html = client.get("/suggest/partners/", {"field": "partner-partner", "partner-partner": "fredonia"}).content
    assert b'value="Fredonia Police &amp; &lt;Border&gt; Service"' in html
    client.logout()
    assert client.get("/suggest/partners/?partner-partner=UN").status_code == 302  # signed-in people only


def test_the_form_posts_a_partner_by_name_and_a_wrong_name_is_a_field_error(client, users, project):
    client.force_login(users["planning_officer"])
    url = f"/projects/{project.pk}/partners/new/"
    wrong = client.post(url, {"partner-partner": "No Such Organisation", "partner-role": "implementing"})
    assert wrong.status_code == 200
    assert "No partner is called “No Such Organisation”" in wrong.content.decode()
    assert 'value="No Such Organisation"' in wrong.content.decode()  # what was typed is shown again
    partner = save_partner(by=users["administrator"], name="Fredonia Border Service", kind="government")
    added = client.post(url, {"partner-partner": partner.name, "partner-role": "implementing"})
    assert added.status_code == 302
    assert project.partner_roles.filter(partner=partner, role="implementing").exists()


def test_no_form_for_someone_who_may_not_change_the_project(client, users, project, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    client.force_login(users["reader"])
    page = client.get(f"/projects/{project.pk}/")
    assert page.status_code == 200 and 'name="partner-partner"' not in page.content.decode()


def test_a_partner_typed_in_another_case_or_by_its_own_acronym_is_taken_and_a_shared_acronym_asks_to_pick(
        client, users, project):
    client.force_login(users["planning_officer"])
    url = f"/projects/{project.pk}/partners/new/"
    border = save_partner(by=users["administrator"], name="Fredonia Border Service", acronym="FBS", kind="government")
    save_partner(by=users["administrator"], name="Fredonia Bureau of Statistics", acronym="FBoS", kind="government")
    assert client.post(url, {"partner-partner": "  fredonia   border service ", "partner-role": "implementing"}
                       ).status_code == 302
    assert project.partner_roles.filter(partner=border, role="implementing").exists()
    assert client.post(url, {"partner-partner": "fbs", "partner-role": "funding"}).status_code == 302
    assert project.partner_roles.filter(partner=border, role="funding").exists()
    save_partner(by=users["administrator"], name="Fredonia Boat Society", acronym="FBS", kind="government")
    shared = client.post(url, {"partner-partner": "FBS", "partner-role": "cooperating"})
    assert shared.status_code == 200 and "Several partners match “FBS”" in shared.content.decode()
    assert not project.partner_roles.filter(role="cooperating", partner__name__startswith="Fredonia").exists()
