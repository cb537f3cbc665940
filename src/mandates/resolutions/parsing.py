"""Split the text of a resolution or decision into preambular and operative paragraphs.

Written for any resolution, in the shapes its text arrives in:

* plain text, one paragraph a line or hard-wrapped, paragraphs numbered "1.", "- 1." or "1.<tab>";
* Markdown (headings, ``*Requests*`` in italics, ``<sup>1</sup>`` footnote markers, ``---`` page breaks);
* Word (.docx), read by :func:`read_docx` into the same lines (italic runs in ``*``, superscript runs
  dropped, auto-numbered list paragraphs numbered in order).

What the parser does:

* the header (symbol, title, date) is read for hints; the preamble starts after "The General Assembly,"
  (or the first line opening with a preambular verb);
* operative paragraphs are the numbered ones (or, when a decision has none numbered, the paragraphs after
  the preamble that open with an operative verb); sub-paragraphs "(a)", "(i)" stay inside their paragraph;
* footnotes, footnote markers, page-break lines and page furniture are dropped; a paragraph cut by a page
  break (its text stops without punctuation) is joined again with the words that continue it;
* the body ends at "NNth plenary meeting" or at an "Annex" heading: annexes are not operative paragraphs.

``parse_text`` raises :class:`ParseError` (with the line) when it finds no operative paragraph.
"""
import datetime
import re
import zipfile
from dataclasses import dataclass, field

from . import analysis
from .analysis import Analysis

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MONTHS = ("january february march april may june july august september october november december").split()
DATE_RE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)

NUMBERED_RE = re.compile(r"^(?:[-*+]\s+)?(\d{1,3})\.(?:\s+|$)(.*)$")
AUTO_NUMBERED_RE = re.compile(r"^#\.\s+(.*)$")  # docx list paragraphs (see read_docx)
SUBITEM_RE = re.compile(r"^(?:[-*+]\s+)?\(([a-z]{1,2}|[ivxl]{1,6})\)\s+\S")
BULLET_RE = re.compile(r"^[-*+]\s+(.*)$")
HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
FOOTNOTE_MARKED_RE = re.compile(rf"^(?:[{SUPERSCRIPTS}]+|<sup>\s*\d+\s*</sup>|\\\*|\*(?=\s))\s*\S")
FOOTNOTE_PLAIN_RE = re.compile(r"^(\d{1,3})\s+(?!\d)\S")
CLOSING_RE = re.compile(
    r"^(?:\d{1,4}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b|(?:Adopted|Approved)\s+(?:at|on|by)\s)", re.IGNORECASE
)
BODY_LINE_RE = re.compile(r"^The\s+[A-Z][\w ,'’()-]{3,140},$")
ANNEX_RE = re.compile(r"^(?:annex(?:es)?|appendix|attachment)(?:\s+[ivxlc\d]+)?\.?$", re.IGNORECASE)
ARTEFACT_RES = [
    re.compile(p)
    for p in (
        r"^[-_=*·.\s]{3,}$",  # page breaks and rules
        r"^\d{1,4}$",  # page numbers
        r"^\[[A-Z]{1,4}\d*\]",  # editing marks such as [DU1]
        r"<<[^>]*>>",  # ODS job fields
        r"^\*\d{5,}\*$",  # bar-code text
        r"^\d{2}-\d{5}(?:\s*\(E\))?",  # job numbers such as 09-47257
        r"^(?:A|E|S)/(?:RES/)?[\w./-]+$",  # a running symbol alone on its line
        r"^Distr\.:",
        r"^Agenda item \d+",
        r"^United Nations\s*(?:A|E|S)/",
    )
]
PLAIN_FOOTNOTE_CITATION_RE = re.compile(
    r"\b(?:resolution|decision|Official Records|Ibid|See |Available from|Supplement|vol\.|annex|[AES]/\d)", re.I
)


class ParseError(ValueError):
    """A text that cannot be read as a resolution; ``line`` names where (1-based), when known."""

    def __init__(self, message: str, line: int | None = None, unit: str = "line"):
        self.line, self.unit = line, unit
        super().__init__(f"{unit.capitalize()} {line}: {message}" if line else message)


@dataclass
class ParsedParagraph:
    kind: str  # "preambular" | "operative"
    number: int | None
    text: str
    line: int
    verb: str = ""
    addressee: str = ""
    addressee_category: str = analysis.NO_ADDRESSEE
    analysis: Analysis | None = None


@dataclass
class ParsedResolution:
    preambular: list[ParsedParagraph]
    operative: list[ParsedParagraph]
    title: str = ""
    symbol_hint: str = ""
    number_hint: str = ""
    date_hint: datetime.date | None = None
    annex_line: int | None = None
    end_line: int | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[ParsedParagraph]:
        return self.preambular + self.operative


