"""Footnotes in every style the UN has printed them, removed from the text and kept as footnotes.

Markers: ``16/`` and ``Commission17/`` (typewriter era), ``*/`` and ``**/``, superscript digits
(``¹²``), ``<sup>1</sup>`` (Markdown, HTML copies), ``[1]`` (web pages), and plain digits glued to a
word ("Convention2") when the document carries a footnote 2. Footnote text is a line opening with
its mark ("16/ Official Records ...", "[1] See ...", "¹ A/64/..."), printed inline after the
paragraph, at the bottom of a page or at the end; it is taken out of the flow of paragraphs.

While the paragraphs are assembled a marker stays in the text as ``MARK_OPEN + mark + MARK_CLOSE``
(private-use characters no resolution contains), so that a paragraph ending in ",74/" reads as
ending with its comma; :func:`take_marks` then removes them and returns the marks.
"""
import re
from functools import lru_cache

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARK_RE = re.compile(f"{MARK_OPEN}([^{MARK_CLOSE}]*){MARK_CLOSE}")

# A line that is a footnote's text: its mark, then the text.
DEFINITION_RES = [
    ("slash", re.compile(r"^(\d{1,3})\s?/\s+(\S.*)$")),
    ("asterisk", re.compile(r"^(\*{1,3})\s?/\s*(\S.*)$")),
    ("bracket", re.compile(r"^\[(\d{1,3})\]\s*(\S.*)$")),
    ("backslash", re.compile(r"^\\(\d{1,3})\\\s*(\S.*)$")),
    ("superscript", re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")),
    ("superscript", re.compile(r"^<sup>\s*(\d{1,3})\s*</sup>\s*(\S.*)$")),
]

# Markers inside a line.
MARKER_RES = [
    ("slash", re.compile(r"(?<=[A-Za-z\u00C0-\u024F,;.:)”\"’'])\s?(\d{1,3})/(?=[\s,;.:)”\"]|$)")),
    ("asterisk", re.compile(r"\s?(\*{1,3})/(?=[\s,;.:)]|$)")),
    ("bracket", re.compile(r"\[(\d{1,3})\](?!\()")),
    ("backslash", re.compile(r"\s?\\(\d{1,3})\\")),
    ("superscript", re.compile(rf"\s?([{SUPERSCRIPTS}]+)")),
    ("superscript", re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")),
    # a superscript flattened by a copy: glued to a word ("Goals5 and", "Crime,1 which")
    ("plain", re.compile(r"(?<=[a-z]{3})(\d{1,3})(?=[\s,;.:)]|$)")),
    # ... also after the paragraph's closing semicolon, where a PDF extraction puts it ("Aspects;9")
    ("plain", re.compile(r"(?<=[a-z][,;])(\d{1,3})(?=\s|$)")),
]
# ... or set apart by spaces ("at its sixty-first session 5 and", "2018, 23 entitled"): only after a word
# that numbers do not follow in running text (languages.yaml, number_words)
SPACED_RE = re.compile(r"(?<=[a-z,;])\s(\d{1,3})(?=\s+[a-z(“\"]|\s?[;,:](?:\s|$)|\s*$)"
                       r"|(?<=\b\d{4})\s(\d{1,2})(?=\s?[;,:](?:\s|$))")  # "le 17 mars 2015 2 ;"

_SUPER_TABLE = str.maketrans(SUPERSCRIPTS, "0123456789")


def _mark(raw: str) -> str:
    return raw.translate(_SUPER_TABLE).strip()


def printed(style: str, mark: str) -> str:
    """The marker as the UN prints it: "16/", "*/", "\\87\\", or the bare number (superscript, "[1]")."""
    if style in ("slash", "asterisk"):
        return f"{mark}/"
    if style == "backslash":
        return f"\\{mark}\\"
    if style == "bracket":
        return f"[{mark}]"
    return mark


def key(printed_mark: str) -> str:
    """The footnote's key for matching its text: "16/" -> "16", "*/" -> "*", "\\87\\" -> "87"."""
    return printed_mark.strip("/\\[] ")


def wrap(mark: str) -> str:
    return f"{MARK_OPEN}{mark}{MARK_CLOSE}"


def definition(line: str) -> tuple[str, str, str] | None:
    """(style, mark, text) when the line is a footnote's text."""
    stripped = line.strip()
    for style, pattern in DEFINITION_RES:
        match = pattern.match(stripped)
        if match:
            return style, _mark(match.group(1)), match.group(2).strip()
    return None


def mark_line(line: str, styles: set[str]) -> str:
    """The line with its footnote markers wrapped (see the module docstring)."""
    for style, pattern in MARKER_RES:
        def repl(match, style=style):
            styles.add(style)
            return wrap(printed(style, _mark(match.group(1))))

        line = pattern.sub(repl, line)

    def spaced(match):
        before = re.findall(r"[\w.]+(?=[,;]?$)", line[: match.start()])
        after = re.match(r"\s+([\wÀ-ÿ]+)", line[match.end():])
        if before and before[-1].lower().strip(".") in _number_words() or (
                after and after.group(1).lower() in _months()):
            return match.group(0)  # "paragraph 5 and", "le 17 mars"
        styles.add("plain")
        return wrap(match.group(1) or match.group(2))

    return SPACED_RE.sub(spaced, line)


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    from .. import reference

    return frozenset(m for lang in reference.languages().values() for m in lang["months"])


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    from .. import reference

    return frozenset(w for lang in reference.languages().values() for w in lang.get("number_words") or [])


def mark_lines(lines: list[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """(lines with markers wrapped and footnote-text lines emptied, footnote texts by mark, styles seen).

    A footnote-text line is replaced by ``None`` (no line, not a blank: the paragraph it interrupts
    goes on after it). Only lines whose mark also appears as a marker somewhere count as footnote
    text, so that "1/ ..." in a table or a list is not lost.
    """
    styles: set[str] = set()
    marked = [mark_line(line, styles) if definition(line) is None else line for line in lines]
    used = {key(m) for line in marked for m in MARK_RE.findall(line)}
    texts: dict[str, str] = {}
    out = []
    for original, line in zip(lines, marked):
        found = definition(original)
        if found and (found[1] in used or found[0] in ("slash", "asterisk", "backslash")):
            style, mark, text = found
            styles.add(style)
            texts.setdefault(mark, mark_line(text, set()))
            out.append(None)
            continue
        out.append(line if not found else original)  # not a footnote of this text: the paragraphs decide
    return out, {k: strip_marks(v) for k, v in texts.items()}, sorted(styles)


def strip_marks(text: str) -> str:
    return MARK_RE.sub("", text)


def take_marks(text: str) -> tuple[str, list[str]]:
    """The text without wrapped markers (a space before a marker goes with it), and the marks in order."""
    marks = []
    for mark in MARK_RE.findall(text):
        if mark not in marks:
            marks.append(mark)
    text = re.sub(rf"\s*{MARK_RE.pattern}(?=\s*[,;.:)])", "", text)
    text = MARK_RE.sub("", text)
    return text, marks


MARKED_DEFINITION_RE = re.compile(rf"^\s*{MARK_RE.pattern}\s*(\S.*)$")


def take_definitions(lines: list[str | None], texts: dict[str, str]) -> list[str | None]:
    """Lines opening with a wrapped marker (footnote text of a flattened text, split off by the layout)
    become footnote text."""
    out = []
    for line in lines:
        match = MARKED_DEFINITION_RE.match(line) if line else None
        if match:
            texts.setdefault(key(match.group(1)), strip_marks(match.group(2)).strip())
            out.append(None)
        else:
            out.append(line)
    return out
