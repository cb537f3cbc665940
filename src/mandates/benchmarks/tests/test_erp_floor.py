"""The ERP import's floor writes into copies of the real tables that carry the real tables' indexes, checks and
foreign keys (read from the database's catalogue), and leaves nothing behind (erp9 in BENCHMARKS.md)."""
import pytest
from django.db import connection

from mandates.benchmarks import erp_floor
from mandates.finance.models import Expenditure, ImportBatch
from mandates.finance.tests.conftest import projects, rates, strategy, structure  # noqa: F401 (fixtures)


def _shape(cursor, table: str) -> list[tuple]:
    """The table's constraints and indexes without their names: columns, kind, referenced table."""
    return sorted((tuple(c["columns"]), bool(c["primary_key"]), bool(c["unique"]), bool(c["index"]),
                   tuple(c["foreign_key"] or ()), bool(c["check"]))
                  for c in connection.introspection.get_constraints(cursor, table).values())


def _columns(cursor, table: str) -> list[tuple]:
    return [(c.name, c.type_code, c.null_ok) for c in connection.introspection.get_table_description(cursor, table)]


@pytest.mark.django_db
def test_the_floor_tables_carry_the_real_tables_columns_indexes_and_foreign_keys():
    with connection.cursor() as cursor:
        copies = erp_floor.create_copies(cursor)
        for real, copy in copies.items():
            assert _shape(cursor, copy) == _shape(cursor, real), real
            assert _columns(cursor, copy) == _columns(cursor, real), real
        shape = _shape(cursor, copies["finance_expenditure"])
        # what erp5 found the old floor lacked: the indexes (the natural key's among them) and foreign keys
        indexed = {c[0] for c in shape if (c[2] or c[3]) and not c[1] and not c[4]}
        assert {("date",), ("segment_id", "date"), ("document_number", "line", "segment_id"),
                ("batch_id",)} <= indexed and len(indexed) >= 8
        # the project's index covers what the portal's sums read (open11): on PostgreSQL its INCLUDE columns show
        assert any(columns[0] == "project_id" for columns in indexed)
        assert {c[4][0] for c in shape if c[4]} == {"finance_fundsegment", "portfolio_project", "organisation_workunit",
                                                    "finance_budgetclass", "finance_contribution", "finance_importbatch"}
        audit = _shape(cursor, copies["auditlog_logentry"])
        assert len({c[0] for c in audit if c[3] and not c[1] and not c[4]}) == 7
        assert {c[4][0] for c in audit if c[4]} == {"people_user", "django_content_type"}


@pytest.mark.django_db
def test_the_floor_writes_the_lines_and_leaves_nothing_behind(rates, projects, users, tmp_path):  # noqa: F811
    rows = [f"JV-{i // 10},{i % 10 + 1},2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,{100 + i}.00,,,Line {i}"
            for i in range(30)]
    path = tmp_path / "erp.csv"
    path.write_text("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,"
                    "contribution_ref,work_unit_code,description\n" + "\n".join(rows) + "\n", encoding="utf-8")
    lines, batches = Expenditure.objects.count(), ImportBatch.objects.count()
    assert erp_floor.floor(path, biennium="2008-2009") == 30
    assert (Expenditure.objects.count(), ImportBatch.objects.count()) == (lines, batches)
    tables = connection.introspection.table_names()
    assert not [t for t in tables if t.startswith(erp_floor.PREFIX)]
