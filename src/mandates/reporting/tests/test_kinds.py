"""The regional-programme, donor, country/region profile and medium-term reports (test world of conftest): written
as Word, PDF and Excel (and by the command line with --programme, --donor, --country, --region), read back,
and their money reconciled to the cent with the finance pages' selectors; saved definitions; permissions."""
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from docx import Document as read_docx
from openpyxl import load_workbook

from mandates.reporting import output, services
from mandates.reporting.models import Report

pytestmark = pytest.mark.django_db
AS_OF = date(2009, 12, 31)


def money(v: Decimal) -> str:
    return f"{v:,.2f}"


def finance_tab_totals(user, projects) -> tuple[Decimal, Decimal]:
    """Budget and expenditure of 2008-2009 as each project's finance tab shows them, summed."""
    from mandates.finance.selectors.project import project_finance

    budget = spent = Decimal("0.00")
    for p in projects:
        row = next((b for b in project_finance(user, p)["bienniums"] if b["biennium"] == "2008-2009"), None)
        if row:
            budget += row["budget"]
            spent += row["expenditure"]
    return budget, spent


def docx_cells(blob) -> list[list[str]]:
    return [[c.text for c in r.cells] for t in read_docx(io.BytesIO(blob)).tables for r in t.rows]


def pdf_text(blob) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(blob)).pages)


def test_the_regional_programme_report_reconciles_with_the_finance_tabs_in_every_format(users, kinds_data, tmp_path):
    from mandates.portfolio.models import Project

    admin = users["administrator"]
    doc, engine = output.build(admin, "2008-2009", AS_OF, kind="regional_programmes", target="RP-TEST")
    projects = Project.objects.filter(programme__code="RP-TEST")
    budget, spent = finance_tab_totals(admin, projects)
    # the budget lines of 2008 and 2009 (not 2010); the expenditure to the as-at date (not 2010's line)
    assert (budget, spent) == (Decimal("200000.50"), Decimal("57000.43"))
    assert engine.get("budget:programme=RP-TEST").value == budget
    assert engine.get("expenditure:programme=RP-TEST").value == spent
    assert engine.get("projects:programme=RP-TEST").value == projects.count() == 1
    assert [b["number"] for b in doc.blocks if b["type"] == "chapter"] == ["I."]
    assert [b["title"] for b in doc.blocks if b["type"] == "table"][:3] == [
        "Consultation history", "Components", "Projects, budget, expenditure and deliveries"]
    # Word: the totals row of the projects table states the finance tabs' sums to the cent
    cells = docx_cells(output.render(doc, "docx"))
    total = next(r for r in cells if r[0] == "Total" and money(budget) in r)
    assert total[2:4] == [money(budget), money(spent)]
    # Excel: numbers, not text, equal to the cent
    out = tmp_path / "rp.xlsx"
    call_command("report", "regional-programmes", "--programme", "RP-TEST", "--period", "2008-2009", "--as-of",
                 "2009-12-31", "--format", "xlsx", "--out", str(out))
    wb = load_workbook(out)
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("3 "))
    last = [c.value for c in list(sheet.iter_rows())[-1]]
    assert last[0] == "Total" and Decimal(str(last[2])) == budget and Decimal(str(last[3])) == spent
    # PDF: the same figures as selectable text
    text = pdf_text(output.render(doc, "pdf"))
    assert money(budget) in text and money(spent) in text and "RP-TEST" in text
    assert "Experts agreed the priorities." in text and "Countering organized crime" in text
    # without --programme: every regional programme the reader may see, one chapter each
    everything, _e = output.build(admin, "2008-2009", AS_OF, kind="regional_programmes")
    assert [b["title"] for b in everything.blocks if b["type"] == "chapter"] == ["RP-TEST Rule of law in Eastern Africa"]


