"""A report cites a statistic (value, source and coverage in a footnote), and is produced in the other
official languages: fixed texts from the catalogues, UN numbering per language, Babel dates."""
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document as read_docx

from mandates.core.testing import SHARED_DIR
from mandates.reporting import output, services

pytestmark = pytest.mark.django_db
STATS = SHARED_DIR / "data" / "reference" / "crime_statistics"


def test_a_narrative_cites_a_statistic_with_its_source_and_coverage_in_a_footnote(users, tc_data):
    if not STATS.is_dir():
        pytest.skip("the shared crime statistics are not on this machine")
    from mandates.statistics.models import Value
    from mandates.statistics.services import import_file

    owid = (STATS / "owid_homicide_rate_unodc.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    kenya_only = owid[:1] + [row for row in owid[1:] if ",KEN," in row]  # the real rows, fewer of them
    import_file("owid_homicide_rate_unodc.csv", "".join(kenya_only).encode("utf-8"))
    gsh = (STATS / "homicide_gsh2019_annex" / "regional_homicide_estimates_1990_2017.csv").read_text(
        encoding="utf-8-sig").splitlines(keepends=True)
    import_file("regional_homicide_estimates_1990_2017.csv",
                "".join(gsh[:1] + [row for row in gsh[1:] if row.startswith('"Region","Africa",')]).encode("utf-8"))
    officer = users["planning_officer"]
    report = services.create_report(by=officer, title="MT", period="2008-2009", as_of="2009-05-31",
                                    kind="medium_term")  # any kind: the small one keeps the test quick
    services.add_item(report, by=officer, section="III.A", text=(
        "Kenya recorded {{fact:stat:homicide_rate_owid:KEN:2017}} victims of intentional homicide in 2017; "
        "the rate for Africa was {{fact:stat:homicide_rate:002:2015}} in 2015."))
    doc, engine = output.build_report(report, officer)
    kenya = engine.get("stat:homicide_rate_owid:KEN:2017")
    stored = Value.objects.get(series__collection="owid", area__code="KEN", year=2017).value
    assert kenya.value == Decimal(stored).quantize(Decimal("0.1")) == Decimal("5.0")
    assert kenya.display() == "5.0 per 100,000 population"
    assert "owid_homicide_rate_unodc.csv" in kenya.note and "Source:" in kenya.note
    africa = engine.get("stat:homicide_rate:002:2015")
    assert africa.value == Decimal("12.8") and "Published regional estimate" in africa.note
    blob = output.render(doc, "docx")
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        notes = z.read("word/footnotes.xml").decode()
    assert "owid_homicide_rate_unodc.csv" in notes and "regional_homicide_estimates_1990_2017.csv" in notes
    text = "\n".join(p.text for p in read_docx(io.BytesIO(blob)).paragraphs)
    assert "Kenya recorded 5.0 per 100,000 population victims" in text
    # a series, area or year without a value is said, not printed as zero; a malformed citation is refused
    assert engine.get("stat:homicide_rate_owid:KEN:1900").display() == "[no data]"
    with pytest.raises(Exception, match="stat:SERIES:AREA:YEAR"):
        engine.get("stat:homicide_rate_owid:KEN")


def test_the_report_in_french_spanish_arabic_and_russian(users, tc_data, tmp_path):
    from django.core.management import call_command
    from pypdf import PdfReader

    officer = users["planning_officer"]
    with translation.override("fr"):
        doc, _e = output.build(officer, "2008-2009", date(2009, 5, 31))
        fr_doc = doc
        assert doc.masthead_date == "6 juillet 2009" and doc.as_of_text == "31 mai 2009"
        assert doc.annex_labels == {"ratification": "Annexe I", "sources": "Annexe II"}
        assert doc.subtitle == "Rapport du Secrétaire général"
        html = output.render(doc, "html").decode()
        assert "Distr. : générale" in html and "Original : anglais" in html and "Résumé" in html
    # the smaller regional-programme report shows the other languages' numbering and texts
    with translation.override("es"):
        doc, _e = output.build(officer, "2008-2009", date(2009, 5, 31), kind="regional_programmes")
        assert doc.masthead_date == "31 de mayo de 2009" and doc.subtitle == "Informe del Director Ejecutivo"
        assert doc.annex_labels["sources"] == "Anexo"
    with translation.override("ar"):
        doc, _e = output.build(officer, "2008-2009", date(2009, 5, 31), kind="regional_programmes")
        chapters = [b["number"] for b in doc.blocks if b["type"] == "chapter"]
        sections = [b["number"] for b in doc.blocks if b["type"] == "section"]
        assert chapters == ["أولا -"] and sections == ["ألف.", "باء.", "جيم."]
        assert 'dir="rtl"' in output.render(doc, "html").decode()
    with translation.override("ru"):
        doc, _e = output.build(officer, "2008-2009", date(2009, 5, 31), kind="regional_programmes")
        assert [b["number"] for b in doc.blocks if b["type"] == "section"] == ["А.", "Б.", "В."]
        assert doc.annex_labels["sources"] == "Приложение"
    # paragraphs are numbered 1, 2, 3 ... in every language; body footnotes are numbered through the document
    paras = [b["number"] for b in fr_doc.blocks if b["type"] == "para"]
    assert paras == list(range(1, len(paras) + 1)) and len(fr_doc.footnotes) >= 3
    out = tmp_path / "fr.pdf"
    call_command("report", "donor", "--donor", "Sweden", "--period", "2008-2009", "--as-of", "2009-12-31",
                 "--format", "pdf", "--language", "fr", "--out", str(out))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
    assert "31 décembre 2009" in text and "Annexe" in text and "Sources des chiffres" in text
