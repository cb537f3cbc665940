"""Word and PDF files made in the tests from real resolution texts, as the UN and the office lay them
out: Word's own paragraph numbering and real footnotes; a PDF with the symbol printed at the top of
every page, page numbers at the bottom and words hyphenated at line ends (WeasyPrint)."""
import html
import io
import re

NUMBERING = """
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
</w:abstractNum>"""
NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90">
  <w:abstractNumId w:val="90"/></w:num>"""
FOOTNOTES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  {notes}
</w:footnotes>"""


def paragraphs_of(text: str) -> list[str]:
    """The text's paragraphs: one a line (as the seeds and the archive pages hold them), list marks out."""
    return [re.sub(r"^[-*]\s+", "", " ".join(line.split())) for line in text.split("\n") if line.strip()]


def make_docx(text: str, footnotes: dict[int, str] | None = None) -> bytes:
    """A .docx of ``text``: numbered paragraphs ("1. Requests", "(a) ...") become Word list paragraphs
    numbered by Word (the numbers are not in the text); ``footnotes`` {paragraph index: note} become
    real footnotes referenced at the end of those paragraphs."""
    import docx
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    notes = []
    for index, block in enumerate(paragraphs_of(text)):
        numbered = re.match(r"^(\d{1,3})\.\s+(.*)$", block)
        lettered = re.match(r"^\(([a-z])\)\s+(.*)$", block)
        paragraph = document.add_paragraph((numbered or lettered).group(2) if (numbered or lettered) else block)
        if numbered or lettered:
            num_pr = OxmlElement("w:numPr")
            ilvl, num_id = OxmlElement("w:ilvl"), OxmlElement("w:numId")
            ilvl.set(qn("w:val"), "1" if lettered else "0")
            num_id.set(qn("w:val"), "90")
            num_pr.extend([ilvl, num_id])
            paragraph._p.get_or_add_pPr().append(num_pr)
        if footnotes and index in footnotes:
            note_id = len(notes) + 1
            run = paragraph.add_run()
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), str(note_id))
            run._r.append(ref)
            notes.append(f'<w:footnote w:id="{note_id}"><w:p><w:r><w:t>{html.escape(footnotes[index])}</w:t></w:r>'
                         f"</w:p></w:footnote>")
    if notes:
        part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                    FOOTNOTES.format(notes="".join(notes)).encode("utf-8"), document.part.package)
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF_CSS = """
@page { size: A5; margin: 22mm 16mm 20mm 16mm;
        @top-right { content: "%(symbol)s"; font: 9pt sans-serif; }
        @bottom-left { content: counter(page); font: 9pt sans-serif; }
        @bottom-right { content: "09-47257"; font: 8pt sans-serif; } }
body { font: 10.5pt/1.3 serif; }
p { text-align: justify; hyphens: auto; margin: 0 0 .6em; }
h1 { font-size: 11pt; }
"""


def make_pdf(text: str, symbol: str) -> bytes:
    """A PDF of ``text`` laid out as the UN prints a resolution: the symbol at the top of every page,
    the page number and the job number at the bottom, justified paragraphs hyphenated at line ends."""
    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(block)}</p>" for block in paragraphs_of(text))
    page = (f'<html lang="en"><head><meta charset="utf-8"><style>{PDF_CSS % {"symbol": symbol}}</style></head>'
            f"<body>{body}</body></html>")
    document = HTML(string=page).render()
    make_pdf.pages = len(document.pages)
    return document.write_pdf()


def make_blank_pdf(pages: int = 2) -> bytes:
    """A PDF with pages but no text layer, as a scanner makes them (here: grey boxes)."""
    from weasyprint import HTML

    boxes = "".join('<div style="height:180mm;background:#888;break-after:page"></div>' for _ in range(pages))
    return HTML(string=f"<html><body>{boxes}</body></html>").write_pdf()
