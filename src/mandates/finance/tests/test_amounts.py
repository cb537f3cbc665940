"""Amounts that are not plain decimals are refused with their row number — page, command line, service."""
import pytest
from django.core.management import CommandError, call_command

from mandates.finance.models import Expenditure

from .conftest import erp_file

HOSTILE = ["1e309", "NaN", "Infinity", "1" + "0" * 40, "1,000.00", "-1e-400"]


def _rows():
    return [f"JV-X,{i},2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,{amount},,,Line"
            for i, amount in enumerate(HOSTILE, start=1)]


@pytest.mark.django_db
def test_the_command_line_names_every_bad_row_and_writes_nothing(rates, projects, tmp_path):
    path = tmp_path / "erp.csv"
    path.write_bytes(erp_file(*_rows()).read())
    with pytest.raises(CommandError) as refused:
        call_command("import_expenditure", str(path))
    text = str(refused.value)
    for row in range(2, 2 + len(HOSTILE)):
        assert f"Row {row}:" in text
    assert "is not an amount" in text and not Expenditure.objects.exists()


@pytest.mark.django_db
def test_the_import_page_shows_the_rows_never_a_500(client, rates, projects, users):
    client.force_login(users["finance_officer"])
    response = client.post("/finance/import/", {"file": erp_file(*_rows())}, follow=True)
    assert response.status_code == 200
    assert "Row 2:" in response.content.decode() and "1e309" in response.content.decode()
    assert not Expenditure.objects.exists()
