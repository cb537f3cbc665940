"""The technical-cooperation report written as Word and PDF and read back: masthead, numbered paragraphs,
real Word footnotes, the figures of A/64/123; narrative assembled, escaped, frozen when final."""
import io
import json
import zipfile
from datetime import date

import pytest
from docx import Document as read_docx

from mandates.reporting import output, services
from mandates.reporting.models import Report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.django_db
def test_word_pdf_and_json_state_the_figures_with_numbering_and_footnotes(client, users, tc_data):
    officer = users["planning_officer"]
    services.save_narrative(by=users["programme_manager"], period="2008-2009", section="II.A",
                            project=tc_data["kenya_project"],
                            text="Kenya trained {{fact:officials_trained}} officials <script>alert(1)</script>."
                                 "[[fn:Project KENX01 progress report.]]")
    report = services.create_report(by=officer, title="TC 2009", period="2008-2009", as_of="2009-05-31")
    from mandates.reporting.models import Narrative

    services.add_item(report, by=officer, section="II.A", narrative=Narrative.objects.get())
    doc, _engine = output.build_report(report, officer)

    blob = output.render(doc, "docx")
    text = "\n".join(p.text for p in read_docx(io.BytesIO(blob)).paragraphs)
    assert "A/64/123" in "".join(c.text for t in read_docx(io.BytesIO(blob)).tables for r in t.rows for c in r.cells)
    for figure in ("149", "130", "119", "$5.1 million", "$7.1 million", "$2.0 million"):
        assert figure in text
    numbers = [int(p.text.split(".\t")[0]) for p in read_docx(io.BytesIO(blob)).paragraphs
               if p.style.name == "UN Paragraph"]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 9
    assert "<script>alert(1)</script>" in text  # written as text, never as markup
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        notes = z.read("word/footnotes.xml").decode()
        body = z.read("word/document.xml").decode()
        assert "footnotes+xml" in z.read("[Content_Types].xml").decode()
    # the masthead note: “Item 103 of the preliminary list*” with the note “* A/64/50.” (a custom mark, which
    # Word leaves out of the numbering: the body's footnotes are still 1 to 5)
    assert "Item 103 of the preliminary list*" in text.splitlines()
    assert body.count('<w:footnoteReference w:customMarkFollows="1"') == 1
    assert body.count("<w:footnoteReference") == len(doc.footnotes) + 1 == 6
    assert '<w:t>*</w:t></w:r><w:r><w:t xml:space="preserve"> A/64/50.</w:t>' in notes
    assert "United Nations, Treaty Series, vols. 2225" in notes and "Project KENX01 progress report." in notes

    pdf = output.render(doc, "pdf")
    from pypdf import PdfReader

    pdf_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    for figure in ("A/64/123", "total number of States parties to 149", "$5.1 million", "$2.0 million",
                   "Sources of figures", "Treaty Series"):
        assert figure in pdf_text
    assert "<script>alert(1)</script>" in pdf_text
    first_page = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert first_page.endswith("* A/64/50. 1")  # the note at the foot of page 1, above the page number
    assert "1 United Nations, Treaty Series" in pdf_text  # the body's first footnote is still numbered 1

    facts = json.loads(output.render(doc, "json"))["facts"]
    assert {f["key"]: f["value"] for f in facts}["gp_income:CPCJF"] == "5100000.00"

    client.force_login(officer)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert 'href="#fn-masthead"' in page and 'id="fn-masthead">* A/64/50.</p>' in page
    response = client.get(f"/reports/{report.pk}/download.docx")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')


