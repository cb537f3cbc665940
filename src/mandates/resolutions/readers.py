"""Read the text of a resolution from whatever the planning officer has: a file or pasted text.

One entry point, :func:`read`, gives a :class:`Source` (the text as lines the parser reads, its
format, what the reader did) or raises ``ValidationError`` on the ``source`` field with a message
that says what was found instead of a resolution.

* plain text and Markdown in any common encoding (a byte-order mark, UTF-8, else the encoding
  ``charset-normalizer`` finds), CRLF and CR line ends;
* Word (.docx, python-docx): Word's own paragraph numbering written out ("1.", "(a)"), footnote
  references as ``<sup>N</sup>`` with the footnote's text on the line after its paragraph;
* PDF (pypdf, pure Python): the lines repeated at the top or the bottom of the pages (the symbol,
  page numbers, job numbers) removed, words hyphenated at line ends joined again;
* refused: empty files, files over the size limit, images, scans without a text layer, zip archives
  and zip bombs, old binary Office files, tables (CSV, TSV).
"""
import csv
import io
import math
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from mandates.core import uploads

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a resolution is a few pages: 10 MB holds a long PDF
MAX_TEXT_CHARS = 500_000
MAX_PDF_PAGES = 200
ZIP_MAX_UNCOMPRESSED = 40 * 1024 * 1024
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_RATIO = 200  # a .docx compresses 5-20 times; far more is a bomb

TEXT = "text"
MARKDOWN = "markdown"
DOCX = "docx"
PDF = "pdf"

IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"BM", "BMP"),
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


@dataclass
class Source:
    text: str
    format: str  # text | markdown | docx | pdf
    name: str = ""
    unit: str = "line"  # how positions in the text are named in messages ("line", "paragraph")
    notes: list[str] = field(default_factory=list)  # what the reader did, for the review page


def refuse(message) -> ValidationError:
    return ValidationError({"source": message})


