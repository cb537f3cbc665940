"""Assemble the lines of a resolution (after layout and footnotes) into its paragraphs.

* the preamble starts after the body line ("The General Assembly,") or at the first line opening
  with a preambular word; a "NNth plenary meeting" line before any paragraph belongs to the header
  (web archives print it there), after them it closes the text;
* operative paragraphs are the numbered ones ("1.", "1.Commends", "- 1.", Word list items) or, when
  none is numbered, the paragraphs after the preamble that open with an operative verb;
* sub-paragraphs "(a)" ... "(i)" stay inside their paragraph and are also listed on it;
* page breaks, page furniture and plain footnote blocks ("1 Official Records ...") are dropped; a
  paragraph cut by them (its text stops without punctuation) is joined again with what continues it;
* the body ends at its closing line or at an "Annex" heading: annexes are not operative paragraphs.
"""
import re
from dataclasses import dataclass, field

from .. import analysis
from . import layout
from .footnotes import MARK_RE, strip_marks
from .layout import (
    AUTO_NUMBERED_RE,
    BULLET_RE,
    FOOTNOTE_MARKED_RE,
    FOOTNOTE_PLAIN_RE,
    HEADING_RE,
    NUMBERED_RE,
    SUBITEM_RE,
    SUPERSCRIPTS,
)

PLAIN_FOOTNOTE_CITATION_RE = re.compile(
    r"\b(?:resolution|decision|Official Records|Ibid|See |Available from|Supplement|vol\.|annex|[AES]/\d)", re.I
)
INLINE_SUBITEM_RE = re.compile(r"(?:^|(?<=[\s:;,]))\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(?=\S)")
LOST_VERB_RE = re.compile(r"^(?:to|de|à)\s[a-zà-ÿ]+")  # an operative paragraph whose italic verb a copy lost
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"]


@dataclass
class Draft:
    """A paragraph being assembled from one or more lines."""

    kind: str
    number: int | None
    line: int
    parts: list[str]
    italic_verb: str = ""
    guessed: bool = False  # started by an operative verb in an unnumbered text, or split from one line
    last_line_length: int = 0  # of the last source line added: long lines are not hard-wrapped
    lines: list[int] = field(default_factory=list)

    @property
    def raw(self) -> str:
        return "\n".join(self.parts)


@dataclass
class Assembled:
    header: list[tuple[int, str]] = field(default_factory=list)
    trailer: list[tuple[int, str]] = field(default_factory=list)
    preambular: list[Draft] = field(default_factory=list)
    operative: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    plain_footnotes: dict[int, str] = field(default_factory=dict)
    body_code: str = ""
    body_line: int | None = None
    meeting_above_title: str = ""
    closing: str = ""
    closing_line: int | None = None
    annex_line: int | None = None
    footnotes_line: int | None = None
    numbered: bool = True


def plain(line: str) -> str:
    """A line without Markdown emphasis, heading marks or footnote markers, for classification."""
    text = HEADING_RE.sub(r"\1", strip_marks(line).strip())
    text = re.sub(r"(\*{1,3}|_{2,3})", "", text)
    return text.replace("\\", "").strip()


def ends_open(text: str) -> bool:
    """True when a paragraph stops mid-sentence (cut by a page break or a footnote block)."""
    text = strip_marks(text)
    tail = re.sub(rf"(?:<sup>\s*\d+\s*</sup>|[{SUPERSCRIPTS}]+|[\s*_\"”’)\]]|\\)+$", "", text)
    tail = re.sub(r"(?<=[a-z,;.])\d{1,2}$", "", tail)  # plain footnote marker at the end
    if re.search(r"[,;]\s*(?:and|or|et|ou|y|o)$", tail):
        return False  # "..., and" closes a preambular paragraph before the last one
    return bool(tail) and tail[-1] not in ".;:,!?"


def leading_italic(line: str) -> str:
    match = re.match(r"^\s*(?:[-*+]\s+)?(?:\d{1,3}\.\s*)?\*{1,2}([^*]+?)\*{1,2}(?=[\s,]|$)", line)
    return match.group(1).strip() if match else ""


