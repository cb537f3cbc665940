"""The demo file of other publishers' activities (`mandates load_iati_demo`, run by `make run`): valid IATI that the
real import stores without an error, and what the coordination view then shows on the demo's own pages."""
import io
import re

import pytest
from django.core.management import call_command

from mandates.interop.management.commands.load_iati_demo import DEMO_FILE
from mandates.interop.models import ExternalActivity, ImportRecord
from mandates.interop.selectors import count_for_projects, public_projects
from mandates.people.models import User
from mandates.portfolio.models import Project

pytestmark = pytest.mark.django_db


def _load():
    out = io.StringIO()
    call_command("load_iati_demo", stdout=out)
    return out.getvalue()


def test_every_demo_activity_is_stored_without_a_codelist_or_rule_error_and_again_changes_nothing(demo):
    in_file = len(re.findall(r"<iati-activity\b", DEMO_FILE.read_text(encoding="utf-8")))
    assert "activities stored" in _load()
    record = ImportRecord.objects.get(file_name=DEMO_FILE.name)
    assert (record.outcome, record.stored, record.refused, record.warnings) == ("done", in_file, 0, 0)
    rows = sorted(ExternalActivity.objects.values_list("pk", "identifier"))
    assert len(rows) == in_file and all(a.issues == [] for a in ExternalActivity.objects.all())
    _load()
    assert sorted(ExternalActivity.objects.values_list("pk", "identifier")) == rows


def test_partnerships_are_flagged_by_identifier_and_by_name_only(demo):
    _load()
    flagged = set(ExternalActivity.objects.filter(names_office=True).values_list("identifier", flat=True))
    assert "XI-IATI-DEMO-RDB-NGA-ACO-01" in flagged  # names the office with its ref XM-DAC-41128
    assert "XI-IATI-DEMO-JRF-KEN-PRI-02" in flagged  # only by name, no ref
    assert "XI-IATI-DEMO-NDA-KEN-JUD-01" not in flagged


def test_the_coordination_view_shows_them_beside_the_demo_projects(demo, client):
    _load()
    client.force_login(User.objects.get(username="admin"))
    kenya = client.get("/countries/KEN/").content.decode()
    assert "Judicial reform support programme, Kenya" in kenya
    assert "Prison rehabilitation and probation services, Kenya" in kenya
    # a country where others work, but on none of the office's sectors there: a sentence, no table after a colon
    afghanistan = client.get("/countries/AFG/").content.decode()
    assert re.search(r"1 activity of another IATI publisher in this country", afghanistan)
    assert re.search(r"0 on the sectors of the office's projects here \([0-9, ]+\)\.", afghanistan)
    assert "Counter-narcotics institution building" not in afghanistan
    piracy = Project.objects.get(code="XEAX20")
    page = client.get(f"/projects/{piracy.pk}/").content.decode()
    assert "Judicial reform support programme, Kenya" in page and "Witness protection and victim support, Kenya" in page
    counts = count_for_projects(list(public_projects().values_list("pk", flat=True)))
    assert counts[piracy.pk] == 2
    assert sum(1 for n in counts.values() if n) >= 8  # most demo countries and sectors have someone else
