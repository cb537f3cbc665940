"""The Word document as LibreOffice reads it, written directly as a flat OpenDocument text (.fodt), for the PDF.

LibreOffice writes a long report's PDF from its Word document; at 750 pages a third of its time went into the
Word import filter alone (BENCHMARKS.md, "pdf6"). Its own format imports in a third of that time. This module
translates the small vocabulary ``render_docx`` writes (paragraphs with a style, runs in bold, tabs, line breaks,
page breaks, tables with column widths) into the OpenDocument that LibreOffice's Word filter makes of it, element
for element, on the styles of LibreOffice's own reading of the Word template (converted once per template and kept
in the temporary directory). The Word document stays the source: what is not in that vocabulary (footnotes,
anything else) returns None, and the PDF is then written from the .docx as before.
"""
import hashlib
import io
import re
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
_TEMPLATES: dict[str, tuple] = {}
_LOCK = threading.Lock()
BODY_MARK = "<!--mandates-body-->"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, R, T, TAB, BR, RPR, PPR, B, TBL, TR, TC, TCPR = (_q(t) for t in ("p", "r", "t", "tab", "br", "rPr", "pPr", "b", "tbl",
                                                                 "tr", "tc", "tcPr"))
_TABLE_PROPERTIES = (_q("tblPr"), _q("tblGrid"))
VAL, TYPE, PSTYLE = _q("val"), _q("type"), f"{_q('pPr')}/{_q('pStyle')}"


def template(docx_template: Path, soffice: str, profile: Path) -> tuple[str, dict, dict] | None:
    """LibreOffice's reading of the Word template as flat XML with a mark where the body goes, the OpenDocument name
    of each Word style (by style id) and the outline level of the heading styles; None if LibreOffice could not
    read it. Converted once per template (by content) and process, with the caller's LibreOffice profile."""
    blob = docx_template.read_bytes()
    key = hashlib.sha256(blob).hexdigest()
    with _LOCK:
        if key in _TEMPLATES:
            return _TEMPLATES[key]
        with tempfile.TemporaryDirectory(prefix="mandates-odt-") as work:
            source = Path(work) / "template.docx"
            source.write_bytes(blob)
            try:
                subprocess.run([soffice, "--headless", "--norestore", "--nolockcheck",
                                f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "fodt", "--outdir", work,
                                str(source)], capture_output=True, timeout=300, check=False)
            except subprocess.TimeoutExpired:
                return None
            made = Path(work) / "template.fodt"
            if not made.exists():
                return None
            flat = made.read_text(encoding="utf-8")
        root = etree.fromstring(flat.encode("utf-8"), _PARSER)
        by_name, levels = {}, {}
        for st in root.iter(f"{{{STYLE}}}style"):
            name = st.get(f"{{{STYLE}}}name")
            by_name[(st.get(f"{{{STYLE}}}display-name") or name).lower()] = name
            if st.get(f"{{{STYLE}}}default-outline-level"):
                levels[name] = st.get(f"{{{STYLE}}}default-outline-level")
        by_name["normal"] = by_name.get("standard", "Standard")
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            styles = etree.fromstring(z.read("word/styles.xml"), _PARSER)
        names = {}
        for st in styles.iter(_q("style")):
            label = st.find(_q("name"))
            odf = by_name.get((label.get(_q("val")) if label is not None else "").lower())
            if odf:
                names[st.get(_q("styleId"))] = odf
        # the template's own body goes (the Word document holds it again, written by render_docx)
        end = flat.rindex("</office:text>")
        opening = flat.rindex("<office:text", 0, end)
        decls = flat.find("</text:sequence-decls>", opening, end)
        start = decls + len("</text:sequence-decls>") if decls >= 0 else flat.index(">", opening) + 1
        shell = flat[:start] + BODY_MARK + flat[end:]
        _TEMPLATES[key] = (shell, names, levels)
        return _TEMPLATES[key]


_SPACES = re.compile(r"  +")