def assemble(lines: list[str | None], unit: str = "line", origins: list[int] | None = None) -> Assembled:
    """Walk the lines once: header -> preamble -> operative -> end. ``None`` lines were footnote text."""
    out = Assembled()
    footnote_numbers = set()
    state = "header"
    current: Draft | None = None
    blank_before = after_break = False
    auto_number = 0
    # numbered when a paragraph 1 is there, or two that follow each other (a page of a longer text);
    # "211. International provisions ..." in a header is not one
    numbers = [int(m.group(1)) for line in lines if line and (m := NUMBERED_RE.match(line.strip()))]
    numbered_doc = 1 in numbers or any(b == a + 1 for a, b in zip(numbers, numbers[1:])) or any(
        line and AUTO_NUMBERED_RE.match(line.strip()) for line in lines)
    following = _next_texts(lines)
    out.numbered = numbered_doc

    def start(kind, number, line_no, content, italic, guessed=False):
        draft = Draft(kind=kind, number=number, line=line_no, parts=[content], italic_verb=italic, guessed=guessed,
                      last_line_length=len(content))
        (out.operative if kind == "operative" else out.preambular).append(draft)
        return draft

    for index, raw in enumerate(lines):
        line_no = origins[index] if origins else index + 1  # the source's line, also for a split one-line text
        if raw is None:
            continue
        stripped = raw.strip()
        if state == "end":
            out.trailer.append((line_no, plain(stripped)))
            note = FOOTNOTE_PLAIN_RE.match(stripped)
            if note:
                footnote_numbers.add(int(note.group(1)))
                out.plain_footnotes.setdefault(int(note.group(1)), stripped[note.end(1):].strip())
                out.footnotes_line = out.footnotes_line or line_no
            continue
        if not stripped:
            blank_before = True
            continue
        text = plain(stripped)
        heading = HEADING_RE.match(stripped)
        if not text:
            continue

        if layout.is_annex(text) and (heading or state in ("preamble", "operative")):
            if state == "operative" or out.operative:
                out.annex_line, state = line_no, "end"
                continue
        if layout.is_closing(text):
            if not out.preambular and not out.operative:
                out.meeting_above_title = out.meeting_above_title or text  # an archive's header
                out.header.append((line_no, text))
                continue
            out.closing, out.closing_line, state = text, line_no, "end"
            out.trailer.append((line_no, text))
            continue
        if state == "operative" and layout.is_date_line(text) and len(text) < 40 and not ends_open(current.raw):
            out.closing, out.closing_line, state = text, line_no, "end"  # "27 February 1951" closes a text
            out.trailer.append((line_no, text))
            continue
        if layout.is_artefact(stripped) and not NUMBERED_RE.match(stripped):
            if state == "header" and layout.SYMBOL_RE.match(text):
                out.header.append((line_no, text))  # a page's running head: the symbol, then the title
            after_break = True
            continue
        if FOOTNOTE_MARKED_RE.match(stripped) and not SUBITEM_RE.match(stripped):
            after_break = True
            continue
        plain_note = FOOTNOTE_PLAIN_RE.match(stripped)
        if plain_note and not NUMBERED_RE.match(stripped):
            continuing = current is not None and ends_open(current.raw) and not after_break
            if not continuing and (after_break or blank_before and PLAIN_FOOTNOTE_CITATION_RE.search(stripped)):
                footnote_numbers.add(int(plain_note.group(1)))
                out.plain_footnotes.setdefault(int(plain_note.group(1)), stripped[plain_note.end(1):].strip())
                out.footnotes_line = out.footnotes_line or line_no
                after_break = True
                continue

        header_number = NUMBERED_RE.match(stripped)
        if state == "header" and header_number and int(header_number.group(1)) != 1 and len(text) < 200 \
                and not text.endswith((";", ",")) and not _opens_paragraph(header_number.group(2), following[index]):
            out.header.append((line_no, text))  # "24. Transfer of Certain Functions ...": a number and title
            continue
        if state == "header" and header_number and int(header_number.group(1)) == 1:
            _preamble_from_header(out)  # 1946 style: prose paragraphs, "Therefore:", then "1. ..."
        if state == "header":
            code = layout.body_line(text)
            if code is not None:
                state = "preamble"
                out.header.append((line_no, text))
                out.body_code, out.body_line = code, line_no
                blank_before = after_break = False
                continue
            if not (NUMBERED_RE.match(stripped) or AUTO_NUMBERED_RE.match(stripped)):
                if heading is None and analysis.starts_with_preambular_verb(text) and (
                    text.endswith(",") or len(text) > 60
                ):
                    state = "preamble"
                elif heading is None and out.header and analysis.starts_with_operative_verb(text) and (
                    len(text) > 60 and text.endswith((";", ".", ":"))
                ) and not numbered_doc:
                    state = "preamble"  # an unnumbered decision without preamble
                else:
                    out.header.append((line_no, text))
                    continue

        numbered = NUMBERED_RE.match(stripped)
        auto = AUTO_NUMBERED_RE.match(stripped)
        if (numbered or auto) and state in ("header", "preamble", "operative"):
            number = int(numbered.group(1)) if numbered else auto_number + 1
            content = numbered.group(2) if numbered else auto.group(1)
            last = out.operative[-1].number if out.operative else 0
            if out.operative and number <= last:
                out.warnings.append(f"{unit.capitalize()} {line_no}: the numbering starts again at {number}; "
                                    "the rest is read as an annex.")
                out.annex_line, state = line_no, "end"
                continue
            if number != last + 1 and last == 0:
                out.warnings.append(f"{unit.capitalize()} {line_no}: the text starts at paragraph {number}; "
                                    "the paragraphs before it are missing.")
            elif number != last + 1:
                out.warnings.append(f"{unit.capitalize()} {line_no}: paragraph {number} follows paragraph {last}.")
            auto_number = number
            state = "operative"
            current = start("operative", number, line_no, content, leading_italic(stripped))
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
        italic = leading_italic(stripped)
        if (state == "operative" and numbered_doc and (blank_before or after_break) and current is not None
                and not ends_open(current.raw) and len(text) < 100 and text[-1:] not in ".;:,"):
            after_break = True  # a title between numbered paragraphs ("B. Follow-up", an annex's name)
            continue
        if current is not None and joins(current, text, state, blank_before, after_break):
            last_part = current.parts[-1]
            glue = "" if last_part.endswith("-") and content[:1].islower() else " "
            current.parts[-1] = last_part.rstrip() + glue + content
            current.last_line_length = len(content)
        elif state == "operative" and numbered_doc and (
                not current.raw.strip() or current.raw.rstrip().endswith(":") or content[:1] in "(“\"'‘«"
                or content[:1].islower()):
            current.parts.append(content)  # unnumbered text inside a numbered operative part
        elif state == "operative" and numbered_doc:
            after_break = True  # after a complete numbered paragraph: page furniture ("View document")
            continue
        elif state == "operative" and not numbered_doc and not analysis.starts_with_operative_verb(text):
            after_break = True  # page furniture after an unnumbered operative part ("Argomenti correlati:")
            continue
        elif state == "operative" or (
            state == "preamble" and analysis.starts_with_operative_verb(text)
            and not analysis.starts_with_preambular_verb(text)
        ) or (state == "preamble" and LOST_VERB_RE.match(text)):  # "to transmit ...": its "Decides" lost
            auto_number = (out.operative[-1].number or 0) + 1 if out.operative else 1
            state = "operative"
            current = start("operative", auto_number, line_no, content, italic, guessed=not numbered_doc)
        else:
            current = start("preambular", None, line_no, content, italic)
        blank_before = after_break = False
    # footnote numbers run 1, 2, 3 ...: a stray number in the page furniture is not one
    kept = {n for n in footnote_numbers if n == 1 or n - 1 in footnote_numbers}
    out.plain_footnotes = {n: t for n, t in out.plain_footnotes.items() if n in kept}
    return out


