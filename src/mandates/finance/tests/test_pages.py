import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from mandates.finance.models import Donor, ExchangeRate, FundSegment, RegularBudgetAllotment
from mandates.finance.services import import_expenditure, revise_budget

from .conftest import contribute, erp_file, segment


@pytest.fixture
def filled(structure, rates, projects, donors, strategy):
    c = contribute(structure, donors["sweden"], code="CPCJF-SP", earmarking="hard", project=projects["KEN01"],
                   currency="SEK", amount="625000.00", reference="SE-HARD")
    contribute(structure, donors["kenya"], code="CPCJF-GP", reference="KE-GP", day=date(2009, 1, 1))
    revise_budget(project=projects["KEN01"], by=None, lines=[
        {"year": 2008, "segment": "CPCJF-SP", "budget_class": "travel", "amount": Decimal("80000")}])
    import_expenditure(erp_file("P,1,2008-04-01,disbursement,CPCJF-SP,KEN01,travel,USD,60000.00,SE-HARD,,"), by=None)
    return {"contribution": c, **projects}


def pages(filled, donors):
    c, ken = filled["contribution"], filled["KEN01"]
    return ["/finance/?biennium=2008-2009", "/finance/projections/?biennium=2008-2009",
            "/finance/contributions/", f"/finance/contributions/{c.pk}/", "/finance/donors/",
            f"/finance/donors/{donors['sweden'].pk}/", f"/finance/projects/{ken.pk}/", "/finance/delivery/?by=region",
            "/finance/delivery/?by=theme", "/finance/delivery/?by=result", "/finance/delivery/?by=programme",
            "/finance/delivery/?by=project", "/finance/rates/", "/finance/allotments/", "/finance/budgets/2008-2009/"]


@pytest.mark.django_db
def test_every_page_renders_and_exports_its_tables_to_excel(client, filled, donors, users):
    client.force_login(users["finance_officer"])
    for url in pages(filled, donors):
        page = client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert 'href="/finance/"' in body and "Download Excel" in body, url
        sep = "&" if "?" in url else "?"
        export = client.get(f"{url}{sep}format=xlsx")
        assert export["Content-Type"].startswith("application/vnd.openxmlformats"), url
        book = load_workbook(io.BytesIO(export.content))
        titles = re.findall(r'<h2 id="t-[^"]+">([^<]+)</h2>', body)
        for title in titles:  # each table on the page has its sheet
            assert any(s.title == title.replace("&#x27;", "'")[:31].strip() for s in book.worksheets), (url, title)


@pytest.mark.django_db
def test_overview_shows_shares_and_chart_data(client, filled, users):
    client.force_login(users["finance_officer"])
    body = client.get("/finance/?biennium=2008-2009").content.decode()
    charts = json.loads(re.search(r'<script id="finance-charts" type="application/json">(.*?)</script>', body,
                                  re.S).group(1))
    assert charts["sources"]["labels"] == ["Member State"]
    assert sum(Decimal(v) for v in charts["sources"]["values"]) == Decimal("101000.00")
    assert charts["earmarking"]["hard"] == ["100000.00", "0.00"]
    assert charts["region"]["labels"] == ["Africa"] and charts["region"]["values"] == ["75.0"]
    assert "vendor/chart.umd.js" in body and "Apportionment of general-purpose requirements" in body
    assert "Finance" in client.get("/").content.decode()


@pytest.mark.django_db
def test_project_tab_shows_budget_against_expenditure_by_year_and_class(client, filled, users):
    client.force_login(users["programme_manager"])
    body = client.get(f"/finance/projects/{filled['KEN01'].pk}/").content.decode()
    assert "80,000.00" in body and "60,000.00" in body and "75.0 %" in body
    assert "7,800.00" in body  # 13 % support cost on 60,000
    assert "SE-HARD" in body


@pytest.mark.django_db
def test_finance_officer_sets_reserves_opening_balances_and_allotments(client, filled, users, structure):
    client.force_login(users["finance_officer"])
    seg = segment(structure, "2008-2009", "CPCJF-GP")
    bad = client.post(f"/finance/segments/{seg.pk}/settings/", {"reserve": "-1", "opening_balance": ""})
    assert bad.status_code == 200 and "error" in bad.content.decode()
    ok = client.post(f"/finance/segments/{seg.pk}/settings/", {"reserve": "200000", "opening_balance": "50000"})
    assert ok.status_code == 302
    seg.refresh_from_db()
    assert (seg.reserve, seg.opening_balance) == (Decimal("200000.00"), Decimal("50000.00"))
    group = structure["2010-2011"].groups.get(code="GP")
    assert client.post(f"/finance/groups/{group.pk}/settings/", {"reserve": "10"}).status_code == 302
    rb = FundSegment.objects.get(biennium=structure["2008-2009"], code="RB-16")
    wrong_year = client.post("/finance/allotments/", {"segment": rb.pk, "year": 2010, "amount": "5"})
    assert "not in the biennium" in wrong_year.content.decode()
    saved = client.post("/finance/allotments/", {"segment": rb.pk, "year": 2008, "amount": "16100000"})
    assert saved.status_code == 302
    assert RegularBudgetAllotment.objects.get().amount == Decimal("16100000.00")
    client.force_login(users["reader"])
    assert client.post(f"/finance/segments/{seg.pk}/settings/", {"reserve": "0"}).status_code == 403


@pytest.mark.django_db
def test_rates_import_page_is_atomic_and_lists_errors(client, structure, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["finance_officer"])
    bad = SimpleUploadedFile("r.csv", b"month,currency,units_per_usd\n2008-01,GBP,0.5\n2008-13,GBP,0.5\n"
                                      b"2008-02,XXX,1\n")
    body = client.post("/finance/rates/", {"file": bad}).content.decode()
    assert "Row 3:" in body and "Row 4:" in body and not ExchangeRate.objects.exists()
    good = SimpleUploadedFile("r.csv", b"month,currency,units_per_usd\n2008-01,GBP,0.5\n")
    assert client.post("/finance/rates/", {"file": good}).status_code == 302
    assert ExchangeRate.objects.get().units_per_usd == Decimal("0.5")


@pytest.mark.django_db
def test_donor_form_validates(client, structure, m49, users):
    from mandates.geography.models import Country

    client.force_login(users["finance_officer"])
    bad = client.post("/finance/donors/new/", {"name": "Norway", "kind": "member_state"})
    assert "linked to its country" in bad.content.decode() and not Donor.objects.exists()
    ok = client.post("/finance/donors/new/", {"name": "Norway", "kind": "member_state",
                                              "country": Country.objects.get(iso3="NOR").pk})
    assert ok.status_code == 302 and Donor.objects.get().country.iso3 == "NOR"
