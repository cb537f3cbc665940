"""Word output: the report's blocks written into the Word template (data/un_report_template.docx), which
holds the page layout and every style; this module only names styles.

python-docx has no footnote API, so footnotes are written on its XML/part API: the template carries a
``word/footnotes.xml`` part (related to the document by the footnotes relationship); each footnote is a
``w:footnote`` element appended there, referenced from the text by a ``w:footnoteReference`` run — real
Word footnotes, numbered by Word.
"""
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document as load_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from .document import Document, long_date
from .periods import ReportError

DEFAULT_TEMPLATE = Path(__file__).parent / "data" / "un_report_template.docx"
STYLES = ("UN Organ", "UN Symbol", "UN Masthead", "UN Session", "UN Title", "UN Subtitle", "UN Summary Heading",
          "UN Summary", "UN Contents", "Heading 1", "Heading 2", "Heading 3", "UN Paragraph", "UN Recommendation",
          "UN Annex Heading", "UN Table Text", "Footnote Text", "Footnote Reference")


def template_path() -> Path:
    return Path(getattr(settings, "MANDATES_REPORT_TEMPLATE", "") or DEFAULT_TEMPLATE)


class _Writer:
    """Appends paragraphs and tables to the body of the template as python-docx would, in time that does not
    grow with the document: each style's id is looked up once (python-docx scans every style of the template
    on each ``style =``), paragraphs go straight before the body's section properties (python-docx searches
    the body's children for them on each paragraph), and the rows of a table are written as one piece of
    XML parsed once, instead of cell by cell."""

    def __init__(self, docx):
        self.docx = docx
        self.body = docx.element.body
        self._ids = {}
        # found once: python-docx looks for the section properties among all the body's children on every
        # paragraph and measures the last section (an XPath over the whole document) on every table, which
        # made a long report's Word step grow with the square of its length
        self.sect = self.body.sectPr
        self.width = docx._block_width

    def style_id(self, name: str, kind=WD_STYLE_TYPE.PARAGRAPH):
        key = (name, kind)
        if key not in self._ids:
            self._ids[key] = self.docx.styles.get_style_id(name, kind)
        return self._ids[key]

    def paragraph(self, text: str = "", style: str = "") -> Paragraph:
        p = OxmlElement("w:p")
        self._append(p)
        paragraph = Paragraph(p, self.docx._body)
        if text:
            paragraph.add_run(text)
        if style:
            _set_style(p, self.style_id(style))
        return paragraph

    def _append(self, element) -> None:
        if self.sect is not None:
            self.sect.addprevious(element)
        else:
            self.body.append(element)

    def cell_style(self, paragraph, style: str) -> None:
        paragraph._p.style = self.style_id(style)

    def table(self, headings, rows):
        tbl = CT_Tbl.new_tbl(1, len(headings), self.width)  # what Document.add_table writes
        self._append(tbl)
        table = Table(tbl, self.docx._body)
        sid = self.style_id("UN Table Text")
        texts = [[str(t) for t in row] for row in rows]
        _share_width(table._tbl, [str(h) for h in headings], texts)
        tbl.remove(tbl.tr_lst[0])  # the heading row, written again with its runs in bold as python-docx writes them
        _append_rows(tbl, [[str(h) for h in headings]], sid, bold=True)
        if rows:
            _append_rows(tbl, texts, sid)
        return table


def _set_style(p, style_id) -> None:
    """``p.style = style_id`` as python-docx writes it; on a paragraph without properties yet (every one this
    module makes) without python-docx's search for the place of ``w:pStyle`` among thirty-odd possible siblings."""
    if not style_id or p.pPr is not None:
        p.style = style_id
        return
    ppr = OxmlElement("w:pPr")
    ppr.append(OxmlElement("w:pStyle", {qn("w:val"): style_id}))
    p.insert(0, ppr)