def _next_texts(lines: list[str | None]) -> list[str]:
    """For each line, the next non-empty line after it ("" at the end)."""
    out, following = [""] * len(lines), ""
    for index in range(len(lines) - 1, -1, -1):
        out[index] = following
        if lines[index] and lines[index].strip():
            following = lines[index].strip()
    return out


def _opens_paragraph(content: str, next_text: str) -> bool:
    """A numbered line in the header that is a paragraph of a fragment ("5." then "Reiterates ...",
    "102. Requests ..."), not a number and title ("24. Transfer of Certain Functions ...")."""
    words = plain(content) or plain(next_text)
    return analysis.starts_with_operative_verb(words)


def _preamble_from_header(out: Assembled) -> None:
    """The prose paragraphs at the end of a header without a body line ("Under various treaties ...
    the United Nations should provide.") are the preamble; a short "Therefore:" before the operative
    part is left out."""
    if out.body_line is not None or out.preambular:
        return
    taken = []
    for line_no, text in reversed(out.header):
        if len(text) <= 30 and text.endswith(":") and not taken:
            continue
        if len(text) >= 100 and text[-1:] in ".,;:":
            taken.append((line_no, text))
            continue
        break
    for line_no, text in reversed(taken):
        out.header.remove((line_no, text))
        out.preambular.append(Draft(kind="preambular", number=None, line=line_no, parts=[text], guessed=True))


