"""Every report kind in French and Spanish: the fixed texts (headings, table headers, sentences built in
Python, the technical-cooperation report's structure file) come from the catalogues. Read back from the .docx,
no paragraph and no table header of the English document is left unchanged, except data (names, codes,
symbols) and words spelled the same in both languages."""
import io
from datetime import date

import pytest
from django.utils import translation
from docx import Document as read_docx

from mandates.reporting import output

pytestmark = pytest.mark.django_db
AS_OF = date(2009, 12, 31)
KINDS = [  # kind, subject, as-at date, a few fixed texts of its French and Spanish documents
    ("technical_cooperation", "", date(2009, 5, 31), {
        "fr": ["Table des matières", "B.\tMesures de lutte contre la traite des personnes", "Sources des chiffres",
               "Il est recommandé que l’Assemblée générale envisage les mesures suivantes :"],
        "es": ["Índice", "B.\tMedidas contra la trata de personas", "Fuentes de las cifras",
               "Se recomienda que la Asamblea General examine las siguientes medidas:"]}),
    ("regional_programmes", "", AS_OF, {
        "fr": ["\tA.\tConsultations et composantes", "Historique des consultations", "Rapport du Directeur exécutif"],
        "es": ["\tA.\tConsultas y componentes", "Historial de consultas", "Informe del Director Ejecutivo"]}),
    ("donor", "Sweden", AS_OF, {
        "fr": ["II.\tProjets financés", "Contributions de l’exercice biennal", "Rapport au donateur, 2008-2009"],
        "es": ["II.\tProyectos financiados", "Contribuciones del bienio", "Informe al donante, 2008-2009"]}),
    ("profile", "country=KEN", AS_OF, {
        "fr": ["Profil de pays : Kenya", "III.\tÉtat des traités", "Demandes reçues pendant la période"],
        "es": ["Perfil de país: Kenya", "III.\tEstado de los tratados", "Solicitudes recibidas en el período"]}),
    ("medium_term", "", AS_OF, {
        "fr": ["I.\tActivités prévues par résultat escompté", "Activités et coût estimatif"],
        "es": ["I.\tActividades previstas por logro previsto", "Actividades y costo estimado"]}),
]
# Table headers spelled the same in English and French or Spanish, and data shown in header rows.
SAME = {"", "Total", "Budget (USD)", "Code", "Date", "Participants", "Instrument", "Signature", "Programme",
        "UNTOC", "Trafficking in Persons Protocol", "Smuggling of Migrants Protocol"}


def read(blob) -> tuple[list[str], list[str]]:
    """The document's paragraphs, and the cells of the first row of each table (the headers) but the masthead."""
    document = read_docx(io.BytesIO(blob))
    headers = [cell.text for table in document.tables[1:] for cell in table.rows[0].cells]
    return [p.text for p in document.paragraphs], headers


@pytest.mark.parametrize("kind,subject,as_of,expected", KINDS, ids=[k[0] for k in KINDS])
def test_each_kind_of_report_is_written_in_french_and_spanish(users, kinds_data, kind, subject, as_of, expected):
    admin = users["administrator"]
    texts = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            doc, _engine = output.build(admin, "2008-2009", as_of, kind=kind, target=subject)
            texts[language] = read(output.render(doc, "docx"))
    data = {b["title"] for b in doc.blocks if b["type"] == "chapter" and b["title"].startswith("RP-TEST")}
    for language in ("fr", "es"):
        paragraphs, headers = texts[language]
        for fixed in expected[language]:
            assert any(p == fixed or p.endswith("\t" + fixed) for p in paragraphs), f"{kind} {language}: “{fixed}” not found"
        english = set(texts["en"][0]) & set(paragraphs)
        left = {p for p in english if p.strip() and p.split("\t")[-1] not in data | {"Introduction", "Contributions",
                                                                                        "Programmes"}}
        assert not left, f"{kind} {language}: English paragraphs left: {sorted(left)}"
        left = (set(texts["en"][1]) & set(headers)) - SAME
        assert not left, f"{kind} {language}: English table headers left: {sorted(left)}"