def _text(text: str, start: bool) -> str:
    """Text as OpenDocument keeps it: a run of spaces (or one at the start of a paragraph) written as text:s."""
    out = escape(text)
    if "  " not in out and not (start and out.startswith(" ")):
        return out
    out = _SPACES.sub(lambda m: " " + (f'<text:s text:c="{len(m.group()) - 1}"/>' if len(m.group()) > 2
                                           else "<text:s/>"), out)
    if start and out.startswith(" "):
        out = "<text:s/>" + out[1:]
    return out


class _Body:
    def __init__(self, names: dict, levels: dict):
        self.names, self.levels = names, levels
        self.parts: list[str] = []
        self.auto: list[str] = []
        self._cell_styles: dict[str, str] = {}
        self._break_styles: dict[str, str] = {}
        self.tables = 0
        self.break_next = False
        self._quoted: dict[str, str] = {}

    def style(self, p) -> str:
        ps = p.find(PSTYLE)
        return self.names.get(ps.get(VAL), "Standard") if ps is not None else "Standard"

    def attr(self, name: str) -> str:
        if name not in self._quoted:
            self._quoted[name] = quoteattr(name)
        return self._quoted[name]

    def cell_style(self, name: str) -> str:
        """A paragraph in a table cell: its style with widows and orphans off, as the Word filter sets them."""
        if name not in self._cell_styles:
            auto = f"MRc{len(self._cell_styles) + 1}"
            self.auto.append(f'<style:style style:name="{auto}" style:family="paragraph" style:parent-style-name='
                             f'{quoteattr(name)}><style:paragraph-properties fo:orphans="0" fo:widows="0"/>'
                             f"</style:style>")
            self._cell_styles[name] = auto
        return self._cell_styles[name]

    def break_style(self, name: str) -> str:
        if name not in self._break_styles:
            auto = f"MRb{len(self._break_styles) + 1}"
            self.auto.append(f'<style:style style:name="{auto}" style:family="paragraph" style:parent-style-name='
                             f'{quoteattr(name)}><style:paragraph-properties fo:break-before="page"/></style:style>')
            self._break_styles[name] = auto
        return self._break_styles[name]

    def runs(self, p) -> str | None:
        """The paragraph's runs; None for what this module does not translate."""
        out, start = [], True
        for r in p:
            if r.tag == PPR:
                continue
            if r.tag != R:
                return None
            rpr = r.find(RPR)
            bold = False
            if rpr is not None:
                if [c.tag for c in rpr] != [B] or rpr[0].get(VAL) not in (None, "1", "true"):
                    return None
                bold = True
            piece = []
            for c in r:
                if c.tag == RPR:
                    continue
                if c.tag == T:
                    piece.append(_text(c.text or "", start))
                    start = start and not c.text
                elif c.tag == TAB:
                    piece.append("<text:tab/>")
                    start = False
                elif c.tag == BR and c.get(TYPE) in (None, "textWrapping"):
                    piece.append("<text:line-break/>")
                else:
                    return None
            text = "".join(piece)
            out.append(f'<text:span text:style-name="MRbold">{text}</text:span>' if bold and text else text)
        return "".join(out)

    def paragraph(self, p, in_cell: bool = False) -> bool:
        runs = list(p)
        if (not in_cell and len(runs) == 1 and runs[0].tag == R and len(runs[0]) == 1
                and runs[0][0].tag == BR and runs[0][0].get(TYPE) == "page"):
            # a page break on its own: the Word filter leaves an empty paragraph and breaks before the next one
            self.parts.append('<text:p text:style-name="Standard"/>')
            self.break_next = True
            return True
        text = self.runs(p)
        if text is None:
            return False
        name = self.style(p)
        if in_cell:
            name = self.cell_style(name)
        elif self.break_next:
            name, self.break_next = self.break_style(name), False
        if text.endswith(" "):  # OpenDocument drops a space at the end of a paragraph; Word keeps it
            text = text[:-1] + "<text:s/>"
        level = None if in_cell else self.levels.get(name)
        if level:
            self.parts.append(f'<text:h text:style-name={self.attr(name)} text:outline-level="{level}">{text}</text:h>')
        else:
            self.parts.append(f"<text:p text:style-name={self.attr(name)}>{text}</text:p>" if text
                              else f"<text:p text:style-name={self.attr(name)}/>")
        return True

    def table(self, tbl) -> bool:
        widths = [int(g.get(_q("w"))) for g in tbl.find(_q("tblGrid"))]
        self.tables += 1
        n = f"MRt{self.tables}"
        self.auto.append(f'<style:style style:name="{n}" style:family="table"><style:table-properties style:width='
                         f'"{sum(widths) / 1440:.4f}in" fo:margin-left="-0.075in" fo:margin-top="0in" '
                         f'fo:margin-bottom="0in" table:align="left" style:writing-mode="lr-tb"/></style:style>')
        cols = []
        for i, w in enumerate(_columns(widths)):
            self.auto.append(f'<style:style style:name="{n}.{i}" style:family="table-column">'
                             f'<style:table-column-properties style:column-width="{w / 20}pt"/></style:style>')
            cols.append(f'<table:table-column table:style-name="{n}.{i}"/>')
        self.parts.append(f'<table:table table:name="Table{self.tables}" table:style-name="{n}">{"".join(cols)}')
        for tr in tbl:
            if tr.tag in _TABLE_PROPERTIES:
                continue
            if tr.tag != TR:
                return False
            self.parts.append('<table:table-row table:style-name="MRrow">')
            for tc in tr:
                if tc.tag != TC:
                    return False
                self.parts.append('<table:table-cell table:style-name="MRcell" office:value-type="string">')
                for p in tc:
                    if p.tag == TCPR:
                        continue
                    if p.tag != P or not self.paragraph(p, in_cell=True):
                        return False
                self.parts.append("</table:table-cell>")
            self.parts.append("</table:table-row>")
        self.parts.append("</table:table>")
        return True


