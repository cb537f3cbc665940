"""Word output: the report's blocks written into the Word template (data/un_report_template.docx), which
holds the page layout and every style; this module only names styles.

python-docx has no footnote API, so footnotes are written on its XML/part API: the template carries a
``word/footnotes.xml`` part (related to the document by the footnotes relationship); each footnote is a
``w:footnote`` element appended there, referenced from the text by a ``w:footnoteReference`` run — real
Word footnotes, numbered by Word.
"""
import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document as load_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from .document import Document, long_date
from .periods import ReportError

DEFAULT_TEMPLATE = Path(__file__).parent / "data" / "un_report_template.docx"
STYLES = ("UN Organ", "UN Symbol", "UN Masthead", "UN Session", "UN Title", "UN Subtitle", "UN Summary Heading",
          "UN Summary", "UN Contents", "Heading 1", "Heading 2", "Heading 3", "UN Paragraph", "UN Recommendation",
          "UN Annex Heading", "UN Table Text", "Footnote Text", "Footnote Reference")


def template_path() -> Path:
    return Path(getattr(settings, "MANDATES_REPORT_TEMPLATE", "") or DEFAULT_TEMPLATE)


class _Footnotes:
    def __init__(self, docx):
        try:
            self.part = docx.part.part_related_by(RT.FOOTNOTES)
        except KeyError:
            raise ReportError(_("The Word template has no footnotes part; regenerate it with "
                                "scripts/make-report-template.")) from None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        self.root = etree.fromstring(self.part.blob, parser)
        ids = [int(n.get(qn("w:id"))) for n in self.root.findall(qn("w:footnote"))]
        self.next_id = max([0, *ids]) + 1

    def add(self, paragraph, text: str, mark: str = "") -> None:
        """A footnote numbered by Word or, with ``mark``, one with a custom mark (a masthead note “*”), which
        Word leaves out of the numbering of the others."""
        note_id = self.next_id
        self.next_id += 1
        ref = "<w:t/>" if mark else "<w:footnoteRef/>"
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>{ref}</w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
        texts = note.findall(".//" + qn("w:t"))
        texts[-1].text = " " + text  # set as text: escaped by lxml
        if mark:
            texts[0].text = mark
        self.root.append(note)
        run = paragraph.add_run()
        run.style = "Footnote Reference"
        custom = ' w:customMarkFollows="1"' if mark else ""
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")}{custom} w:id="{note_id}"/>'))
        if mark:
            run._r.append(parse_xml(f'<w:t {nsdecls("w")}>{escape(mark)}</w:t>'))

    def save(self) -> None:
        self.part._blob = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _runs(paragraph, runs, notes: _Footnotes) -> None:
    for run in runs:
        if run[0] == "text":
            paragraph.add_run(run[1])
        elif run[0] == "fact":
            paragraph.add_run(run[1].display())
        else:
            notes.add(paragraph, run[2])