def test_the_donor_report_reconciles_with_the_contributions_register(users, kinds_data, client, tmp_path):
    from mandates.finance.models import Expenditure
    from mandates.finance.selectors import registers

    admin = users["administrator"]
    sweden = kinds_data["sweden"]
    doc, engine = output.build(admin, "2008-2009", AS_OF, kind="donor", target="Sweden")
    register = registers.totals(registers.contributions(admin, donor=sweden.pk, biennium="2008-2009"))
    assert engine.get(f"pledged:donor={sweden.pk}").value == register["usd"] > 0
    assert engine.get(f"received:donor={sweden.pk}").value == register["received"]
    spent = sum((e.usd_amount for e in Expenditure.objects.filter(
        contribution__donor=sweden, contribution__segment__biennium__code="2008-2009")), Decimal("0.00"))
    assert engine.get(f"donor_spent:donor={sweden.pk}").value == spent >= Decimal("45000.33")
    assert engine.get(f"projects:donor={sweden.pk}").value == 1  # the Kenyan project its contribution pays for
    assert doc.masthead["distribution"] == "Restricted"
    out = tmp_path / "sweden.docx"
    call_command("report", "donor", "--donor", "Sweden", "--period", "2008-2009", "--as-of", "2009-12-31",
                 "--format", "docx", "--out", str(out))
    cells = docx_cells(out.read_bytes())
    total = next(r for r in cells if r[0] == "Total" and money(register["usd"]) in r)
    assert total[4:7] == [money(register["usd"]), money(register["received"]), money(spent)]
    # a saved definition re-runs and is shown on its page; an unknown donor is a clear error, not a 500
    report = services.create_report(by=admin, title="Sweden 2009", period="2008-2009", as_of=AS_OF,
                                    kind=Report.Kind.DONOR, parameters={"donor": "Sweden"})
    again, _e = output.build_report(report, admin)
    assert again.title == doc.title
    # final: frozen with its tables; money charged later changes the live figures, not the document
    services.transition(report, by=admin, to=Report.Status.IN_REVIEW)
    services.transition(report, by=admin, to=Report.Status.FINAL)
    report.refresh_from_db()
    Expenditure.objects.create(document_number="JV-LATE", line=1, segment=kinds_data["contribution"].segment,
                               kind="disbursement", date=date(2009, 6, 1), project=kinds_data["contribution"].project,
                               budget_class_id=Expenditure.objects.first().budget_class_id, currency="USD",
                               amount=Decimal("1000.00"), rate=Decimal(1), usd_amount=Decimal("1000.00"),
                               contribution=kinds_data["contribution"])
    frozen, frozen_engine = output.build_report(report, admin)
    table = next(b for b in frozen.blocks if b["type"] == "table")
    assert table["total"][6] == frozen_engine.get(f"donor_spent:donor={sweden.pk}").value == spent
    _live, live = output.build(admin, "2008-2009", AS_OF, kind="donor", target="Sweden")
    assert live.get(f"donor_spent:donor={sweden.pk}").value == spent + Decimal("1000.00")
    assert any(row[0] == "Total" and row[6] == money(spent) for row in docx_cells(output.render(frozen, "docx")))
    client.force_login(admin)
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    response = client.get("/reports/donor/", {"period": "2008-2009", "donor": "Atlantis"})
    assert response.status_code == 400 and "There is no donor" in response.content.decode()
    with pytest.raises(CommandError, match="needs a donor"):
        call_command("report", "donor", "--period", "2008-2009", "--out", str(out))