def _columns(widths: list[int]) -> list[int]:
    """The columns' widths (twips) as LibreOffice's Word filter sets them: each column's edge placed on a scale of
    10,000 across the table (rounded), then back in twips (rounded down) -- a twip narrower here and there, which
    moves a line break in a narrow column."""
    total, edges, cum = sum(widths), [], 0
    for w in widths:
        cum += w
        edges.append(round(cum * 10000 / total) * total // 10000)
    return [b - a for a, b in zip([0, *edges], edges)]


COMMON_STYLES = (
    '<style:style style:name="MRbold" style:family="text"><style:text-properties fo:font-weight="bold" '
    'style:font-weight-asian="bold"/></style:style>'
    '<style:style style:name="MRrow" style:family="table-row"><style:table-row-properties fo:keep-together="auto"/>'
    "</style:style>"
    '<style:style style:name="MRcell" style:family="table-cell"><style:table-cell-properties fo:padding-left="0.075in"'
    ' fo:padding-right="0.075in" fo:padding-top="0in" fo:padding-bottom="0in" fo:border="none"/></style:style>')


def body(docx: bytes, names: dict, levels: dict) -> tuple[list[str], list[str]] | None:
    """The body of the Word document as OpenDocument pieces (one per paragraph or table) and the automatic styles
    they use; None when it holds anything this module does not translate (footnotes, fields, images ...)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"), _PARSER)
        if "word/footnotes.xml" in z.namelist():
            notes = etree.fromstring(z.read("word/footnotes.xml"), _PARSER)
            if any(n.get(_q("type")) in (None, "normal") for n in notes.iter(_q("footnote"))):
                return None
    out = _Body(names, levels)
    pieces = []
    for child in root.find(_q("body")):
        if child.tag == _q("sectPr"):
            continue
        mark = len(out.parts)
        ok = out.paragraph(child) if child.tag == _q("p") else out.table(child) if child.tag == _q("tbl") else False
        if not ok:
            return None
        pieces.append("".join(out.parts[mark:]))
        del out.parts[mark:]
    return pieces, [COMMON_STYLES, *out.auto]


def document(shell: str, pieces: list[str], auto: list[str]) -> bytes:
    head, tail = shell.split(BODY_MARK)
    close = "</office:automatic-styles>"
    if close in head:
        i = head.rindex(close)
        head = head[:i] + "".join(auto) + head[i:]
    else:
        i = head.index("<office:master-styles")
        head = head[:i] + "<office:automatic-styles>" + "".join(auto) + close + head[i:]
    return (head + "".join(pieces) + tail).encode("utf-8")
