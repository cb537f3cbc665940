"""Demo requests for technical assistance (``data/demo_requests.yaml``), loaded after the demo portfolio.

Idempotent: a request is found by its reference and only moved on along its lifecycle; running the
load twice changes nothing. A request whose work unit, linked project or partner is missing stays
under triage, and moves on at a later load once they exist.
"""
import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from mandates.core.models import StatusChange
from mandates.geography.models import Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.portfolio.models import Project
from mandates.strategy.models import StrategyNode

from . import services
from .models import AssistanceRequest

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo_requests.yaml"
Status = AssistanceRequest.Status
STEP_DAYS = {"triaged": 3, "assigned": 5}


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    left_under_triage: dict[str, str] = field(default_factory=dict)
    unknown_results: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        lines = [f"{len(self.created)} demo requests created, {len(self.moved)} moved along their lifecycle."]
        for ref, why in sorted(self.left_under_triage.items()):
            lines.append(f"  {ref} left under triage: {why}")
        if self.unknown_results:
            lines.append(f"  result codes not in the strategy (skipped): {', '.join(sorted(self.unknown_results))}")
        return "\n".join(lines)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=datetime.UTC)


def _date(entry: dict, key: str, after: datetime.date) -> datetime.date:
    value = entry.get(key)
    if value is None:
        return after + datetime.timedelta(days=STEP_DAYS.get(key, 0))
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({key: f"{entry.get('reference')}: “{value}” is not a date (YYYY-MM-DD)."}) from None


def _record(change: StatusChange, day: datetime.date) -> None:
    """Date the recorded transition on the day the demo data gives, so the timeline reads as it happened."""
    StatusChange.objects.filter(pk=change.pk).update(changed_at=_at(day))


def _results(entry: dict, period_code: str, report: DemoReport):
    codes = [str(code) for code in entry.get("results") or []]
    nodes = {n.code: n for n in StrategyNode.objects.filter(period__code=period_code, track="results",
                                                            code__in=codes).select_related("period")}
    report.unknown_results.update(code for code in codes if code not in nodes)
    return [nodes[code] for code in codes if code in nodes]


def _partner(name):
    if not name:
        return None
    return Partner.objects.filter(Q(acronym__iexact=name) | Q(name__iexact=name)).first()


def _what_is_missing(entry: dict, unit, project, partner) -> str | None:
    if entry.get("response") and not entry.get("unit"):
        return "no work unit given"
    if entry.get("unit") and unit is None:
        return f"work unit {entry['unit']} does not exist"
    if entry.get("response") == "accept" and project is None:
        return f"project {entry.get('project') or '(none given)'} does not exist"
    if entry.get("response") == "refer" and partner is None:
        return f"partner {entry.get('partner') or '(none given)'} does not exist"
    return None


def _load_one(entry: dict, period_code: str, by, report: DemoReport) -> None:
    reference = entry["reference"]
    state = Country.objects.filter(iso3=str(entry.get("state", "")).upper()).first()
    if state is None:
        raise ValidationError({"requesting_state": f"{reference}: unknown State “{entry.get('state')}”."})
    if not entry.get("received"):
        raise ValidationError({"received_on": f"{reference}: give the date received."})
    received = _date(entry, "received", datetime.date.min)
    req = AssistanceRequest.objects.filter(reference=reference).first()
    if req is None:
        req = services.save_request(
            by=by, reference=reference, requesting_state=state, received_on=received,
            channel=entry.get("channel", "note_verbale"), state_reference=entry.get("state_reference", ""),
            subject=entry["subject"], description=(entry.get("description") or "").strip(),
            urgency=entry.get("urgency", "routine"), results=_results(entry, period_code, report), is_demo=True,
        )
        report.created.append(reference)
    status_before = req.status
    unit = WorkUnit.objects.filter(code=entry["unit"]).first() if entry.get("unit") else None
    project = Project.objects.filter(code=entry["project"]).first() if entry.get("project") else None
    partner = _partner(entry.get("partner"))
    goes_on = any(entry.get(key) for key in ("triaged", "unit", "response"))

    triaged = _date(entry, "triaged", received)
    if req.status == Status.RECEIVED and goes_on:
        _record(services.triage(req, by=by, comment="Within the mandate of the Office."), triaged)
    missing = _what_is_missing(entry, unit, project, partner)
    if missing and req.status == Status.UNDER_TRIAGE:
        report.left_under_triage[reference] = missing
        return
    assigned = _date(entry, "assigned", triaged)
    if req.status == Status.UNDER_TRIAGE and unit is not None:
        _record(services.assign(req, by=by, unit=unit), assigned)
    response = entry.get("response")
    if req.status == Status.ASSIGNED and response:
        responded = _date(entry, "responded", assigned)
        change = services.respond(
            req, response, by=by, responded_on=responded, project=project, partner=partner,
            reason=(entry.get("reason") or "").strip(), comment=(entry.get("comment") or "").strip(),
        )
        _record(change, responded)
    if req.status in AssistanceRequest.RESPONSE_STATUSES and entry.get("closed"):
        _record(services.close(req, by=by, comment="Assistance delivered."), _date(entry, "closed", received))
    if req.status != status_before and reference not in report.created:
        report.moved.append(reference)


def load_demo_requests(by=None, path: Path = DEMO_FILE) -> DemoReport:
    """Load (or move on) the demo requests: all of them, or nothing when one is wrong."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    period_code = str(data.get("strategy_period", ""))
    report = DemoReport()
    with transaction.atomic():
        for entry in data.get("requests") or []:
            _load_one(entry, period_code, by, report)
    return report
