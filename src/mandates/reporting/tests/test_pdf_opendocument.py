"""The PDF of a long report is written by LibreOffice from the report in its own format (render_odt), translated
from the Word document: the same text on the same pages as LibreOffice's reading of the .docx, tagged; what the
translation does not cover (footnotes) still goes through the .docx."""
import io
import shutil
import subprocess
import zipfile
from datetime import date

import pytest
from docx import Document as load_docx
from lxml import etree

from mandates.reporting import output, render_docx, render_odt

AS_OF = date(2009, 12, 31)
NAMES = {"Heading1": "Heading_20_1", "UNTableText": "UN_20_Table_20_Text", "UNParagraph": "UN_20_Paragraph"}
LEVELS = {"Heading_20_1": "1"}
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _body(blob: bytes) -> etree._Element:
    pieces, auto = render_odt.body(blob, NAMES, LEVELS)
    ns = ('xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"')
    return etree.fromstring(f"<body {ns}>{''.join(pieces)}</body>")


def _odf_text(el) -> str:
    """The text of an OpenDocument paragraph as a reader gets it (text:s, text:tab, text:line-break expanded)."""
    out = [el.text or ""]
    for child in el:
        if child.tag == f"{TEXT}s":
            out.append(" " * int(child.get(f"{TEXT}c", "1")))
        elif child.tag == f"{TEXT}tab":
            out.append("\t")
        elif child.tag == f"{TEXT}line-break":
            out.append("\n")
        else:
            out.append(_odf_text(child))
        out.append(child.tail or "")
    return "".join(out)


def test_the_word_xml_is_translated_paragraph_for_paragraph_and_cell_for_cell():
    docx = load_docx(str(render_docx.DEFAULT_TEMPLATE))
    writer = render_docx._Writer(docx)
    writer.paragraph("I.\tA chapter", style="Heading 1")
    writer.paragraph("1.\tTwo  spaces,   three, & <markup>", style="UN Paragraph")
    writer.table(["Project", "Budget (USD)"], [["A title\twith a tab", "1,000.00"], [" edge spaces ", "two\nlines"],
                                               ["short"]])
    docx.add_page_break()
    writer.paragraph("After the break", style="UN Paragraph")
    out = io.BytesIO()
    docx.save(out)
    body = _body(out.getvalue())
    heading = body.find(f"{TEXT}h")
    assert heading.get(f"{TEXT}outline-level") == "1" and _odf_text(heading) == "I.\tA chapter"
    paragraphs = [p for p in body.findall(f"{TEXT}p")]
    assert _odf_text(paragraphs[0]) == "1.\tTwo  spaces,   three, & <markup>"
    cells = [[_odf_text(c.find(f"{TEXT}p")) for c in row] for row in body.iter(f"{TABLE}table-row")]
    assert cells == [["Project", "Budget (USD)"], ["A title\twith a tab", "1,000.00"], [" edge spaces ", "two\nlines"],
                     ["short", ""]]
    assert len(body.find(f"{TABLE}table").findall(f"{TABLE}table-column")) == 2
    # the heading row in bold; a page break: an empty paragraph, and the next one starts a page
    assert body.find(f".//{TABLE}table-row").find(f".//{TEXT}span").get(f"{TEXT}style-name") == "MRbold"
    assert paragraphs[-2].get(f"{TEXT}style-name") == "Standard" and not _odf_text(paragraphs[-2])
    assert paragraphs[-1].get(f"{TEXT}style-name").startswith("MRb") and _odf_text(paragraphs[-1]) == "After the break"


@pytest.mark.django_db
def test_a_document_with_footnotes_is_left_to_the_word_filter(users, tc_data):
    doc, _engine = output.build(users["administrator"], "2008-2009", date(2009, 5, 31))
    blob = render_docx.render(doc)
    notes = etree.fromstring(zipfile.ZipFile(io.BytesIO(blob)).read("word/footnotes.xml"))
    assert len(notes) > 2  # the report cites its sources in footnotes
    assert render_odt.body(blob, NAMES, LEVELS) is None


def _layout_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.mark.django_db
def test_the_pdf_through_opendocument_has_the_pages_of_the_pdf_through_word(users, kinds_data, tmp_path):
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed")
    from pypdf import PdfReader

    doc, engine = output.build(users["administrator"], "2008-2009", AS_OF, kind="regional_programmes",
                               items=[{"text": "A paragraph  with two spaces and a\ttab."}])
    blob = render_docx.render(doc)
    template = render_odt.template(render_docx.template_path(), shutil.which("soffice"), tmp_path / "profile")
    assert template and render_odt.body(blob, template[1], template[2])  # translated: the PDF goes that way
    direct, through_word = output.pdf_from_docx(blob), output.pdf_from_docx(blob, direct=False)
    assert _layout_text(direct) == _layout_text(through_word)  # every line of every page in the same place
    reader = PdfReader(io.BytesIO(direct))
    assert len(reader.pages) == len(PdfReader(io.BytesIO(through_word)).pages)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # still tagged
    text = _layout_text(direct)
    assert doc.title.split()[0] in text and engine.get(doc.facts[0].key).display() in text