def _share_width(tbl, headings, rows) -> None:
    """The page width shared between the columns by what they hold (a project's title wider than an amount),
    not in equal parts: LibreOffice keeps the widths written, so equal columns broke titles inside words. The
    weight of a column is its longest word (an amount does not wrap) and a quarter, plus two, or its texts' mean length up to
    30 (a title wraps), at least 6."""
    grid = tbl.tblGrid.gridCol_lst
    widths = [g.get(qn("w:w")) for g in grid]
    if not rows or not widths or any(w is None or not w.isdigit() for w in widths):
        return
    total, weights = sum(int(w) for w in widths), []
    for j, heading in enumerate(headings):
        cells = [r[j] for r in rows if j < len(r)]
        mean = sum(len(c) for c in cells) / len(cells) if cells else 0
        longest = max((len(word) for c in [heading, *cells] for word in c.split()), default=0)
        weights.append(max(6.0, longest * 1.25 + 2.0, min(mean, 30.0)))
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[0] += total - sum(shares)
    for g, width in zip(grid, shares):
        g.set(qn("w:w"), str(width))
    for tc, width in zip(tbl.tr_lst[0].tc_lst, shares):
        tc.tcPr.find(qn("w:tcW")).set(qn("w:w"), str(width))


_SPECIAL = re.compile(r"[\t\r\n]")


def _append_rows(tbl, rows, style_id, bold: bool = False) -> None:
    """The rows as python-docx's ``add_row`` + ``add_run(text)`` (``.bold = True``) + ``style =`` write them
    (cells as wide as the grid's columns, each one paragraph in the style with one run), built as one string
    of XML."""
    widths = [g.get(qn("w:w")) for g in tbl.tblGrid.gridCol_lst]  # in twips, as written in the grid
    ppr = f'<w:pPr><w:pStyle w:val="{escape(style_id, {chr(34): "&quot;"})}"/></w:pPr>' if style_id else "<w:pPr/>"
    opens = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{escape(w, {chr(34): "&quot;"})}"/></w:tcPr>' if w is not None else "<w:tc>"
             for w in widths]
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    empty_run = f"<w:r>{rpr}</w:r>" if bold else "<w:r/>"
    parts, special = [f"<w:tbl {nsdecls('w')}>"], []
    for i, row in enumerate(rows):
        parts.append("<w:tr>")
        for j, start in enumerate(opens):
            text = row[j] if j < len(row) else None
            if text is None:  # a short row: python-docx leaves the cell's paragraph empty
                parts.append(start + "<w:p/></w:tc>")
                continue
            parts.append(start + "<w:p>" + ppr)
            if not text:
                parts.append(empty_run)
            elif _SPECIAL.search(text) or text.strip() != text:
                parts.append(empty_run)
                special.append((i, j, text))
            else:
                parts.append(f"<w:r>{rpr}<w:t>{escape(text)}</w:t></w:r>")
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    built = list(parse_xml("".join(parts)))
    for i, j, text in special:  # tabs, line breaks, edge spaces: python-docx's own text setter
        built[i][j][-1][-1].text = text
    for tr in built:
        tbl.append(tr)


