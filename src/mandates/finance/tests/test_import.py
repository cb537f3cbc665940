import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from mandates.finance.models import Expenditure
from mandates.finance.services import import_expenditure, template_columns

from .conftest import ERP_HEADER, erp_file

GOOD = [
    "JV-1,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,1000.00,,ROEA,Workshop in Nairobi",
    "JV-1,2,2008-03-31,obligation,CPCJF-SP,KEN01,staff,EUR,800.00,,,",
    "JV-2,1,2008-06-30,disbursement,GP,,staff,USD,4000.00,,,General-purpose posts",
]


@pytest.fixture
def ready(rates, projects):
    return projects


@pytest.mark.django_db
def test_import_converts_charges_support_cost_and_apportions(ready, users):
    batch = import_expenditure(erp_file(*GOOD), by=users["finance_officer"])
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (3, 3, 0, 0)
    eur = Expenditure.objects.get(document_number="JV-1", line=2)
    assert (eur.currency, eur.amount, eur.rate, eur.usd_amount) == ("EUR", Decimal("800.00"), Decimal("0.8"),
                                                                    Decimal("1000.00"))
    assert (eur.psc_rate, eur.psc_amount) == (Decimal("13.00"), Decimal("130.00"))
    gp = {e.segment.code: e.usd_amount for e in Expenditure.objects.filter(document_number="JV-2")}
    assert gp == {"UNDCP-GP": Decimal("3000.00"), "CPCJF-GP": Decimal("1000.00")}
    assert Expenditure.objects.get(document_number="JV-1", line=1).work_unit.code == "ROEA"
    assert LogEntry.objects.filter(actor=users["finance_officer"]).count() >= 4


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(ready, users):
    import_expenditure(erp_file(*GOOD), by=users["finance_officer"])
    before = list(Expenditure.objects.order_by("pk").values())
    entries = LogEntry.objects.filter(content_type__model="expenditure").count()
    again = import_expenditure(erp_file(*GOOD), by=users["finance_officer"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Expenditure.objects.order_by("pk").values()) == before
    assert LogEntry.objects.filter(content_type__model="expenditure").count() == entries
    # a corrected export replaces the changed line only
    fixed = import_expenditure(erp_file(GOOD[0].replace("1000.00", "1100.00"), *GOOD[1:]), by=None)
    assert (fixed.created, fixed.updated, fixed.unchanged) == (0, 1, 2)
    assert Expenditure.objects.get(document_number="JV-1", line=1).usd_amount == Decimal("1100.00")
    assert Expenditure.objects.count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("row, message", [
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,-5.00,,,", "negative amount is allowed on adjustments"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,EUX,5.00,,,", "unknown currency “EUX”"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,NOPE99,travel,USD,5.00,,,", "unknown project code “NOPE99”"),
    ("JV-9,1,2010-03-31,disbursement,CPCJF-SP,GLO01,travel,USD,5.00,,,", "outside the project GLO01"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,,travel,USD,5.00,,,", "needs a project_code"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,limos,USD,5.00,,,", "unknown budget class"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,NOK,5.00,,,", "no rate of exchange for NOK"),
    ("JV-9,1,31/03/2008,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,,", "is not YYYY-MM-DD"),
    ("JV-9,1,2008-03-31,payment,CPCJF-SP,KEN01,travel,USD,5.00,,,", "kind “payment”"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,\"1,000.00\",,,", "not an amount"),
    ("JV-9,1,2010-03-31,disbursement,GP,,staff,USD,5.00,,,", "presentation group"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,NO-SUCH,,", "unknown contribution"),
    ("JV-9,1,2008-03-31,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,XX,", "unknown work unit"),
    ("JV-1,1,2008-04-30,disbursement,CPCJF-SP,KEN01,travel,USD,5.00,,,", "repeats document JV-1 line 1 (row 2)"),
])
def test_one_bad_row_writes_nothing_and_is_named_by_its_row_number(ready, users, row, message):
    with pytest.raises(ValidationError) as err:
        import_expenditure(erp_file(*GOOD, row), by=users["finance_officer"])
    errors = err.value.message_dict["file"]
    assert len(errors) == 1 and errors[0].startswith("Row 5:") and message in errors[0], errors
    assert not Expenditure.objects.exists()


@pytest.mark.django_db
def test_every_bad_row_is_listed(ready):
    with pytest.raises(ValidationError) as err:
        import_expenditure(erp_file(
            "A,1,2008-01-01,disbursement,CPCJF-SP,NOPE,travel,USD,1.00,,,",
            "B,1,2008-01-01,disbursement,CPCJF-SP,KEN01,travel,USD,1.00,,,",
            "C,1,2008-01-01,obligation,CPCJF-SP,KEN01,travel,USD,-1.00,,,"), by=None)
    assert [e.split(":")[0] for e in err.value.message_dict["file"]] == ["Row 2", "Row 4"]


@pytest.mark.django_db
def test_missing_columns_are_reported(ready):
    upload = SimpleUploadedFile("erp.csv", b"document_number;line;date\nA;1;2008-01-01\n")
    with pytest.raises(ValidationError) as err:
        import_expenditure(upload, by=None)
    message = err.value.message_dict["file"][0]
    assert "missing column(s)" in message and "semicolons" in message


@pytest.mark.django_db
def test_xlsx_exports_import_with_date_and_number_cells(ready, users):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(ERP_HEADER.strip().split(","))
    sheet.append(["JV-X", 1, datetime(2009, 2, 27), "disbursement", "CPCJF-SP", "KEN01", "training", "USD", 2500.5,
                  None, None, "Training"])
    out = io.BytesIO()
    book.save(out)
    batch = import_expenditure(SimpleUploadedFile("erp.xlsx", out.getvalue()), by=users["finance_officer"])
    assert batch.created == 1
    row = Expenditure.objects.get()
    assert (row.date.isoformat(), row.usd_amount, row.psc_amount) == ("2009-02-27", Decimal("2500.50"),
                                                                      Decimal("325.07"))


@pytest.mark.django_db
def test_the_published_template_matches_the_importer(client, ready, users):
    client.force_login(users["finance_officer"])
    csv_template = client.get("/finance/import/template.csv").content.decode().splitlines()
    names = [c["name"] for c in template_columns()]
    assert csv_template[0].split(",") == names == ERP_HEADER.strip().split(",")
    xlsx = client.get("/finance/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == names
    page = client.get("/finance/import/").content.decode()
    assert "/finance/import/template.csv" in page and "document_number" in page


@pytest.mark.django_db
def test_import_page_and_api_show_row_errors_and_import_good_files(client, ready, users):
    client.force_login(users["finance_officer"])
    # The import runs as a background job (immediately in tests); its page shows the outcome.
    bad = client.post("/finance/import/", {"file": erp_file(GOOD[0], GOOD[0].replace("JV-1,1", "JV-1,x"))},
                      follow=True)
    assert bad.status_code == 200 and "Row 3:" in bad.content.decode()
    assert "nothing was saved" in bad.content.decode()
    assert not Expenditure.objects.exists()
    good = client.post("/finance/import/", {"file": erp_file(*GOOD)}, follow=True)
    assert "3 rows read; 3 new" in good.content.decode()
    api_bad = client.post("/api/v1/finance/expenditure/import", {"file": erp_file(GOOD[0].replace("USD", "EUX"))})
    assert api_bad.status_code == 400 and api_bad.json()["file"][0].startswith("Row 2:")
    api_good = client.post("/api/v1/finance/expenditure/import", {"file": erp_file(*GOOD)})
    assert api_good.status_code == 201 and api_good.json()["unchanged"] == 3


@pytest.mark.django_db
def test_only_finance_officers_import(client, ready, users):
    client.force_login(users["programme_manager"])
    assert client.post("/finance/import/", {"file": erp_file(*GOOD)}).status_code == 403
    assert client.post("/api/v1/finance/expenditure/import", {"file": erp_file(*GOOD)}).status_code == 403
    assert not Expenditure.objects.exists()


@pytest.mark.django_db
def test_sums_are_exact_to_the_cent_on_every_database(ready):
    """SQLite keeps decimals as floating point (0.01 - 9.55 = -9.540000000000001 there); the sums are taken
    in whole cents so the figures stay exact."""
    from mandates.finance import selectors

    rows = ["S,1,2008-01-10,disbursement,CPCJF-SP,KEN01,staff,USD,0.01,,,",
            "S,2,2008-01-10,adjustment,CPCJF-SP,KEN01,staff,USD,-9.55,,,"]
    rows += [f"T,{i},2008-02-10,disbursement,UNDCP-SP,KEN01,travel,USD,1234567.89,,," for i in range(1, 38)]
    rows += [f"U,{i},2008-02-10,disbursement,UNDCP-SP,KEN01,grants,USD,0.07,,," for i in range(1, 14)]
    import_expenditure(erp_file(*rows), by=None)
    lines = {x.code: x.flows for x in selectors.fund_overview(_biennium())["lines"] if x.role == "segment"}
    assert str(lines["CPCJF-SP"].expenditure) == "-9.54"
    assert str(lines["UNDCP-SP"].expenditure) == "45679012.84"  # 37 x 1,234,567.89 + 13 x 0.07
    assert selectors.project_finance(None, ready["KEN01"])["total"]["expenditure"] == Decimal("45679003.30")


def _biennium():
    from mandates.finance.models import Biennium

    return Biennium.objects.get(code="2008-2009")


def test_the_template_in_the_docs_is_the_published_one():
    from pathlib import Path

    from mandates.finance.services import template_csv

    docs = Path(__file__).resolve().parents[4] / "docs" / "finance-erp-template.csv"
    assert docs.read_bytes() == template_csv()