@dataclass
class _Draft:
    """A paragraph being assembled from one or more lines."""

    kind: str
    number: int | None
    line: int
    parts: list[str]
    italic_verb: str = ""

    @property
    def raw(self) -> str:
        return "\n".join(self.parts)


# --- line level -----------------------------------------------------------------------------

def _plain(line: str) -> str:
    """A line without Markdown emphasis or heading marks, for classification."""
    text = HEADING_RE.sub(r"\1", line.strip())
    text = re.sub(r"(\*{1,3}|_{2,3})", "", text)
    return text.replace("\\", "").strip()


def _is_artefact(line: str) -> bool:
    return any(p.search(line) for p in ARTEFACT_RES)


def _ends_open(text: str) -> bool:
    """True when a paragraph stops mid-sentence (cut by a page break or a footnote block)."""
    tail = re.sub(rf"(?:<sup>\s*\d+\s*</sup>|[{SUPERSCRIPTS}]+|[\s*_\"”’)\]]|\\)+$", "", text)
    tail = re.sub(r"(?<=[a-z,;.])\d{1,2}$", "", tail)  # plain footnote marker at the end
    return bool(tail) and tail[-1] not in ".;:,!?"


def _leading_italic(line: str) -> str:
    match = re.match(r"^\s*(?:[-*+]\s+)?(?:\d{1,3}\.\s+)?\*{1,2}([^*]+?)\*{1,2}(?=[\s,]|$)", line)
    return match.group(1).strip() if match else ""


def clean_text(text: str, footnote_numbers: set[int] | None = None) -> str:
    """Paragraph text without footnote markers, Markdown emphasis, escapes and doubled spaces."""
    text = re.sub(r"<sup>\s*\d+\s*</sup>", "", text)
    text = re.sub(rf"\s?[{SUPERSCRIPTS}]+", "", text)
    text = re.sub(r"\\\*", "", text)
    text = re.sub(r"\*{1,3}([^*\n]+?)\*{1,3}", r"\1", text)
    text = re.sub(r"(?<!\w)_{1,2}([^_\n]+?)_{1,2}(?!\w)", r"\1", text)
    text = text.replace("*", "")
    if footnote_numbers:
        def drop(match):
            return "" if int(match.group(1)) in footnote_numbers else match.group(0)

        text = re.sub(r"(?<=[a-z,;:)”\"])(\d{1,3})(?=[\s,;:.)]|$)", drop, text)
        text = re.sub(r"(?<=[a-z]\.)(\d{1,3})(?=\s|$)", drop, text)
    lines = [re.sub(r"[ \t\u00a0]+", " ", part).strip() for part in text.split("\n")]
    return "\n".join(part for part in lines if part)


def _date_in(text: str) -> datetime.date | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    day, month, year = int(match.group(1)), MONTHS.index(match.group(2).lower()) + 1, int(match.group(3))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# --- document level -------------------------------------------------------------------------

