"""Every write users make leaves an audit entry (django-auditlog, ``core.audit``).

- Every model of the project is registered with the audit log, or is listed in ``EXEMPT`` with the reason.
- No code writes an audited model in a way that skips the audit signals (``bulk_create``, ``bulk_update``,
  queryset ``update``) except through ``core.audit.bulk_create_audited`` or a case listed in ``BYPASS``.
- The service writes that write child rows in bulk (value disaggregations, delivery participants) leave an
  entry per row, naming the person.
"""
import re
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.registry import auditlog
from django.apps import apps

SRC = Path(__file__).resolve().parents[2]

# Models with no audit entry, and why.
EXEMPT = {
    "geography.Area": "reference data (UN M49) loaded from the shipped file by load_reference_data; no user edits",
    "geography.Country": "reference data (UN M49) loaded from the shipped file by load_reference_data",
    "statistics.StatArea": "reference data from the statistics files; each import is an ImportRun",
    "statistics.PopulationEstimate": "reference data from the statistics files; each import is an ImportRun",
    "statistics.Series": "imported statistics; the ImportRun and its ValueChange rows are their own audit trail",
    "statistics.Value": "imported statistics; every change is a ValueChange row (before, after, run, person)",
    "statistics.ImportRun": "is the audit record of a statistics import (who, when, file, counts)",
    "statistics.ValueChange": "is the audit record of a statistics value's change",
    "notifications.Visit": "a person's last two sign-in times, written by the system at login",
    "notifications.Notification": "system-generated messages to one person, not records users write",
    "interop.ExternalActivity": "other publishers' IATI data, replaced wholesale per import; the ImportRecord "
                                "(who, when, file, result) is the audit",
    "interop.ExternalCountry": "part of an imported external activity (see ExternalActivity)",
    "interop.ExternalRegion": "part of an imported external activity (see ExternalActivity)",
    "interop.ExternalSector": "part of an imported external activity (see ExternalActivity)",
    "interop.ExternalBudget": "part of an imported external activity (see ExternalActivity)",
    "interop.ExternalTransaction": "part of an imported external activity (see ExternalActivity)",
    "interop.ExternalOrganisation": "part of an imported external activity (see ExternalActivity)",
    "interop.ImportRecord": "is the audit record of an IATI import",
    "results.PlanSummary": "a stored computation of the implementation plan, keyed on the data version (the latest "
                           "audit entry); auditing it would move that version on",
    "core.DataVersion": "the count of committed writing transactions, moved after each audited write commits; "
                        "auditing it would write an entry for every entry",
}

# Writes that skip the audit signals on purpose: (file relative to src/mandates, model) -> why.
BYPASS = {
    ("core/audit.py", "model"): "bulk_create_audited itself: writes the audit entries beside the rows",
    ("core/audit.py", "LogEntry"): "the audit entries themselves",
    ("core/page_cache.py", "DataVersion"): "counts the commit of an audited write (the data version's second half)",
    ("jobs/services.py", "Job"): "the task id of a queued job: bookkeeping of the runner, not a user's write",
    ("jobs/runner.py", "Job"): "a job's start time and status, set by the worker",
    ("assistance/demo.py", "StatusChange"): "the demo loader back-dates its own lifecycle records",
    ("demo/services.py", "StatusChange"): "the demo loader back-dates its own lifecycle records",
}

WRITE = re.compile(r"\b([A-Za-z_]+)\.objects(?:\.[a-z_]+\([^()]*\))*\.(bulk_create|bulk_update|update)\(")


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("mandates.") and not m._meta.proxy]


def test_every_model_is_audited_or_exempt():
    missing = [m._meta.label for m in _project_models() if not auditlog.contains(m) and m._meta.label not in EXEMPT]
    assert missing == [], f"models written without an audit entry (register them or say why in EXEMPT): {missing}"
    stale = [label for label in EXEMPT if label not in {m._meta.label for m in _project_models()}]
    assert stale == []


def test_no_write_skips_the_audit():
    by_name = {m.__name__: m for m in apps.get_models()}
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative.startswith(("benchmarks/", "demo/generator/")):
            continue
        for match in WRITE.finditer(path.read_text(encoding="utf-8")):
            name = match.group(1)
            model = by_name.get(name)
            if (relative, name) in BYPASS or (model is not None and not auditlog.contains(model)):
                continue
            found.append(f"{relative}: {name}.objects...{match.group(2)}()")
    assert found == [], f"writes that skip the audit log (use core.audit.bulk_create_audited): {found}"


@pytest.mark.django_db
def test_bulk_child_rows_of_a_service_write_are_audited():
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from mandates.people.tests.matrix_world import build_world
    from mandates.results import services
    from mandates.results.models import DeliveryParticipants, DisaggregatedValue
    from mandates.results.services import deliveries as delivery_services

    world = build_world()
    planner = world["users"]["planning_officer"]
    indicator = world["indicator"]["A"]
    indicator.disaggregate_by = ["sex"]
    indicator.save()
    services.record_value(indicator, by=planner, year=2010, value=Decimal(10),
                          disaggregation=[("sex", "female", Decimal(4)), ("sex", "male", Decimal(6))])
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(DisaggregatedValue))
    assert entries.count() == 2 and {e.actor_id for e in entries} == {planner.pk}

    delivery = world["delivery"]["A"]
    delivery_services.save_delivery(delivery, by=planner, participant_rows=[("sex", "female", 10), ("sex", "male", 20)])
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(DeliveryParticipants))
    assert entries.count() == 2 and {e.actor_id for e in entries} == {planner.pk}