@pytest.mark.django_db
def test_a_final_report_is_frozen_and_shows_what_the_data_now_gives(client, users, tc_data):
    officer = users["planning_officer"]
    report = services.create_report(by=officer, title="TC 2009", period="2008-2009", as_of=date(2009, 5, 31))
    services.transition(report, by=officer, to=Report.Status.IN_REVIEW)
    services.transition(report, by=officer, to=Report.Status.FINAL)
    report.refresh_from_db()
    assert report.frozen_facts["facts"]
    from mandates.results.models import Delivery

    Delivery.objects.filter(pk=tc_data["deliveries"][0].pk).delete()  # a workshop disappears from the data
    doc, _e = output.build_report(report, officer)
    assert next(f for f in doc.facts if f.key == "workshops").value == 2  # the document is unchanged
    client.force_login(officer)
    page = client.get(f"/reports/{report.pk}/differences/").content.decode()
    assert page.count('data-testid="changed"') >= 2  # workshops, officials trained
    with pytest.raises(Exception, match="frozen"):
        services.add_item(report, by=officer, section="I", text="Late paragraph")
    # bad input on the page is a clear error, not a 500
    response = client.get("/reports/technical-cooperation/", {"period": "1999-2000", "as_of": "2009-05-31"})
    assert response.status_code == 400 and "There is no period" in response.content.decode()
    response = client.get("/reports/technical-cooperation/", {"period": "2008-2009", "as_of": "1900-01-01"})
    assert response.status_code == 400 and "before the first record" in response.content.decode()




@pytest.mark.django_db
def test_excel_the_background_job_the_performance_report_and_the_cli(client, users, tc_data, strategy,
                                                                     tmp_path):
    from openpyxl import load_workbook

    from mandates.jobs.models import Job

    officer = users["planning_officer"]
    report = services.create_report(by=officer, title="=HYPERLINK(\"x\")", period="2008-2009", as_of="2009-05-31")
    services.add_item(report, by=officer, section="I", text="=cmd|' /C calc'!A0 {{fact:workshops}}")
    doc, _e = output.build_report(report, officer)
    wb = load_workbook(io.BytesIO(output.render(doc, "xlsx")))
    sources = {row[1]: row[3] for row in wb["Sources of figures"].iter_rows(min_row=2, values_only=True)}
    assert sources["states_parties:XVIII-12"] == 149 and float(sources["gp_income:CPCJF"]) == 5_100_000
    assert [r[0] for r in wb["States parties"].iter_rows(min_row=2, values_only=True)][0] == "UNTOC"
    client.force_login(officer)
    response = client.post("/jobs/start/reporting.render/", {"report": report.pk, "format": "docx",
                                                             "next": f"/reports/{report.pk}/"})
    job = Job.objects.get()
    assert response.status_code == 302 and job.status == "done", job.error
    download = client.get(f"/jobs/{job.pk}/download/")
    blob = b"".join(download.streaming_content if download.streaming else [download.content])
    assert "149" in "\n".join(p.text for p in read_docx(io.BytesIO(blob)).paragraphs)  # (PDF: tested above)
    # the programme performance report: approved values only; the command line writes files
    from decimal import Decimal

    from django.core.management import CommandError, call_command
    from openpyxl import load_workbook

    from mandates.results.models import Indicator, IndicatorTarget, IndicatorValue

    ind = Indicator.objects.create(title="States with a witness protection unit", result=strategy["result"],
                                   baseline_value=Decimal(3), start_year=2008, end_year=2011)
    IndicatorTarget.objects.create(indicator=ind, year=2009, value=Decimal(5))
    IndicatorValue.objects.create(indicator=ind, year=2008, value=Decimal("4.00"), status="approved")
    IndicatorValue.objects.create(indicator=ind, year=2009, value=Decimal("777.00"), status="submitted")
    client.force_login(users["planning_officer"])
    page = client.get("/reports/programme-performance/", {"period": "2008-2009", "as_of": "2009-12-31"})
    text = page.content.decode()
    assert page.status_code == 200 and "States with a witness protection unit" in text
    assert "4.00" in text and "777" not in text
    sheet = load_workbook(io.BytesIO(client.get("/reports/programme-performance/", {
        "period": "2008-2009", "as_of": "2009-12-31", "format": "xlsx"}).content)).active
    row = [c.value for c in sheet[2]]
    assert row[2] == 3 and row[4] == 4 and row[6] is None  # baseline, actual 2008, no approved 2009 value

    out = tmp_path / "tc.docx"
    call_command("report", "technical-cooperation", "--period", "2008-2009", "--as-of", "2009-05-31",
                 "--format", "docx", "--out", str(out), "--user", "planner")
    assert "149" in "\n".join(p.text for p in read_docx(str(out)).paragraphs)
    with pytest.raises(CommandError, match="no period"):
        call_command("report", "technical-cooperation", "--period", "2030-2031", "--out", str(out))