def test_country_and_region_profiles_and_what_a_member_state_reader_sees(users, kinds_data, client, tmp_path):
    from mandates.assistance.models import AssistanceRequest
    from mandates.geography.models import Country
    from mandates.portfolio import selectors

    admin = users["administrator"]
    kenya = Country.objects.get(iso3="KEN")
    doc, engine = output.build(admin, "2008-2009", AS_OF, kind="profile", target="country=KEN")
    projects = selectors.filter_projects(selectors.project_rows(), country=kenya)
    budget, spent = finance_tab_totals(admin, projects)
    assert (engine.get("budget:country=KEN").value, engine.get("expenditure:country=KEN").value) == (budget, spent) \
        == (Decimal("200000.50"), Decimal("57000.43"))
    assert engine.get("requests:country=KEN").value == AssistanceRequest.objects.filter(
        requesting_state=kenya, received_on__range=(date(2008, 1, 1), AS_OF)).count() > 0
    treaty = next(b for b in doc.blocks if b["type"] == "table" and b["title"].startswith("Status as at"))
    assert ["UNTOC", "", "2004-06-16 (Accession)"] in treaty["text_rows"]  # UNTC: "16 Jun 2004 a"
    out = tmp_path / "africa.pdf"
    call_command("report", "profile", "--region", "002", "--period", "2008-2009", "--as-of", "2009-12-31",
                 "--format", "pdf", "--out", str(out))
    text = pdf_text(out.read_bytes())
    region, region_engine = output.build(admin, "2008-2009", AS_OF, kind="profile", target="region=002")
    assert "Region profile: Africa" in text and money(region_engine.get("budget:region=002").value) in text
    # a Member-State reader's profile counts only what that reader may see, and no money it may not see
    reader = users["member_state_reader"]
    _doc, mine = output.build(reader, "2008-2009", AS_OF, kind="profile", target="country=KEN")
    from mandates.people import permissions

    assert mine.get("projects:country=KEN").value == permissions.visible(reader, projects).count()
    assert mine.get("requests:country=KEN").value <= engine.get("requests:country=KEN").value
    client.force_login(admin)
    page = client.get("/reports/profile/", {"period": "2008-2009", "as_of": "2009-12-31", "country": "KEN"})
    assert page.status_code == 200 and "Country profile: Kenya" in page.content.decode()
    assert client.get("/reports/profile/", {"period": "2008-2009", "country": "XXX"}).status_code == 400


def test_the_medium_term_report_sums_the_activities_of_the_biennium(users, kinds_data):
    from django.db.models import Q

    from mandates.portfolio.models import Activity

    admin = users["administrator"]
    doc, engine = output.build(admin, "2008-2009", AS_OF, kind="medium_term")
    start, end = date(2008, 1, 1), date(2009, 12, 31)
    activities = Activity.objects.filter(
        Q(start_date__lte=end) | Q(start_date__isnull=True, output__outcome__project__start_date__lte=end),
        Q(end_date__gte=start) | Q(end_date__isnull=True, output__outcome__project__end_date__gte=start),
        currency="USD")
    expected = sum((a.planned_cost for a in activities), Decimal("0.00"))
    assert engine.get("planned_cost:all").value == expected == Decimal("50000.60")  # not the 2010 activity
    assert engine.get("planned_cost:1.1.1").value == expected
    table = next(b for b in doc.blocks if b["type"] == "table")
    assert table["total"][4] == expected and sum(r[4] for r in table["rows"]) == expected
    wb = load_workbook(io.BytesIO(output.render(doc, "xlsx")))
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith("1 "))
    assert Decimal(str(list(sheet.iter_rows(values_only=True))[-1][4])) == expected


def test_the_donor_report_symbol_names_the_donor_not_a_database_id(users, kinds_data):
    from mandates.finance.models import Donor

    admin = users["administrator"]
    sweden = kinds_data["sweden"]
    doc, _e = output.build(admin, "2008-2009", AS_OF, kind="donor", target="Sweden")
    assert doc.masthead["symbol"] == "UNODC/DR/2008-2009/SWE"  # a Member State: its ISO alpha-3 code
    assert str(sweden.pk) not in doc.masthead["symbol"].rsplit("/", 1)[-1]
    masthead = read_docx(io.BytesIO(output.render(doc, "docx"))).tables[0]
    assert masthead.cell(0, 1).text == "UNODC/DR/2008-2009/SWE" and output.file_name(doc) == "UNODC_DR_2008-2009_SWE"
    ec, _e = output.build(admin, "2008-2009", AS_OF, kind="donor", target="EC")
    assert ec.masthead["symbol"] == "UNODC/DR/2008-2009/EC"  # its short name
    Donor.objects.create(name="Open Society Foundations", kind="foundation")
    osf, _e = output.build(admin, "2008-2009", AS_OF, kind="donor", target="Open Society Foundations")
    assert osf.masthead["symbol"] == "UNODC/DR/2008-2009/OPEN-SOCIETY-FOUNDATIONS"  # no short name: its name
    again, _e = output.build(admin, "2008-2009", AS_OF, kind="donor", target="SWE")  # the same donor by its code
    assert again.masthead["symbol"] == doc.masthead["symbol"]