def render(doc: Document, template: Path | None = None) -> bytes:
    path = template or template_path()
    if not path.exists():
        raise ReportError(_("The Word template %(path)s is missing.") % {"path": path.name})
    docx = load_docx(str(path))
    names = {s.name for s in docx.styles}
    missing = [s for s in STYLES if s not in names]
    if missing:
        raise ReportError(_("The Word template lacks the styles: %(names)s.") % {"names": ", ".join(missing)})
    notes = _Footnotes(docx)
    m = doc.masthead
    table = docx.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].add_run(_("United Nations"))
    table.cell(0, 0).paragraphs[0].style = "UN Organ"
    table.cell(0, 1).paragraphs[0].add_run(m["symbol"])
    table.cell(0, 1).paragraphs[0].style = "UN Symbol"
    table.cell(1, 0).paragraphs[0].add_run(_(m["organ"]))
    table.cell(1, 0).paragraphs[0].style = "UN Organ"
    right = table.cell(1, 1)
    lines = [_("Distr.: %(d)s") % {"d": pgettext("distribution", m["distribution"])},
             doc.masthead_date or long_date(m["date"]), "",
             _("Original: %(lang)s") % {"lang": pgettext("original language", m["original"])}]
    right.paragraphs[0].add_run(lines[0])
    right.paragraphs[0].style = "UN Masthead"
    for line in lines[1:]:
        right.add_paragraph(line, style="UN Masthead")
    if m.get("session"):
        docx.add_paragraph(_(m["session"]), style="UN Session")
        item = docx.add_paragraph(_(m["agenda_item"]), style="UN Masthead")
        if m.get("agenda_note"):  # the symbol of the agenda, a note marked “*” at the foot of the first page
            notes.add(item, m["agenda_note"], mark="*")
        docx.add_paragraph(_(m["agenda_title"]), style="UN Session")
    docx.add_paragraph(doc.title, style="UN Title")
    docx.add_paragraph(doc.subtitle, style="UN Subtitle")
    docx.add_paragraph(_("Summary"), style="UN Summary Heading")
    _runs(docx.add_paragraph(style="UN Summary"), doc.summary, notes)
    docx.add_paragraph(_("Contents"), style="UN Summary Heading")
    for entry in doc.contents:
        indent = "\t" if entry["level"] == 2 else ""
        docx.add_paragraph(f"{indent}{entry['number']}\t{entry['title']}", style="UN Contents")
    for block in doc.blocks:
        kind = block["type"]
        if kind == "chapter":
            docx.add_paragraph(f"{block['number']}\t{block['title']}", style="Heading 1")
        elif kind == "section":
            docx.add_paragraph(f"{block['number']}\t{block['title']}", style="Heading 2")
        elif kind == "subheading":
            docx.add_paragraph(block["title"], style="Heading 3")
        elif kind == "table":
            docx.add_paragraph(_("Table %(n)s") % {"n": block["number"]}, style="UN Masthead")
            docx.add_paragraph(block["title"], style="Heading 3")
            if block["text_rows"]:
                rows = block["text_rows"] + ([block["text_total"]] if block["text_total"] else [])
                _table(docx, block["headings"], rows)
            else:
                docx.add_paragraph(block["empty"], style="UN Paragraph")
        elif kind == "para":
            p = docx.add_paragraph(f"{block['number']}.\t", style="UN Paragraph")
            _runs(p, block["runs"], notes)
        else:
            p = docx.add_paragraph(f"{block['number']}\t", style="UN Recommendation")
            _runs(p, block["runs"], notes)
    if doc.annex:
        _annex(docx, doc)
    _sources(docx, doc)
    notes.save()
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _table(docx, headings, rows):
    table = docx.add_table(rows=1, cols=len(headings))
    for cell, text in zip(table.rows[0].cells, headings):
        cell.paragraphs[0].add_run(str(text)).bold = True
        cell.paragraphs[0].style = "UN Table Text"
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.paragraphs[0].add_run(str(text))
            cell.paragraphs[0].style = "UN Table Text"
    return table


def _annex(docx, doc: Document) -> None:
    docx.add_page_break()
    docx.add_paragraph(doc.annex_labels.get("ratification") or _("Annex I"), style="UN Annex Heading")
    docx.add_paragraph(_(doc.annex["title"]), style="UN Annex Heading")
    docx.add_paragraph(_("As at %(date)s") % {"date": doc.as_of_text or long_date(doc.as_of)}, style="UN Masthead")
    _table(docx, [_("Instrument"), _("Signatories"), _("States parties"), _("New parties in the period")],
           [[t["name"], t["signatories"], t["parties"], t["new"]] for t in doc.annex["totals"]])
    docx.add_paragraph(_("Signature / consent to be bound (r: ratification, a: accession, acceptance or "
                         "approval, s: succession, f: formal confirmation)"), style="UN Masthead")
    _table(docx, [_("State"), *doc.annex["columns"]], [[r["name"], *r["cells"]] for r in doc.annex["rows"]])


def _sources(docx, doc: Document) -> None:
    docx.add_page_break()
    docx.add_paragraph(doc.annex_labels.get("sources") or _("Annex II"), style="UN Annex Heading")
    docx.add_paragraph(_("Sources of figures"), style="UN Annex Heading")
    _table(docx, [_("No."), _("Figure"), _("Value"), _("Definition"), _("Filters")],
           [[i, f.label, f.display(), f.definition, "; ".join(f"{k}={v}" for k, v in f.filters.items())]
            for i, f in enumerate(doc.facts, start=1)])
