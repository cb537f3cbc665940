"""Loading the demo indicators, values and deliveries (``data/demo_*.yaml``) through the services.

Run after the demo portfolio (``mandates load_demo``): entries whose project, output, outcome or
expected result does not exist are skipped and counted. Idempotent: an indicator whose code exists,
or a delivery with the same project, title and start date, is left as it is. Values are submitted by
the demo programme manager whose unit covers the project's lead unit (else the planning officer, else
``by``) and reviewed by the demo planning officer — the real workflow, so who and when are recorded.
"""
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .models import Delivery, Indicator

DATA_DIR = Path(__file__).resolve().parent / "data"


class DemoError(Exception):
    """A demo entry the services refused; names the file and entry."""


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    skipped: list = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{kind.capitalize()}: {self.created[kind]} loaded"
               + (f", {self.existing[kind]} already there" if self.existing[kind] else "")
               for kind in ("indicators", "values", "deliveries") if self.created[kind] or self.existing[kind]]
        if self.skipped:
            out.append(f"Skipped (not in the portfolio): {len(self.skipped)} — " + "; ".join(self.skipped[:8])
                       + (" …" if len(self.skipped) > 8 else ""))
        return out


class Actors:
    def __init__(self, by):
        from mandates.people.models import Role, User

        people = list(User.objects.filter(is_active=True).select_related("work_unit").order_by("username"))
        self.by = by
        planners = [u for u in people if u.matrix_role == Role.PLANNING_OFFICER]
        self.planner = planners[0] if planners else None
        # who reviews what the planning officer reported: another planning officer, else an administrator
        self.second = next((u for u in planners[1:]), None) or next(
            (u for u in people if u.matrix_role == Role.ADMINISTRATOR), None)
        self.managers = [u for u in people if u.role == Role.PROGRAMME_MANAGER and u.work_unit_id]

    def reporter(self, project):
        if project is not None:
            covering = [u for u in self.managers if u.work_unit.covers(project.lead_unit)]
            if covering:
                return max(covering, key=lambda u: len(u.work_unit.path))
        return self.planner or self.by

    def reviewer(self, submitter):
        for person in (self.planner, self.second, self.by):
            if person is not None and person != submitter:
                return person
        return None


