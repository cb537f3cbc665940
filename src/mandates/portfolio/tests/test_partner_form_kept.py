"""The project page's "Add a partner" form is rendered once per data version and language for everyone who may
change a project (its select lists every partner): the same HTML as rendering it on each page, a new partner
shows at once, and a person who may not change the project gets no form."""
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.partners.services import save_partner

pytestmark = pytest.mark.django_db


def partner_form(client, project) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/projects/{project.pk}/").content.decode()
    found = re.search(r'<details class="card">\s*<summary>.*?</details>', page, re.S)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", found.group()) if found else ""
    html = re.sub(r"/projects/\d+/", "/projects/<id>/", html)  # the form's action: the page's own project
    every_partner = 'FROM "partners_partner" ORDER BY "partners_partner"."name" ASC'
    partner_reads = sum(q["sql"].endswith(every_partner) for q in queries)
    return html, partner_reads


def test_the_form_is_kept_the_same_and_a_new_partner_shows_at_once(client, users, project, make_project,
                                                                    settings):
    other = make_project("XEAX21")
    client.force_login(users["planning_officer"])
    settings.SHARED_FIGURES = False
    plain, reads = partner_form(client, project)
    assert reads == 1 and 'name="partner-partner"' in plain and "United Nations Development Programme" in plain

    settings.SHARED_FIGURES = True
    cache.clear()
    first, reads = partner_form(client, project)
    assert first == plain and reads == 1
    again, reads = partner_form(client, other)  # another project: the same form, partners not read again
    assert again == plain and reads == 0
    client.force_login(users["administrator"])  # another person who may change it: shared
    assert partner_form(client, other) == (plain, 0)

    save_partner(by=users["administrator"], name="Fredonia Police & <Border> Service", kind="government")
    changed, reads = partner_form(client, other)
    assert reads == 1 and "Fredonia Police &amp; &lt;Border&gt; Service" in changed


def test_no_form_for_someone_who_may_not_change_the_project(client, users, project, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    client.force_login(users["reader"])
    page = client.get(f"/projects/{project.pk}/")
    assert page.status_code == 200 and 'name="partner-partner"' not in page.content.decode()
