"""Loading the demo evaluations and lessons learned (``data/demo_evaluations.yaml``) through the services.

Run after the demo portfolio (``mandates load_demo``). Idempotent: an evaluation or a lesson whose
title exists is left as it is; an evaluation whose project or programme is missing is skipped.
Recommendations and responses are recorded by the demo planning officer (else ``by``); action-item
due dates may be given relative to the day of loading, so the follow-up lists stay realistic.
"""
import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Evaluation, Lesson

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_evaluations.yaml"


class DemoError(Exception):
    """A demo entry the services refused; names the entry."""


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: list = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{kind.capitalize()}: {self.created[kind]} loaded"
               + (f", {self.existing[kind]} already there" if self.existing[kind] else "")
               for kind in ("evaluations", "findings", "recommendations", "responses", "action items", "lessons")
               if self.created[kind] or self.existing[kind]]
        if self.skipped:
            out.append(f"Skipped (not in the portfolio): {', '.join(self.skipped)}")
        return out


def _guard(entry_title, call, /, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ValidationError as exc:
        messages = ([f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
                    if hasattr(exc, "error_dict") else exc.messages)
        raise DemoError(f"demo_evaluations.yaml: “{entry_title[:60]}”: {'; '.join(messages)}") from exc


class Lookup:
    def __init__(self, period_code):
        from mandates.geography.models import Area
        from mandates.organisation.models import WorkUnit
        from mandates.people.models import Role, User
        from mandates.strategy.models import StrategyNode

        self.units = {u.code: u for u in WorkUnit.objects.all()}
        self.people = {u.username: u for u in User.objects.filter(is_active=True)}
        self.nodes = {n.code: n for n in StrategyNode.objects.filter(period__code=period_code, track="results")}
        self.areas = {a.m49_code: a for a in Area.objects.all()}
        self.planner = User.objects.filter(is_active=True, role=Role.PLANNING_OFFICER).order_by("username").first()

    def owner(self, entry, fallback):
        """The named owners; the evaluated unit when none of them exists in this database."""
        found = {"owner_unit": self.units.get(entry.get("owner_unit")),
                 "owner_person": self.people.get(entry.get("owner_person"))}
        return found if any(found.values()) else {"owner_unit": fallback, "owner_person": None}


def _due(entry, today):
    if "due_in_days" in entry:
        return today + datetime.timedelta(days=int(entry["due_in_days"]))
    return entry.get("due")


def _load_evaluation(entry, look, by, report, today):
    from mandates.portfolio.models import Programme, Project

    if Evaluation.objects.filter(title=entry["title"]).exists():
        report.existing["evaluations"] += 1
        return
    fields = {"title": entry["title"], "subject": entry["subject"], "modality": entry["modality"],
              "evaluators": entry.get("evaluators", ""), "start_date": entry.get("start"),
              "completion_date": entry.get("completion"), "status": entry.get("status", "planned"),
              "summary": entry.get("summary", ""), "is_demo": True,
              "managed_by": look.units.get(entry.get("managed_by")),
              "responsible_unit": look.units.get(entry.get("responsible_unit"))}
    if entry.get("responsible_unit") and fields["responsible_unit"] is None:
        report.skipped.append(entry["responsible_unit"])
        return
    if entry.get("project"):
        fields["project"] = Project.objects.filter(code=entry["project"]).first()
        if fields["project"] is None:
            report.skipped.append(entry["project"])
            return
    if entry.get("programme"):
        fields["programme"] = Programme.objects.filter(code=entry["programme"]).first()
        if fields["programme"] is None:
            report.skipped.append(entry["programme"])
            return
    results = [look.nodes[c] for c in entry.get("results") or [] if c in look.nodes] or None
    evaluation = _guard(entry["title"], services.save_evaluation, by=by, results=results, **fields)
    report.created["evaluations"] += 1
    findings = {}
    for number, text in enumerate(entry.get("findings") or [], start=1):
        findings[number] = _guard(entry["title"], services.add_finding, evaluation, by=by, text=text, number=number)
        report.created["findings"] += 1
    actor = look.planner or by
    for rec_entry in entry.get("recommendations") or []:
        rec = _guard(entry["title"], services.save_recommendation, by=actor, evaluation=evaluation,
                     text=rec_entry["text"], finding=findings.get(rec_entry.get("finding")), is_demo=True,
                     **look.owner(rec_entry, evaluation.responsible_unit))
        report.created["recommendations"] += 1
        response = rec_entry.get("response")
        if response:
            _guard(entry["title"], services.record_response, rec, by=actor, decision=response["decision"],
                   reason=response.get("reason", ""), responded_on=response.get("date"))
            report.created["responses"] += 1
        for action in rec_entry.get("actions") or []:
            _guard(entry["title"], services.save_action_item, by=actor, recommendation=rec,
                   description=action["description"], due_date=_due(action, today),
                   status=action.get("status", "open"), progress_note=action.get("note", ""), is_demo=True,
                   **look.owner(action, evaluation.responsible_unit))
            report.created["action items"] += 1


def _load_lesson(entry, look, by, report):
    from mandates.portfolio.models import Project

    if Lesson.objects.filter(title=entry["title"]).exists():
        report.existing["lessons"] += 1
        return
    evaluation = Evaluation.objects.filter(title=entry.get("evaluation")).first() if entry.get("evaluation") else None
    project = Project.objects.filter(code=entry.get("project")).first() if entry.get("project") else None
    if (entry.get("evaluation") and evaluation is None) or (entry.get("project") and project is None):
        report.skipped.append(f"lesson “{entry['title'][:40]}”")
        return
    results = [look.nodes[c] for c in entry["results"] if c in look.nodes] if entry.get("results") else None
    areas = [look.areas[c] for c in entry["regions"] if c in look.areas] if entry.get("regions") else None
    _guard(entry["title"], services.save_lesson, by=by, title=entry["title"], text=entry["text"],
           evaluation=evaluation, project=project, results=results, areas=areas, is_demo=True)
    report.created["lessons"] += 1


@transaction.atomic
def load_evaluation_demo(by=None, *, data_file: Path = DATA_FILE, today: datetime.date | None = None) -> Report:
    with open(data_file, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    today = today or timezone.localdate()
    look, report = Lookup(str(data.get("period", "2008-2011"))), Report()
    for entry in data.get("evaluations") or []:
        _load_evaluation(entry, look, by, report, today)
    for entry in data.get("lessons") or []:
        _load_lesson(entry, look, by, report)
    return report
