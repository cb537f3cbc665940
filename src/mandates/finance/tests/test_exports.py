"""Every transaction as CSV (streamed) and Excel (write-only): read back, reconciled to the cent, scoped, safe."""
import csv
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from mandates.demo.generator import generate
from mandates.finance.models import Expenditure


@pytest.fixture
def generated(db):
    generate(scale=1, seed=11, fraction=0.02)
    line = Expenditure.objects.order_by("pk").first()
    line.description = '=HYPERLINK("http://example.invalid","click")'
    line.save()
    return line


def _csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def test_csv_and_excel_hold_every_line_and_reconcile_to_the_cent(client, users, generated):
    client.force_login(users["finance_officer"])
    total = Expenditure.objects.aggregate(s=Sum("usd_amount"))["s"]
    rows = _csv_rows(client.get("/finance/transactions.csv"))
    assert len(rows) == Expenditure.objects.count()
    assert sum(Decimal(r["usd_amount"]) for r in rows) == total
    response = client.get("/finance/transactions.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)["Expenditure"]
    values = list(sheet.iter_rows(values_only=True))
    header, data = values[0], values[1:]
    assert len(data) == Expenditure.objects.count()
    usd = header.index("usd_amount")
    assert sum(Decimal(str(r[usd])) for r in data) == total


def test_formula_like_text_is_neutralised_numbers_are_not(client, users, generated):
    client.force_login(users["finance_officer"])
    rows = _csv_rows(client.get("/finance/transactions.csv"))
    texts = [r["description"] for r in rows if "HYPERLINK" in r["description"]]
    assert texts == ['\'=HYPERLINK("http://example.invalid","click")']
    assert all(not r["amount"].startswith("'") for r in rows)


def test_a_member_state_reader_gets_only_lines_of_projects_in_their_country(client, users, generated):
    from mandates.geography.models import Country
    from mandates.portfolio.models import ProjectLocation

    kenya = Country.objects.get(iso3="KEN")
    project = Expenditure.objects.order_by("pk").first().project
    ProjectLocation.objects.get_or_create(project=project, country=kenya)
    client.force_login(users["member_state_reader"])
    rows = _csv_rows(client.get("/finance/transactions.csv"))
    kenyan = set(ProjectLocation.objects.filter(country=kenya).values_list("project__code", flat=True))
    assert rows and {r["project_code"] for r in rows} <= kenyan


def test_anonymous_visitors_are_sent_to_log_in(client, generated):
    response = client.get("/finance/transactions.csv")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