def joins(current: Draft, text: str, state: str, blank_before: bool, after_break: bool) -> bool:
    """Does this line continue the paragraph being assembled?"""
    if not current.raw.strip():
        return True  # "5." alone on its line, its words on the next (a PDF page)
    if len(text.split()) <= 4 and text[-1:].isalpha() and analysis.starts_with_preambular_verb(text) \
            and analysis.match_preambular_verb(text) == text:
        return False  # "Recalling also" alone on its line (an italic verb): a new paragraph
    if ends_open(current.raw):
        return True
    if blank_before or after_break:
        return False
    if state == "preamble" and current.kind == "preambular" and LOST_VERB_RE.match(text) \
            and strip_marks(current.raw).rstrip().endswith(","):
        return False  # "..., \n to transmit the outcome document": an operative paragraph that lost its verb
    if text[:1].islower() or text[:1].isdigit():
        return True
    last_line = current.parts[-1].rsplit("\n", 1)[-1]
    marked_end = re.search(rf"[,;](?:{MARK_RE.pattern})+$", last_line.rstrip())  # ",78/": a finished paragraph
    if state == "preamble" and (current.last_line_length > 110 or marked_end) \
            and strip_marks(last_line).rstrip().endswith((",", ";")) and text[:1].isupper():
        return False  # one paragraph a line, no blank lines: a long line ending with its comma is whole
    if state == "preamble":
        return not (analysis.starts_with_preambular_verb(text) or analysis.starts_with_operative_verb(text))
    return False


def _in_order(text: str, labels: list[str]) -> list[re.Match]:
    found = []
    for match in INLINE_SUBITEM_RE.finditer(text):
        if len(found) < len(labels) and match.group(1) == labels[len(found)]:
            found.append(match)
    return found


def subparagraphs(text: str) -> list[tuple[str, str]]:
    """[(label, text)] of "(a) ... (b) ..." in a paragraph's text, on their own lines or inline.
    Labels must follow in order ((a), (b) ... or (i), (ii) ...) so that "(see annex)" is not one;
    (i), (ii) inside (a) stay in (a)'s text."""
    found = _in_order(text, [chr(c) for c in range(ord("a"), ord("z") + 1)])
    if len(found) < 2:
        found = _in_order(text, ROMAN)
    if len(found) < 2:
        return []
    return [(match.group(1), text[match.end(): (following.start() if following else len(text))].strip())
            for match, following in zip(found, found[1:] + [None])]
