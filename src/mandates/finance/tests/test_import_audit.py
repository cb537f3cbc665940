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
