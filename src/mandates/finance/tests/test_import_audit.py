"""Imports write in bulk, and every stored row still has its own audit entry naming the importer."""
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from mandates.finance.models import Expenditure
from mandates.finance.services import import_expenditure

from .conftest import erp_file


@pytest.mark.django_db
def test_every_imported_line_has_a_created_entry_by_the_importer(rates, projects, users,
                                                                  django_assert_max_num_queries):
    rows = [f"JV-{i // 10},{i % 10 + 1},2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,{100 + i}.00,,,Line {i}"
            for i in range(300)]
    with django_assert_max_num_queries(40):  # bulk: not two queries per row
        batch = import_expenditure(erp_file(*rows), by=users["finance_officer"])
    assert batch.created == 300
    lines = Expenditure.objects.filter(batch=batch)
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Expenditure),
                                      action=LogEntry.Action.CREATE)
    assert set(entries.values_list("object_pk", flat=True)) == {str(pk) for pk in lines.values_list("pk", flat=True)}
    assert set(entries.values_list("actor", flat=True)) == {users["finance_officer"].pk}
    one = entries.get(object_pk=str(lines.get(document_number="JV-0", line=1).pk))
    assert one.changes_dict["usd_amount"][1] == "100.00"


@pytest.mark.django_db
def test_bulk_written_lines_carry_the_audit_entry_auditlog_would_write(rates, projects, users, structure):
    """``core.bulk.insert_audited`` (the import's fast path) writes the same row and the same audit entry —
    changes, description, actor, correlation id — as ``bulk_create_audited`` through the ORM."""
    from datetime import date
    from decimal import Decimal

    from mandates.core.audit import bulk_create_audited
    from mandates.core.bulk import insert_audited
    from mandates.finance.models import BudgetClass

    sp = structure["2008-2009"].segments.get(code="CPCJF-SP")
    gp = structure["2008-2009"].segments.get(code="UNDCP-GP")
    travel = BudgetClass.objects.get(code="travel")

    def lines(prefix):
        return [
            {"document_number": f"{prefix}-1", "line": 1, "segment": sp, "apportioned": False, "kind": "disbursement",
             "date": date(2008, 3, 31), "project": projects["KEN01"], "work_unit": None, "budget_class": travel,
             "currency": "EUR", "amount": Decimal("800.00"), "rate": Decimal("0.8"), "usd_amount": Decimal("1000.00"),
             "contribution": None, "psc_rate": Decimal("13.00"), "psc_amount": Decimal("130.00"),
             "description": "Workshop in Nairobi"},
            {"document_number": f"{prefix}-2", "line": 3, "segment": gp, "apportioned": True, "kind": "adjustment",
             "date": date(2008, 6, 30), "project": None, "work_unit": None, "budget_class": travel,
             "currency": "USD", "amount": Decimal("-4.10"), "rate": Decimal("1"), "usd_amount": Decimal("-4.10"),
             "contribution": None, "psc_rate": None, "psc_amount": Decimal("0.00"), "description": ""},
        ]

    officer = users["finance_officer"]
    old = bulk_create_audited(Expenditure, [Expenditure(**values) for values in lines("ORM")], by=officer)
    new = insert_audited(Expenditure, lines("BULK"), by=officer)
    entries = {e.object_pk: e for e in LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Expenditure), action=LogEntry.Action.CREATE)}
    for before, key in zip(old, new, strict=True):
        a, b = entries[str(before.pk)], entries[str(key)]
        assert b.changes_dict.pop("id") == ["None", str(key)] and a.changes_dict.pop("id") == ["None", str(before.pk)]
        assert b.changes_dict.pop("document_number")[1].startswith("BULK")
        a.changes_dict.pop("document_number")
        assert b.changes_dict == a.changes_dict and "work_unit" in b.changes_dict  # an empty relation is listed
        assert b.object_repr == a.object_repr.replace("ORM", "BULK")
        assert (b.object_id, b.actor_id, b.cid, b.additional_data, b.actor_email, b.changes_text) == (
            key, officer.pk, a.cid, a.additional_data, a.actor_email, a.changes_text)
        stored = Expenditure.objects.filter(pk__in=[before.pk, key]).values()
        first, second = (dict(row) for row in stored.order_by("document_number"))  # BULK-… sorts before ORM-…
        for row in (first, second):
            row.pop("id"), row.pop("document_number")
        assert first == second
    # a deleted line's key is never given again (its audit entries keep naming it)
    Expenditure.objects.filter(pk=new[-1]).delete()
    again = insert_audited(Expenditure, lines("AGAIN")[:1], by=officer)
    assert again[0] > new[-1]


@pytest.mark.django_db
def test_an_import_written_in_bulk_says_once_that_the_data_changed(rates, projects, users):
    """The bulk path writes its audit entries without ``save()``: it sends ``core.bulk.audited_in_bulk`` once
    instead, so that what refreshes on new audit entries (the plan's stored summaries) still hears of it."""
    from mandates.core.bulk import audited_in_bulk

    heard = []

    def listener(sender, count, **kwargs):
        heard.append((sender, count))

    audited_in_bulk.connect(listener)
    try:
        rows = [f"JV-{i},1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,{100 + i}.00,,,Line {i}" for i in range(30)]
        import_expenditure(erp_file(*rows), by=users["finance_officer"])
    finally:
        audited_in_bulk.disconnect(listener)
    assert heard == [(Expenditure, 30)]


@pytest.mark.django_db
def test_the_audit_changes_are_written_as_json_dumps_writes_them(projects, structure):
    """``core.bulk`` writes each entry's change list as text directly: the very text ``json.dumps`` gives of the
    changes (non-ASCII and quoted text, empty relations, amounts, dates, flags), or nothing when there is none."""
    import json
    from datetime import date
    from decimal import Decimal

    from mandates.core.bulk import _Diff

    diff = _Diff(Expenditure)
    sp = structure["2008-2009"].segments.get(code="CPCJF-SP")
    base = {"id": 7, "document_number": "JV-\u00e9\"1\\", "line": 2, "segment_id": sp.pk, "apportioned": True,
            "kind": "adjustment", "date": date(2008, 3, 31), "project_id": projects["KEN01"].pk, "work_unit_id": None,
            "budget_class_id": 3, "currency": "EUR", "amount": Decimal("-800.10"), "rate": Decimal("0.812345"),
            "usd_amount": Decimal("-985.00"), "contribution_id": None, "psc_rate": None, "psc_amount": Decimal("0"),
            "description": "Atelier à Nairobi \u2014 \u0627\u0644\u0642\u0627\u0647\u0631\u0629\n\ttab",
            "batch_id": None, "is_demo": False}
    for row in (base, {**base, "description": "", "psc_rate": Decimal("13.00")}, {**base, "description": "None"}):
        text = diff.encoded(row)
        assert text == json.dumps(diff.changes(row)) and json.loads(text)["work_unit"] == ["None", "None"]
    assert diff.encoded({}) == json.dumps(diff.changes({}))  # every relation listed, even empty