def _read(name: str, data_dir: Path) -> dict:
    with open(data_dir / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def _where(file: str, entry: dict) -> str:
    return f"{file}: " + " ".join(str(entry[k]) for k in ("code", "project", "output", "outcome", "result", "title")
                                  if entry.get(k))[:140]


def _saving(file, entry):
    class _Ctx:
        def __enter__(self):
            return self

        def __exit__(self, kind, exc, tb):
            if isinstance(exc, ValidationError):
                messages = ([f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
                            if hasattr(exc, "error_dict") else exc.messages)
                raise DemoError(f"{_where(file, entry)}: {'; '.join(messages)}") from exc
            return False
    return _Ctx()


def _measured(entry, period_code):
    from mandates.portfolio.models import Outcome, Output, Project
    from mandates.strategy.models import StrategyNode

    if entry.get("result"):
        node = StrategyNode.objects.filter(period__code=period_code, track="results",
                                           code=str(entry["result"])).select_related("period").first()
        return ({"result": node}, None) if node else (None, None)
    project = Project.objects.filter(code=entry.get("project")).select_related("lead_unit").first()
    if project is None:
        return None, None
    if entry.get("output"):
        output = Output.objects.filter(outcome__project=project, code=entry["output"]).first()
        return ({"output": output}, project) if output else (None, project)
    outcome = Outcome.objects.filter(project=project, code=entry.get("outcome")).first()
    return ({"outcome": outcome}, project) if outcome else (None, project)


INDICATOR_KEYS = {"kind": "kind", "unit": "unit", "currency": "currency", "aggregation": "aggregation",
                  "actual_source": "actual_source", "baseline": "baseline_value", "baseline_date": "baseline_date",
                  "disaggregate_by": "disaggregate_by", "must_add_up": "disaggregation_must_add_up",
                  "source": "source", "verification": "means_of_verification", "definition": "definition"}


def _load_indicator(entry, period_code, actors, by, report):
    if Indicator.objects.filter(code=entry["code"]).exists():
        report.existing["indicators"] += 1
        return
    measured, project = _measured(entry, period_code)
    if measured is None:
        report.skipped.append(entry["code"])
        return
    fields = {INDICATOR_KEYS[k]: v for k, v in entry.items() if k in INDICATOR_KEYS}
    if fields.get("disaggregate_by") and "disaggregation_must_add_up" not in fields:
        fields["disaggregation_must_add_up"] = True
    with _saving("demo_indicators.yaml", entry):
        indicator = services.save_indicator(by=by, code=entry["code"], title=entry["title"], is_demo=True,
                                            targets=entry.get("targets") or {}, **measured, **fields)
    report.created["indicators"] += 1
    for value in entry.get("values") or []:
        submitter = actors.reporter(project)
        rows = [(dim, cat, amount) for dim, cats in (value.get("breakdown") or {}).items()
                for cat, amount in cats.items()]
        with _saving("demo_indicators.yaml", {**entry, "title": f"value {value.get('year')}"}):
            record = services.record_value(indicator, by=submitter, year=value["year"], value=value.get("value"),
                                           text=value.get("text", ""), rating=value.get("rating", ""),
                                           note=value.get("note", ""), disaggregation=rows, is_demo=True)
            status = value.get("status", "approved")
            if status in ("approved", "returned"):
                services.review_value(record, by=actors.reviewer(submitter),
                                      action="approve" if status == "approved" else "return",
                                      comment=value.get("comment", "") or ("" if status == "approved" else "Check"))
        report.created["values"] += 1


def _load_delivery(entry, actors, by, report, indicators_by_code):
    from mandates.geography.models import Area, Country
    from mandates.portfolio.models import Activity, Output, Project

    project = Project.objects.filter(code=entry["project"]).select_related("lead_unit").first()
    if project is None:
        report.skipped.append(f"delivery “{entry['title'][:40]}”")
        return
    if Delivery.objects.filter(project=project, title=entry["title"], start_date=entry["start"]).exists():
        report.existing["deliveries"] += 1
        return
    fields = {"kind": entry["kind"], "publication_type": entry.get("publication_type", ""), "title": entry["title"],
              "description": entry.get("description", ""), "project": project, "start_date": entry["start"],
              "end_date": entry.get("end") or entry["start"], "place": entry.get("place", ""),
              "participants": entry.get("participants", 0), "is_demo": True}
    if entry.get("output"):
        fields["output"] = Output.objects.filter(outcome__project=project, code=entry["output"]).first()
    if entry.get("activity"):
        fields["activity"] = Activity.objects.filter(output__outcome__project=project, code=entry["activity"]).first()
    if entry.get("country"):
        fields["country"] = Country.objects.filter(iso3=entry["country"]).first()
    if entry.get("area"):
        fields["area"] = Area.objects.filter(m49_code=str(entry["area"])).first()
    rows = [(dim, cat, n) for dim, cats in (entry.get("breakdown") or {}).items() for cat, n in cats.items()]
    linked = [indicators_by_code[c] for c in entry.get("indicators") or [] if c in indicators_by_code]
    with _saving("demo_deliveries.yaml", entry):
        services.save_delivery(by=actors.reporter(project), participant_rows=rows, indicators=linked,
                               count_for_output=False, **fields)  # the data file lists its links
    report.created["deliveries"] += 1


@transaction.atomic
def load_results_demo(by=None, *, data_dir: Path = DATA_DIR) -> Report:
    indicators = _read("demo_indicators.yaml", data_dir)
    deliveries = _read("demo_deliveries.yaml", data_dir)
    report, actors = Report(), Actors(by)
    period = str(indicators.get("period", "2008-2011"))
    for entry in indicators.get("indicators") or []:
        _load_indicator(entry, period, actors, by, report)
    codes = {c for d in deliveries.get("deliveries") or [] for c in d.get("indicators") or []}
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for entry in deliveries.get("deliveries") or []:
        _load_delivery(entry, actors, by, report, by_code)
    return report