class _Footnotes:
    def __init__(self, docx, writer: "_Writer"):
        self.writer = writer
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
        run._r.style = self.writer.style_id("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
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
    w = _Writer(docx)
    notes = _Footnotes(docx, w)
    m = doc.masthead
    table = docx.add_table(rows=2, cols=2)
    table.cell(0, 0).paragraphs[0].add_run(_("United Nations"))
    w.cell_style(table.cell(0, 0).paragraphs[0], "UN Organ")
    table.cell(0, 1).paragraphs[0].add_run(m["symbol"])
    w.cell_style(table.cell(0, 1).paragraphs[0], "UN Symbol")
    table.cell(1, 0).paragraphs[0].add_run(_(m["organ"]))
    w.cell_style(table.cell(1, 0).paragraphs[0], "UN Organ")
    right = table.cell(1, 1)
    lines = [_("Distr.: %(d)s") % {"d": pgettext("distribution", m["distribution"])},
             doc.masthead_date or long_date(m["date"]), "",
             _("Original: %(lang)s") % {"lang": pgettext("original language", m["original"])}]
    right.paragraphs[0].add_run(lines[0])
    w.cell_style(right.paragraphs[0], "UN Masthead")
    for line in lines[1:]:
        right.add_paragraph(line, style="UN Masthead")
    if m.get("session"):
        w.paragraph(_(m["session"]), style="UN Session")
        item = w.paragraph(_(m["agenda_item"]), style="UN Masthead")
        if m.get("agenda_note"):  # the symbol of the agenda, a note marked “*” at the foot of the first page
            notes.add(item, m["agenda_note"], mark="*")
        w.paragraph(_(m["agenda_title"]), style="UN Session")
    w.paragraph(doc.title, style="UN Title")
    w.paragraph(doc.subtitle, style="UN Subtitle")
    w.paragraph(_("Summary"), style="UN Summary Heading")
    _runs(w.paragraph(style="UN Summary"), doc.summary, notes)
    w.paragraph(_("Contents"), style="UN Summary Heading")
    for entry in doc.contents:
        indent = "\t" if entry["level"] == 2 else ""
        w.paragraph(f"{indent}{entry['number']}\t{entry['title']}", style="UN Contents")
    for block in doc.blocks:
        kind = block["type"]
        if kind == "chapter":
            w.paragraph(f"{block['number']}\t{block['title']}", style="Heading 1")
        elif kind == "section":
            w.paragraph(f"{block['number']}\t{block['title']}", style="Heading 2")
        elif kind == "subheading":
            w.paragraph(block["title"], style="Heading 3")
        elif kind == "table":
            w.paragraph(_("Table %(n)s") % {"n": block["number"]}, style="UN Masthead")
            w.paragraph(block["title"], style="Heading 3")
            if block["text_rows"]:
                rows = block["text_rows"] + ([block["text_total"]] if block["text_total"] else [])
                w.table(block["headings"], rows)
            else:
                w.paragraph(block["empty"], style="UN Paragraph")
        elif kind == "para":
            p = w.paragraph(f"{block['number']}.\t", style="UN Paragraph")
            _runs(p, block["runs"], notes)
        else:
            p = w.paragraph(f"{block['number']}\t", style="UN Recommendation")
            _runs(p, block["runs"], notes)
    if doc.annex:
        _annex(w, doc)
    _sources(w, doc)
    notes.save()
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


def _annex(w: _Writer, doc: Document) -> None:
    w.docx.add_page_break()
    w.paragraph(doc.annex_labels.get("ratification") or _("Annex I"), style="UN Annex Heading")
    w.paragraph(_(doc.annex["title"]), style="UN Annex Heading")
    w.paragraph(_("As at %(date)s") % {"date": doc.as_of_text or long_date(doc.as_of)}, style="UN Masthead")
    w.table([_("Instrument"), _("Signatories"), _("States parties"), _("New parties in the period")],
           [[t["name"], t["signatories"], t["parties"], t["new"]] for t in doc.annex["totals"]])
    w.paragraph(_("Signature / consent to be bound (r: ratification, a: accession, acceptance or "
                         "approval, s: succession, f: formal confirmation)"), style="UN Masthead")
    w.table([_("State"), *doc.annex["columns"]], [[r["name"], *r["cells"]] for r in doc.annex["rows"]])


def _sources(w: _Writer, doc: Document) -> None:
    w.docx.add_page_break()
    w.paragraph(doc.annex_labels.get("sources") or _("Annex II"), style="UN Annex Heading")
    w.paragraph(_("Sources of figures"), style="UN Annex Heading")
    w.table([_("No."), _("Figure"), _("Value"), _("Definition"), _("Filters")],
           [[i, f.label, f.display(), f.definition, "; ".join(f"{k}={v}" for k, v in f.filters.items())]
            for i, f in enumerate(doc.facts, start=1)])