def parse_text(text: str, *, unit: str = "line") -> ParsedResolution:
    """Parse a resolution's text (plain or Markdown). ``unit`` names the positions in errors."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    footnote_numbers: set[int] = set()
    header: list[tuple[int, str]] = []
    trailer: list[tuple[int, str]] = []
    preambular: list[_Draft] = []
    operative: list[_Draft] = []
    warnings: list[str] = []
    state = "header"  # header -> preamble -> operative -> end
    current: _Draft | None = None
    blank_before = False
    after_break = False  # a page break or footnote block since the last content line
    annex_line = end_line = None
    auto_number = 0
    numbered_doc = any(NUMBERED_RE.match(line.strip()) or AUTO_NUMBERED_RE.match(line.strip()) for line in lines)

    def start(kind: str, number: int | None, line_no: int, content: str, italic: str) -> _Draft:
        draft = _Draft(kind=kind, number=number, line=line_no, parts=[content], italic_verb=italic)
        (operative if kind == "operative" else preambular).append(draft)
        return draft

    for line_no, raw in enumerate(lines, start=1):
        stripped = raw.strip()
        if state == "end":
            trailer.append((line_no, stripped))
            match = FOOTNOTE_PLAIN_RE.match(stripped) or FOOTNOTE_MARKED_RE.match(stripped)
            if match and FOOTNOTE_PLAIN_RE.match(stripped):
                footnote_numbers.add(int(FOOTNOTE_PLAIN_RE.match(stripped).group(1)))
            continue
        if not stripped:
            blank_before = True
            continue
        plain = _plain(stripped)
        heading = HEADING_RE.match(stripped)

        if ANNEX_RE.match(plain) and (heading or state in ("preamble", "operative")):
            if state == "operative" or operative:
                annex_line, state = line_no, "end"
                continue
        if CLOSING_RE.match(plain):
            end_line, state = line_no, "end"
            trailer.append((line_no, plain))
            continue
        if _is_artefact(stripped) and not NUMBERED_RE.match(stripped):
            after_break = True
            continue
        if FOOTNOTE_MARKED_RE.match(stripped) and not SUBITEM_RE.match(stripped):
            after_break = True
            continue
        plain_note = FOOTNOTE_PLAIN_RE.match(stripped)
        if plain_note and not NUMBERED_RE.match(stripped):
            continuing = current is not None and _ends_open(current.raw) and not after_break
            if not continuing and (after_break or blank_before and PLAIN_FOOTNOTE_CITATION_RE.search(stripped)):
                footnote_numbers.add(int(plain_note.group(1)))
                after_break = True
                continue

        if state == "header":
            body_line = BODY_LINE_RE.match(plain)
            if body_line:
                state = "preamble"
                header.append((line_no, plain))
                blank_before = after_break = False
                continue
            if not (NUMBERED_RE.match(stripped) or AUTO_NUMBERED_RE.match(stripped)):
                if heading is None and analysis.starts_with_preambular_verb(plain) and (
                    plain.endswith(",") or len(plain) > 60
                ):
                    state = "preamble"
                else:
                    header.append((line_no, plain))
                    continue

        numbered = NUMBERED_RE.match(stripped)
        auto = AUTO_NUMBERED_RE.match(stripped)
        if (numbered or auto) and state in ("header", "preamble", "operative"):
            number = int(numbered.group(1)) if numbered else auto_number + 1
            content = numbered.group(2) if numbered else auto.group(1)
            last = operative[-1].number if operative else 0
            if operative and number <= last:
                warnings.append(f"{unit.capitalize()} {line_no}: the numbering starts again at {number}; "
                                "the rest is read as an annex.")
                annex_line, state = line_no, "end"
                continue
            if number != last + 1:
                warnings.append(f"{unit.capitalize()} {line_no}: paragraph {number} follows paragraph {last}.")
            auto_number = number
            state = "operative"
            current = start("operative", number, line_no, content, _leading_italic(stripped))
            blank_before = after_break = False
            continue

        if heading is not None:
            after_break = True  # a heading inside the body: not part of a paragraph
            continue

        if SUBITEM_RE.match(stripped) and current is not None:
            current.parts.append(BULLET_RE.sub(r"\1", stripped))
            blank_before = after_break = False
            continue

        content = BULLET_RE.sub(r"\1", stripped)
        italic = _leading_italic(stripped)
        if (state == "operative" and numbered_doc and (blank_before or after_break) and current is not None
                and not _ends_open(current.raw) and len(plain) < 100 and plain[-1:] not in ".;:,"):
            after_break = True  # a title between numbered paragraphs ("B. Follow-up", an annex's name)
            continue
        if current is not None and _joins(current, plain, state, blank_before, after_break):
            last_part = current.parts[-1]
            glue = "" if last_part.endswith("-") and content[:1].islower() else " "
            current.parts[-1] = last_part.rstrip() + glue + content
        elif state == "operative" and numbered_doc:
            current.parts.append(content)  # unnumbered text inside a numbered operative part
        elif state == "operative" or (
            state == "preamble" and analysis.starts_with_operative_verb(plain)
            and not analysis.starts_with_preambular_verb(plain)
        ):
            auto_number = (operative[-1].number or 0) + 1 if operative else 1
            state = "operative"
            current = start("operative", auto_number, line_no, content, italic)
        else:
            current = start("preambular", None, line_no, content, italic)
        blank_before = after_break = False

    if not operative:
        where = end_line or annex_line or max((n for n, line in enumerate(lines, 1) if line.strip()), default=1)
        raise ParseError(
            "no operative paragraph was found before this point: operative paragraphs are numbered "
            "(\"1. Requests ...\") or open with an operative verb (\"Decides\", \"Requests\" ...).",
            line=where, unit=unit,
        )
    result = ParsedResolution(preambular=[], operative=[], annex_line=annex_line, end_line=end_line,
                              warnings=warnings)
    _read_header(result, header, trailer, unit)
    # footnote numbers run 1, 2, 3 ...: a stray number in the page furniture is not one
    footnote_numbers = {n for n in footnote_numbers if n == 1 or n - 1 in footnote_numbers}
    for draft in preambular + operative:
        result_list = result.operative if draft.kind == "operative" else result.preambular
        result_list.append(_finish(draft, footnote_numbers))
    return result


def _joins(current: _Draft, plain: str, state: str, blank_before: bool, after_break: bool) -> bool:
    """Does this line continue the paragraph being assembled?"""
    if _ends_open(current.raw):
        return True
    if blank_before or after_break:
        return False
    if plain[:1].islower() or plain[:1].isdigit():
        return True
    if state == "preamble":
        return not (analysis.starts_with_preambular_verb(plain) or analysis.starts_with_operative_verb(plain))
    return False


def _finish(draft: _Draft, footnote_numbers: set[int]) -> ParsedParagraph:
    text = clean_text(draft.raw, footnote_numbers)
    paragraph = ParsedParagraph(kind=draft.kind, number=draft.number, text=text, line=draft.line)
    italic = clean_text(draft.italic_verb)
    if draft.kind == "operative":
        result = analysis.analyse_operative(text, italic)
        paragraph.addressee, paragraph.addressee_category = result.addressee, result.category
    else:
        result = analysis.analyse_preambular(text, italic)
    paragraph.verb, paragraph.analysis = result.verb, result
    return paragraph


def _read_header(result: ParsedResolution, header: list[tuple[int, str]], trailer: list[tuple[int, str]],
                 unit: str = "line") -> None:
    """Title, symbol and date hints from the lines before the preamble and after the closing.
    A date of adoption that cannot be read ("on 31 Febuary 2009") is an error naming its line."""
    for line_no, text in header:
        if BODY_LINE_RE.match(text):
            break
        if re.match(r"^\[.*\]$", text):
            continue
        number = re.search(r"\b(\d{1,4}/\d{1,3})\b", text)
        if number and not result.number_hint:
            result.number_hint = number.group(1)
        if re.match(r"^(?:Resolution|Decision) adopted by .* on ", text, re.IGNORECASE):
            result.date_hint = result.date_hint or _adoption_date(text, line_no, unit)
            continue
        if re.fullmatch(r"(?:resolution|decision)s?", text, re.IGNORECASE):
            continue
        if re.fullmatch(r"(?:[\w ]*\s)?(?:resolution|decision)?\s*\d{1,4}/\d{1,3}\.?", text, re.IGNORECASE):
            continue
        title = re.sub(r"^\d{1,4}/\d{1,3}\.?\s*", "", text).strip(" *\\")
        if title and not result.title and len(title) > 8:
            result.title = title
    for _line_no, text in trailer:
        symbol = re.search(r"<<ODS DOC SYMBOL1>>([^<]+)<<", text)
        if symbol and not result.symbol_hint:
            result.symbol_hint = symbol.group(1).strip()
    if result.date_hint is None:
        for line_no, text in trailer[:3]:
            if text and not _is_artefact(text):
                found = _adoption_date(text, line_no, unit)
                if found:
                    result.date_hint = found
                    break


def _adoption_date(text: str, line_no: int, unit: str) -> datetime.date | None:
    """The date on an adoption or closing line; a ParseError if it is there but impossible."""
    match = re.search(r"\b(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})\b", text)
    if not match:
        return None
    day, month_name, year = match.groups()
    if month_name.lower() not in MONTHS:
        if CLOSING_RE.match(text) or re.match(r"^(?:Resolution|Decision) adopted", text, re.IGNORECASE):
            raise ParseError(f"the date of adoption “{match.group(0)}” cannot be read.", line=line_no, unit=unit)
        return None
    try:
        return datetime.date(int(year), MONTHS.index(month_name.lower()) + 1, int(day))
    except ValueError:
        raise ParseError(f"the date of adoption “{match.group(0)}” is not a date.", line=line_no, unit=unit) from None


# --- Word documents ---------------------------------------------------------------------------

def read_docx(source) -> str:
    """The text of a .docx as lines :func:`parse_text` reads: one paragraph a line, italic runs in
    ``*``, superscript runs (footnote references) dropped, Word list paragraphs numbered ``#.``."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(source)
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ParseError("the file is not a Word document (.docx) that can be read.") from exc
    out = []
    for paragraph in document.paragraphs:
        pieces = []
        for run in paragraph.runs:
            if run.font.superscript:
                continue
            text = run.text
            if run.italic and text.strip():
                lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()
                text = f"{lead}*{core}*{trail}"
            pieces.append(text)
        line = re.sub(r"\*\*(?=\S)", "", "".join(pieces)) if pieces else paragraph.text
        line = line.replace("**", "")
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if style.startswith("heading") and line.strip():
            line = "## " + line.strip()
        elif (numbered or style.startswith("list number")) and line.strip() and not NUMBERED_RE.match(line.strip()):
            line = "#. " + line.strip()
        out.append(line)
        out.append("")
    return "\n".join(out)
