"""The project page's shared parts (core.shared_parts): rendered once for everyone whose view facts are the same,
filled with each reader's own controls. Every person gets the page they get without sharing, byte for byte (CSRF
tokens masked), whoever read the project first; a write shows at once."""
import datetime
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mandates.core.shared_parts import CSRF_SLOT, for_person
from mandates.evaluation.services import save_lesson
from mandates.geography.models import Area, Country
from mandates.interop.services import import_file
from mandates.people import permissions
from mandates.portfolio import services
from mandates.portfolio.models import ProjectPartner

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
PEOPLE = ["administrator", "planning_officer", "programme_manager", "programme_manager_hq", "finance_officer",
          "reader", "member_state_reader"]
UNPUBLISHED = "Courts in the Andes need interpreters"
IATI_FILE = Path(__file__).resolve().parents[2] / "interop" / "tests" / "data" / "demo-activities.xml"


@pytest.fixture
def world(project, make_project, strategy, units, users):
    """The regional office's draft project with partners and a logframe, an approved one of another unit in Kenya
    and Somalia, and an unpublished lesson on their result learned in South America (not the Kenyan reader's)."""
    other = make_project("XJUS01", lead_unit=units["DO-JUS"], start_date=datetime.date(2010, 1, 1),
                         locations=[{"country": Country.objects.get(iso3="KEN")},
                                    {"country": Country.objects.get(iso3="SOM")}])
    save_lesson(by=users["planning_officer"], title=UNPUBLISHED, text="Interpreters were the bottleneck.",
                results=[strategy["1.1.1"]], areas=[Area.objects.get(name="South America")], is_public=False)
    return {"project": project, "other": other}


def read(user, url, language="en", client=None):
    client = client or Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    body = response.content.decode()
    assert CSRF_SLOT not in body and "<!--for:" not in body
    return TOKEN.sub("CSRF", body), len(queries)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_person_gets_their_own_page_whoever_read_the_project_first(world, users, settings, language):
    for project in world.values():
        url = f"/projects/{project.pk}/"
        settings.SHARED_FIGURES = False
        alone = {role: read(users[role], url, language) for role in PEOPLE}
        settings.SHARED_FIGURES = True
        for order in (PEOPLE, PEOPLE[::-1]):
            cache.clear()
            shared = {role: read(users[role], url, language) for role in order}
            assert {role: html for role, (html, _n) in shared.items()} == {role: html for role, (html, _n) in alone.items()}
            # two sets of view facts (the Member State reader's, everyone else's): two renderings, five readings
            counts = [n for _html, n in shared.values()]
            assert len([n for n in counts if n > min(counts) + 10]) == 2


def test_a_reader_never_gets_the_controls_of_a_programme_manager_nor_a_member_state_reader_unpublished_lessons(
        world, users, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    url = f"/projects/{world['project'].pk}/"
    manager, _n = read(users["programme_manager"], url)
    reader, _n = read(users["reader"], url)
    kenya, _n = read(users["member_state_reader"], url)
    assert "Edit outcome OC1" in manager and "/partners/" in manager and "Record a delivery" in manager
    for page in (reader, kenya):
        assert "Edit outcome" not in page and "Remove " not in page and "Record a delivery" not in page
        assert "Maritime crime programme" in page and "Prosecutors trained" in page
    assert UNPUBLISHED in manager and UNPUBLISHED in reader and UNPUBLISHED not in kenya
    # and the other way round: the reader first, then the manager gets their controls back
    cache.clear()
    assert read(users["reader"], url)[0] == reader
    assert read(users["programme_manager"], url)[0] == manager


def test_a_form_in_a_shared_part_posts_with_the_readers_own_token(world, users, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    project = world["project"]
    read(users["planning_officer"], f"/projects/{project.pk}/")  # the part is rendered for the planner's session
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["programme_manager"])
    page = client.get(f"/projects/{project.pk}/").content.decode()
    role = ProjectPartner.objects.get(project=project, partner__acronym="UNDP")
    form = re.search(rf'action="/projects/{project.pk}/partners/{role.pk}/remove/">.*?value="([A-Za-z0-9]{{64}})"',
                     page).group(1)
    answer = client.post(f"/projects/{project.pk}/partners/{role.pk}/remove/", {"csrfmiddlewaretoken": form})
    assert answer.status_code == 302 and not ProjectPartner.objects.filter(pk=role.pk).exists()


def test_a_write_shows_at_once_and_a_shared_reading_stays_bounded(world, users, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    project = world["project"]
    url = f"/projects/{project.pk}/"
    read(users["reader"], url)
    html, queries = read(users["finance_officer"], url)
    assert "Judges trained" not in html and queries <= 8  # the part read, not rendered: a constant
    services.add_outcome(project, by=users["planning_officer"], code="OC2", title="Judges trained")
    html, queries = read(users["finance_officer"], url)
    assert "OC2 Judges trained" in html and queries > 8
    assert read(users["finance_officer"], url)[1] <= 8


@pytest.mark.django_db(transaction=True)
def test_an_iati_import_renders_the_part_again(world, users, settings):
    """Other publishers' activities (a panel of the page) are not audited: an import moves the data version itself
    when it commits (a transaction of its own here, as on the server)."""
    settings.SHARED_FIGURES = True
    cache.clear()
    url = f"/projects/{world['project'].pk}/"
    read(users["reader"], url)
    assert read(users["finance_officer"], url)[1] <= 8
    import_file(IATI_FILE)
    assert read(users["finance_officer"], url)[1] > 8


def test_view_key_names_what_decides_the_rows_a_person_sees(users):
    key = permissions.view_key
    assert key(users["reader"], "indicator", "lesson") == key(users["finance_officer"], "indicator", "lesson")
    assert key(users["reader"], "lesson") != key(users["member_state_reader"], "lesson")
    assert key(users["programme_manager"], "project_finance") != key(users["programme_manager_hq"], "project_finance")
    assert key(None, "lesson") != key(users["reader"], "lesson")


def test_for_person_keeps_or_drops_each_block():
    html = "a<!--for:can_change-->B<!--/for:can_change-->c<!--for:may_add-->D<!--/for:may_add-->" + CSRF_SLOT
    assert for_person(html, {"can_change": True}) == "aBc"
    assert for_person(html, {"may_add": True, "can_change": False}) == "acD"