def read(source, name: str = "") -> Source:
    """The text of ``source``: a ``str`` (pasted text), ``bytes``, a path or a file object."""
    from pathlib import Path

    if isinstance(source, str):
        return _from_text(source, name, pasted=True)
    if isinstance(source, Path):
        name = name or source.name
        if source.stat().st_size > MAX_UPLOAD_BYTES:
            raise refuse(_too_big(source.stat().st_size))
        data = source.read_bytes()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:  # an upload or an open file
        name = name or getattr(source, "name", "") or ""
        size = getattr(source, "size", None)
        if size is not None and size > MAX_UPLOAD_BYTES:
            raise refuse(_too_big(size))
        data = source.read(MAX_UPLOAD_BYTES + 1)
        if isinstance(data, str):
            return _from_text(data, name, pasted=False)
    if len(data) > MAX_UPLOAD_BYTES:
        raise refuse(_too_big(len(data)))
    if not data.strip():
        raise refuse(_("The file is empty: there is no text to import."))
    lower = name.lower()
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return Source(read_pdf(data), PDF, name, "line", [_("Text read from a PDF.")])
    if data.startswith(b"PK\x03\x04"):
        return _from_zip(data, name)
    for magic, label in IMAGES:
        if data.startswith(magic):
            raise refuse(_("This is an image (%(kind)s), not a text: a picture of a page has no text to read. "
                           "Run it through OCR first, then import the text.") % {"kind": label})
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise refuse(_("This is an image (WebP), not a text: run it through OCR first, then import the text."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(_("This is an old Word (.doc) or Excel (.xls) file: open it and save it as .docx or PDF "
                       "first."))
    if data.startswith(b"{\\rtf"):
        raise refuse(_("This is an RTF file: open it in Word and save it as .docx first."))
    text, encoding = decode(data)
    source = _from_text(text, name, pasted=False)
    if encoding not in ("utf-8", "ascii"):
        source.notes.append(_("The file was read as %(encoding)s.") % {"encoding": encoding})
    if lower.endswith((".csv", ".tsv", ".xlsx", ".xls")) and not source.notes:
        source.notes.append(_("The file's name says it is a table."))
    return source


def _too_big(size: int) -> str:
    return _("The file is %(size)s; the limit is %(limit)s. A resolution is a few pages long.") % {
        "size": filesizeformat(size), "limit": filesizeformat(MAX_UPLOAD_BYTES)}


def _from_text(text: str, name: str, *, pasted: bool) -> Source:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS:
        raise refuse(_("The text has %(count)s characters; a resolution has far fewer (the limit is "
                       "%(limit)s).") % {"count": f"{len(text):,}", "limit": f"{MAX_TEXT_CHARS:,}"})
    if not text.strip():
        raise refuse(_("The text is empty.") if pasted else _("The file is empty: there is no text to import."))
    check_not_a_table(text)
    check_not_markup(text)
    fmt = MARKDOWN if (name.lower().endswith((".md", ".markdown"))
                       or re.search(r"^#{1,6} |\*[A-Z][a-z]+\*", text, re.M)) else TEXT
    return Source(text, fmt, name, "line", [_("Pasted text.")] if pasted else [])


def decode(data: bytes) -> tuple[str, str]:
    """Text from bytes: a byte-order mark first, then UTF-8, then what charset-normalizer finds."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                          (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                break
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        import charset_normalizer

        matches = charset_normalizer.from_bytes(data[:2_000_000])
        best = matches.best()
        # A tie between code pages that read the text equally well: Windows' Western one, the most used
        # for English, French and Spanish.
        tied = [m for m in matches if best is not None and m.chaos <= best.chaos and m.coherence >= best.coherence]
        best = next((m for m in tied if m.encoding == "cp1252"), best)
        if best is None:
            raise refuse(_("The file is neither text, a Word document nor a PDF: nothing in it can be read as "
                           "a resolution.")) from None
        text, encoding = str(best), best.encoding
    controls = sum(1 for ch in text[:20000] if (ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0) and ch not in "\n\r\t\f")
    guessed = encoding != "utf-8"  # a guess finds some encoding for any bytes: prose has spaces
    spaces = sum(1 for ch in text[:20000] if ch.isspace())
    if "\x00" in text or controls > max(5, len(text[:20000]) // 100) or (guessed and spaces * 100 < len(text[:20000])):
        raise refuse(_("The file is neither text, a Word document nor a PDF: it is binary, and nothing in it can "
                       "be read as a resolution."))
    return text, encoding


def check_not_a_table(text: str) -> None:
    """Refuse a table (CSV, TSV, a pipe table): most lines split into the same number of cells."""
    lines = [line for line in text.split("\n") if line.strip()][:400]
    if len(lines) < 3:
        return
    for delimiter, label in (("\t", _("tab-separated")), (";", _("semicolon-separated")),
                             ("|", _("a pipe table")), (",", _("comma-separated"))):
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        columns, rows = Counter(widths).most_common(1)[0]
        if columns < 3 or rows < 3 or rows < 0.8 * len(lines):
            continue
        if delimiter == "|" and lines[0].strip().startswith("|") and lines[0].strip().endswith("|"):
            columns -= 2  # | a | b | has a bar on each side
        if delimiter in ",;":  # prose has commas too: table cells are short
            sizes = [len(cell) for line in lines for cell in line.split(delimiter)]
            if sum(sizes) / len(sizes) > 40:
                continue
        raise refuse(_("This looks like a table of %(columns)s columns (%(kind)s, %(rows)s rows), not the text "
                       "of a resolution.") % {"columns": columns, "kind": label, "rows": len(lines)})


def check_not_markup(text: str) -> None:
    head = text.lstrip()[:400].lower()
    if head.startswith(("<!doctype html", "<html")):
        raise refuse(_("This is a web page (HTML) file: copy the resolution's text from the page in the browser "
                       "and paste it, or save the page as text."))
    if head.startswith("<?xml"):
        raise refuse(_("This is an XML file, not the text of a resolution."))


def check_resolution_shape(parsed, text: str) -> None:
    """Refuse what the parser split but is no resolution: a report's numbered paragraphs ("1. At its
    fourth session, the Conference ...") with no preamble, most of them opening with no operative verb."""
    from . import analysis

    operative = parsed.operative
    if parsed.preambular or not operative:
        return
    with_verb = sum(1 for p in operative if analysis.starts_with_operative_verb(p.text))
    if with_verb >= 0.5 * len(operative):
        return
    called = next((line.strip() for line in text.split("\n")[:60]
                   if re.match(r"^\s*(?:Report|Note|Letter) (?:of|by|from|dated) ", line)), "")
    message = _("No preamble, and %(without)s of the %(count)s numbered paragraphs open with no operative verb "
                "(“Requests”, “Urges” …): the text reads like a report, not a resolution.") % {
        "without": len(operative) - with_verb, "count": len(operative)}
    if called:
        message += " " + _("It calls itself “%(name)s”.") % {"name": called[:120]}
    raise refuse(message)


def describe_non_resolution(text: str) -> str:
    """Why a text that has no operative paragraph is not a resolution, in words: used when the parser
    finds none ("the text reads like a report: headings Introduction, Findings ...")."""
    from . import analysis

    lines = [line.strip(" #*\t") for line in text.split("\n") if line.strip(" #*\t")]
    # Clauses, wherever they start: a text copied on one line holds its paragraphs inside the line.
    clauses = [c.strip(" #*|\t") for c in re.split(r"\n|(?<=[,;:.])\s+|\b\d{1,3}\.\s*|\|", text) if c and c.strip()]
    preambular = sum(1 for clause in clauses if analysis.starts_with_preambular_verb(clause))
    operative = sum(1 for clause in clauses if analysis.starts_with_operative_verb(clause))
    if preambular or operative:
        return ""  # it has the shape of a resolution: the parser says where it went wrong
    words = sum(len(line.split()) for line in lines)
    if words < 25:
        return _("The text is too short to be a resolution (%(count)s words) and has no preamble or operative "
                 "paragraph.") % {"count": words}
    headings = [line for line in lines if len(line) < 70 and not line.endswith((".", ",", ";", ":"))
                and re.match(r"^(?:[IVX]+\.|[A-Z]\.|\d+\.)?\s*[A-Z][a-z]", line) and len(line.split()) <= 8]
    shown = ", ".join(f"“{h}”" for h in headings[:4])
    if headings:
        return _("No preamble or operative paragraph: the text reads like a report (%(count)s paragraphs, "
                 "headings such as %(headings)s). A resolution has paragraphs that open with “Recalling”, "
                 "“Noting” … and numbered ones that open with “Requests”, “Urges” …") % {
            "count": len(lines), "headings": shown}
    return _("No preamble or operative paragraph: the text reads like a report or a letter (%(count)s paragraphs, "
             "none opening with “Recalling”, “Noting” … nor with “Requests”, “Urges” …).") % {"count": len(lines)}


# --- zip containers: Word documents, and what else comes zipped -----------------------------------

def _from_zip(data: bytes, name: str) -> Source:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(_("The file is not a Word document (.docx) that can be opened: it is a damaged zip.")) from None
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > ZIP_MAX_ENTRIES or total > ZIP_MAX_UNCOMPRESSED or total / packed > ZIP_MAX_RATIO:
        raise refuse(_("The file unpacks to %(size)s in %(count)s parts (a “zip bomb”): it is refused.") % {
            "size": filesizeformat(total), "count": len(infos)})
    names = {info.filename for info in infos}
    if "word/document.xml" in names:
        try:
            uploads.check_docx(data)
        except ValidationError as exc:
            raise refuse(" ".join(exc.messages)) from None
        text = read_docx(data)
        return Source(text, DOCX, name, "paragraph", [_("Text read from a Word document.")])
    if "xl/workbook.xml" in names:
        raise refuse(_("This is an Excel workbook (a table), not the text of a resolution."))
    if "ppt/presentation.xml" in names:
        raise refuse(_("This is a PowerPoint presentation, not the text of a resolution."))
    if "content.xml" in names:
        raise refuse(_("This is an OpenDocument file: save it as .docx or PDF first."))
    raise refuse(_("This is a zip archive of %(count)s files, not a resolution: import the resolution's own file.")
                 % {"count": len(infos)})


def _xml(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    root = etree.fromstring(blob, parser)
    if root.getroottree().docinfo.doctype:
        raise refuse(_("The Word document carries a DTD: it is refused."))
    return root


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letters(number: int) -> str:
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _format_number(value: int, fmt: str) -> str:
    return {"lowerLetter": _letters(value), "upperLetter": _letters(value).upper(), "lowerRoman": _roman(value),
            "upperRoman": _roman(value).upper()}.get(fmt, str(value))


class _Numbering:
    """Word's automatic numbering: the number each list paragraph shows, from numbering.xml."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, lvlText, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = _xml(document.part.numbering_part.element.xml.encode("utf-8"))
        except (NotImplementedError, KeyError, AttributeError, ValueError):
            return
        abstract = {}
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val") if fmt is not None else "decimal",
                    text.get(f"{W}val") if text is not None else "%1.",
                    int(start.get(f"{W}val")) if start is not None else 1)
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.abstract_of[num.get(f"{W}numId")] = ref.get(f"{W}val")
                for ilvl, spec in abstract.get(ref.get(f"{W}val"), {}).items():
                    self.levels[(num.get(f"{W}numId"), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> str:
        spec = self.levels.get((num_id, ilvl))
        if spec is None or spec[0] in ("bullet", "none"):
            return "" if spec else "#."
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, {})
        counters[ilvl] = counters.get(ilvl, spec[2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def level_value(match):
            level = int(match.group(1)) - 1
            level_spec = self.levels.get((num_id, level), ("decimal", "", 1))
            return _format_number(counters.get(level, level_spec[2]), level_spec[0])

        return re.sub(r"%(\d)", level_value, spec[1]).strip()


def read_docx(data: bytes) -> str:
    """The text of a .docx as the lines the parser reads: one paragraph a line (a blank line between),
    italic runs in ``*``, headings as ``##``, Word's list numbers written out, footnote references as
    ``<sup>N</sup>`` and each footnote's text on its own line after its paragraph."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise refuse(_("The file is not a Word document (.docx) that can be read.")) from exc
    footnotes = _docx_footnotes(document)
    numbering = _Numbering(document)
    out = []
    for paragraph in document.paragraphs:
        pieces, notes = [], []
        for run in paragraph.runs:
            for ref in run._r.iter(f"{W}footnoteReference"):
                mark = ref.get(f"{W}id")
                notes.append(mark)
                pieces.append(f"<sup>{mark}</sup>")
            text = run.text
            if run.font.superscript and re.fullmatch(r"\s*[\d*]+\s*", text or ""):
                continue  # a typed footnote mark; superscript ordinals ("64th") stay
            if run.italic and text.strip():
                lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
                text = f"{lead}*{core}*{trail}"
            pieces.append(text)
        line = "".join(pieces).replace("**", "") if pieces else paragraph.text
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        num_pr = _num_pr(paragraph)
        if style.startswith("heading") and line.strip():
            line = "## " + line.strip()
        elif line.strip() and (num_pr is not None or style.startswith("list number")):
            label = "#."  # the parser numbers these in order
            # Word's own number when the paragraph carries its numbering (a list started with Word's button);
            # a paragraph numbered by its style only ("List Number") may continue typed numbers.
            if num_pr is not None and num_pr.numId is not None and num_pr is not _style_num_pr(paragraph):
                ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
                label = numbering.label(str(num_pr.numId.val), int(ilvl))
            if label and not re.match(r"^\(?[\da-z]{1,4}[.)]\s", line.strip()):
                line = f"{label} {line.strip()}"
        out.append(line)
        out.append("")
        for mark in notes:
            if footnotes.get(mark):
                out.extend([f"<sup>{mark}</sup> {footnotes[mark]}", ""])
    return "\n".join(out)


def _num_pr(paragraph):
    """The paragraph's list numbering: its own, or its style's (List Number ...), or None."""
    if paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return paragraph._p.pPr.numPr
    return _style_num_pr(paragraph)


def _style_num_pr(paragraph):
    style, seen = paragraph.style, 0
    while style is not None and seen < 10:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            return ppr.numPr
        style, seen = style.base_style, seen + 1
    return None


def _docx_footnotes(document) -> dict[str, str]:
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = _xml(rel.target_part.blob)
            notes = {}
            for note in root.iter(f"{W}footnote"):
                if note.get(f"{W}type") in ("separator", "continuationSeparator"):
                    continue
                text = " ".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in note.iter(f"{W}p"))
                notes[note.get(f"{W}id")] = re.sub(r"\s+", " ", text).strip()
            return notes
    return {}


# --- PDF -----------------------------------------------------------------------------------------

PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
KEEP_HYPHEN_PREFIXES = frozenset(
    "non anti self cross follow counter well drug co long high short mid post pre ex all ill half "
    "multi-stakeholder gender sub".split())


def read_pdf(data: bytes) -> str:
    """The body text of a PDF: page furniture (lines repeated at the top or bottom of the pages, page
    numbers) removed and words hyphenated at line ends joined again. Refuses scans without text."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise refuse(_("The PDF is protected by a password: open it, save an unprotected copy, and import "
                           "that."))
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise refuse(_("The PDF has %(count)s pages; a resolution has far fewer (the limit is %(limit)s).")
                         % {"count": count, "limit": MAX_PDF_PAGES})
        pages = [(page.extract_text() or "") for page in reader.pages]
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError, AttributeError):
        raise refuse(_("The PDF is damaged: no text can be read from it.")) from None
    letters = sum(len(re.findall(r"\w", page)) for page in pages)
    if count == 0 or letters < 20 * count:
        raise refuse(_("This PDF has no text layer (%(count)s pages, %(letters)s letters of text): it is probably "
                       "a scan. Run it through OCR first, then import it again.") % {
            "count": count, "letters": letters})
    page_lines = [[line.rstrip() for line in page.replace("\r", "\n").split("\n")] for page in pages]
    furniture = _repeated_lines(page_lines)
    kept = []
    for lines in page_lines:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edges = set(filled[:4] + filled[-4:])
        for i, line in enumerate(lines):
            if i in edges and (_furniture_key(line) in furniture or PAGE_NUMBER_RE.match(line.strip())):
                continue
            kept.append(line)
        kept.append("")  # a page break
    return dehyphenate("\n".join(kept)).strip() + "\n"


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _repeated_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines found among the first or last four lines of at least half the pages (at least two)."""
    if len(page_lines) < 2:
        return set()
    seen: Counter = Counter()
    for lines in page_lines:
        filled = [line for line in lines if line.strip()]
        seen.update({_furniture_key(line) for line in filled[:4] + filled[-4:]})
    needed = max(2, math.ceil(len(page_lines) / 2))
    return {key for key, n in seen.items() if n >= needed and key}


def dehyphenate(text: str) -> str:
    """Join a word cut by a hyphen at a line end ("interna-\\ntional" -> "international"); keep the
    hyphen of a compound ("follow-\\nup", "non-\\ngovernmental") when the text writes it with one
    elsewhere, or its first part is a usual prefix."""
    vocabulary = Counter(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text))

    def join(match):
        left, right = match.group(1), match.group(2)
        whole, hyphened = (left + right).lower(), f"{left}-{right}".lower()
        if vocabulary.get(hyphened) and not vocabulary.get(whole):
            keep = True
        elif vocabulary.get(whole):
            keep = False
        else:
            keep = left.lower().rsplit("-", 1)[-1] in KEEP_HYPHEN_PREFIXES
        return f"{left}-{right}" if keep else f"{left}{right}"

    text = text.replace("\u00ad\n", "-\n").replace("\u2010\n", "-\n").replace("\u2010 \n", "-\n")
    # a page break (a blank line where the running header was) may fall between the two halves
    return re.sub(r"([A-Za-z][A-Za-z-]*[a-z])-[ \t]*\n(?:[ \t]*\n)?[ \t]*([a-z][A-Za-z]*)", join, text)

