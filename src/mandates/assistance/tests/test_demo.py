"""The demo requests: loaded after the portfolio, idempotent, never accepted without a link."""
import datetime
import io

import pytest
import yaml
from auditlog.models import LogEntry
from django.core.management import call_command

from mandates.assistance.demo import DEMO_FILE, load_demo_requests
from mandates.assistance.models import AssistanceRequest
from mandates.core.models import StatusChange

ENTRIES = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))["requests"]


@pytest.mark.django_db
def test_demo_requests_load_once_and_skip_missing_links(strategy, project, units):
    # Only project XEAX20 exists (fixture); units ROEA and DO-OCB exist, ROEA-CPP etc. do not.
    report = load_demo_requests()
    assert 15 <= len(ENTRIES) <= 25
    assert AssistanceRequest.objects.filter(is_demo=True).count() == len(ENTRIES) == len(report.created)
    by_ref = {r.reference: r for r in AssistanceRequest.objects.select_related("project")}
    for entry in ENTRIES:
        req = by_ref[entry["reference"]]
        assert req.requesting_state.iso3 == entry["state"] and req.received_on == entry["received"]
        if entry.get("response") == "accept":
            # accepted only with its project; otherwise left under triage
            if req.status == "accepted" or req.status == "closed":
                assert req.project.code == entry["project"]
            else:
                assert req.status == "under_triage" and entry["reference"] in report.left_under_triage
    declined = [e for e in ENTRIES if e.get("response") == "decline" and e.get("unit") in units]
    assert declined and all(by_ref[e["reference"]].status == "declined" for e in declined)
    assert all(by_ref[e["reference"]].responded_on == e["responded"] for e in declined)
    assert not AssistanceRequest.objects.filter(status="accepted", project__isnull=True,
                                                activity__isnull=True).exists()

    counts = (AssistanceRequest.objects.count(), StatusChange.objects.count(), LogEntry.objects.count())
    again = load_demo_requests()
    assert again.created == [] and again.moved == []
    assert (AssistanceRequest.objects.count(), StatusChange.objects.count(), LogEntry.objects.count()) == counts


@pytest.mark.django_db
def test_a_later_load_moves_requests_on_once_their_project_exists(strategy, project, units):
    from mandates.organisation.services import create_work_unit
    from mandates.portfolio.models import Project

    load_demo_requests()
    entry = next(e for e in ENTRIES if e.get("project") == "SYCX09")
    assert AssistanceRequest.objects.get(reference=entry["reference"]).status == "under_triage"
    unit = create_work_unit(by=None, parent=units["ROEA"], code=entry["unit"], name="Counter-Piracy Programme",
                            kind="programme_office")
    Project.objects.create(code="SYCX09", title="Seychelles piracy prosecutions", objective="Fair trials",
                           strategy_period=strategy["period"], lead_unit=unit, start_date=datetime.date(2009, 6, 1),
                           end_date=datetime.date(2011, 6, 30))
    report = load_demo_requests()
    req = AssistanceRequest.objects.get(reference=entry["reference"])
    assert entry["reference"] in report.moved
    assert (req.status, req.project.code, req.responded_on) == ("accepted", "SYCX09", entry["responded"])
    # The timeline carries the dates of the demo data, not the day of the load.
    responded = StatusChange.objects.filter(object_id=req.pk, to_status="accepted").get()
    assert responded.changed_at.date() == entry["responded"]


@pytest.mark.django_db
def test_command_reports_and_refuses_a_bad_file(tmp_path, strategy, units):
    out = io.StringIO()
    call_command("load_demo_requests", stdout=out)
    assert "demo requests created" in out.getvalue()
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"requests": [
        {"reference": "X-1", "state": "KEN", "received": "2009-01-01", "subject": "Fine"},
        {"reference": "X-2", "state": "ZZZ", "received": "2009-01-01", "subject": "Unknown State"},
    ]}))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ZZZ"):
        call_command("load_demo_requests", file=str(bad))
    assert not AssistanceRequest.objects.filter(reference__startswith="X-").exists()
