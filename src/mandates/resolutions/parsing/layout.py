"""The layout of a resolution before its paragraphs are read.

A published resolution is: a header (symbol, "Resolution adopted by ...", an archive's body name,
meeting and date lines, the resolution number and its title: "1966/1104(XL). Report of ..."), the
line naming the adopting body ("The General Assembly,"), the preamble, the operative part, the
closing line ("1042nd plenary meeting, 28 July 1958"), footnotes and annexes. Copies flatten it in
different ways; this module reads the language, splits a text that arrived on one line (a web page
table copied and pasted) back into its lines, and reads the header.
"""
import datetime
import re
from functools import lru_cache

from .. import reference
from .footnotes import MARK_CLOSE, MARK_OPEN, MARK_RE, strip_marks

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
UPPER = "A-ZÀ-ÝÉ"
NUMBERED_RE = re.compile(rf"^(?:[-*+]\s+)?(\d{{1,3}})\s?\.(?:\s+|$|(?=\*{{0,2}}[{UPPER}]))(.*)$")
AUTO_NUMBERED_RE = re.compile(r"^#\.\s+(.*)$")  # docx list paragraphs (see readers.read_docx)
SUBITEM_RE = re.compile(r"^(?:[-*+]\s+)?\(([a-z]{1,2}|[ivxl]{1,6})\)\s+\S")
BULLET_RE = re.compile(r"^[-*+]\s+(.*)$")
HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
FOOTNOTE_MARKED_RE = re.compile(rf"^(?:[{SUPERSCRIPTS}]+|<sup>\s*\d+\s*</sup>|\\\*|\*(?=\s))\s*\S")
FOOTNOTE_PLAIN_RE = re.compile(r"^(\d{1,3})\s+(?!\d)\S")
SYMBOL_RE = re.compile(r"^(?:A|E|S)/(?:RES/|CN\.\d+/)?[\w./()-]+\*?$")
ADOPTED_RE = re.compile(r"^(?:Adopted|Approved)\s+(?:at|on|by)\s", re.IGNORECASE)
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
        r"^Distr\.",
        r"^[•▪◦·]\s*.{0,80}$",  # a web page's topic tags ("• Harm reduction")
        r"^\[.*\]$",  # an editor's note: "[Resolution adopted as recommended by ...]"
        r"^Agenda item \d+",
        r"^United Nations\s*(?:A|E|S)/",
    )
]


@lru_cache(maxsize=1)
def _closing_res() -> list[re.Pattern]:
    return [re.compile(lang["closing"], re.IGNORECASE) for lang in reference.languages().values()]


@lru_cache(maxsize=1)
def _annex_res() -> list[re.Pattern]:
    return [re.compile(lang["annex"], re.IGNORECASE) for lang in reference.languages().values()]


def is_closing(plain: str) -> bool:
    return bool(ADOPTED_RE.match(plain)) or any(p.match(plain) for p in _closing_res())


def is_annex(plain: str) -> bool:
    return any(p.match(plain) for p in _annex_res())


def is_artefact(line: str) -> bool:
    return any(p.search(line) for p in ARTEFACT_RES)


@lru_cache(maxsize=1)
def body_names() -> dict[str, str]:
    """Names that open the preamble ("General Assembly", "L'Assemblée générale") -> body code."""
    names = {}
    for body in reference.bodies().values():
        for name in {body.name} | {a for a in body.aliases if " " in a and not a.lower().startswith("the ")}:
            names[f"The {name}"] = body.code
    for lang in reference.languages().values():
        names.update(lang.get("body_names") or {})
    return names


@lru_cache(maxsize=1)
def _body_line_re() -> re.Pattern:
    known = "|".join(re.escape(n) for n in sorted(body_names(), key=len, reverse=True))
    return re.compile(rf"^(?:(?P<known>{known})\s*[,:]?|The\s+[A-Z][\w ,'’()-]{{3,140}},)$")


def body_line(plain: str) -> str | None:
    """The body's code (or "" when unknown) if the line is the one naming the adopting body."""
    match = _body_line_re().match(strip_marks(plain).strip())
    if not match:
        return None
    return body_names().get(match.group("known") or "", "")


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text[:20000].lower())
    scores = {}
    for code, lang in reference.languages().items():
        markers = set(lang["markers"])
        scores[code] = sum(1 for w in words if w in markers)
    return max(scores, key=lambda c: (scores[c], c == "en"))


# --- one-line texts ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _preambular_split_re() -> re.Pattern:
    verbs = "|".join(re.escape(v) for v in reference.preambular_verbs())
    return re.compile(rf"([,;](?:{MARK_RE.pattern})*(?:\d{{1,3}}(?=\s))?\*{{0,2}})\s+(?=\*{{0,2}}(?:{verbs})\b)")


@lru_cache(maxsize=1)
def _operative_split_re() -> re.Pattern:
    verbs, modifiers = reference.operative_verbs()
    words = sorted({v.text for v in verbs} | set(modifiers), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(rf"([,;.](?:{MARK_RE.pattern})*(?:\d{{1,3}}(?=\s))?\*{{0,2}})\s+(?=\*{{0,2}}(?:{alternatives})\b)")


@lru_cache(maxsize=1)
def _body_split_re() -> re.Pattern:
    known = "|".join(re.escape(n) for n in sorted(body_names(), key=len, reverse=True))
    return re.compile(rf"(?:^|(?<=\s))(\*{{0,2}}(?:{known})\s*,\*{{0,2}})\s+")


INLINE_NUMBER_RE = re.compile(rf"(?:^|(?<=\s))(\d{{1,3}})\s?\.(?:\s+|(?=\*{{0,2}}[{UPPER}]))(?=\*{{0,2}}[{UPPER}]|[a-záéíóúàèç])")
INLINE_CLOSING_RE = re.compile(r"\s(?=\d{1,4}\.?(?:st|nd|rd|th|e|ème|a|ª)\.?\s+(?:plenary\s+meeting|séance|sesión)\b)",
                               re.IGNORECASE)

# In a flattened header: a new line before the meeting line, "Resolution adopted by", the resolution
# number with its title ("689 (XXVI). Narcotic drugs", "64/179. Strengthening ...").
HEADER_SPLIT_RE = re.compile(
    r"\s+(?=\d{1,4}(?:st|nd|rd|th)\s+plenary\s+meeting\b|(?:Resolution|Decision) adopted by\b"
    r"|(?:\d{4}/)?\d{1,4}\s?\([IVXLC]+\)\s?[A-Z]?\.\s?|\d{1,4}/\d{1,4}\.\s)")
MARKDOWN_HEADING_SPLIT_RE = re.compile(r"\s+(?=#{1,6}\s)")
# After the closing line of a flattened text: each footnote's text on its own line.
MARKED_DEFINITION_SPLIT_RE = re.compile(rf"\s*(?={MARK_OPEN}[^{MARK_CLOSE}]*{MARK_CLOSE}\s*[{UPPER}\w])")


def _numbered_cuts(line: str, start_at: int) -> list[int]:
    """Offsets where paragraphs start ...  n. ... n+1. ... in one line (a run of at least two)."""
    best: list[int] = []
    for first in INLINE_NUMBER_RE.finditer(line):
        expected, cuts = int(first.group(1)) + 1, [first.start()]
        for match in INLINE_NUMBER_RE.finditer(line, first.end()):
            if int(match.group(1)) == expected:
                cuts.append(match.start())
                expected += 1
        # a run from 1 (or from where the previous lines stopped) needs two numbers; a page of a longer
        # text, starting anywhere, three
        needed = 2 if int(first.group(1)) in (1, start_at) else 3
        if len(cuts) >= needed and len(cuts) > len(best):
            best = cuts
        if len(best) >= 2 and int(first.group(1)) in (1, start_at):
            break
    return best


def _displaced_numbers(pieces: list[str]) -> list[str]:
    """A PDF's margin numbers copied after the paragraph's first line ("Reitera la necesidad de ... para
    4. apoyar los mecanismos ..."): the paragraph starts at the operative verb before its number."""
    from .. import analysis

    out = list(pieces)
    for k in range(1, len(out)):
        number = INLINE_NUMBER_RE.match(out[k]) or re.match(r"^\s*\d{1,3}\s?\.\s*", out[k])
        rest = out[k][number.end():] if number else ""
        if not number or not rest[:1].islower():
            continue
        previous = out[k - 1]
        for start in reversed([m for m in re.finditer(r"[;.:]\s+", previous)]):
            if analysis.starts_with_operative_verb(previous[start.end():]):
                out[k - 1] = previous[: start.start() + 1]
                out[k] = out[k][: number.end()] + previous[start.end():].rstrip() + " " + rest
                break
    return out


TABLE_CELL_RE = re.compile(r"\s*\|\s*")


def untable(lines: list[str]) -> list[str]:
    """Rows of a web page table copied as text ("1972/1664(LII). | Concerted ... |"): cells joined."""
    return [TABLE_CELL_RE.sub(" ", line).strip() if line and ("|" in line and (" | " in line or line.rstrip()
            .endswith("|"))) else line for line in lines]


def split_run_on(lines: list[str]) -> tuple[list[str], bool, list[int]]:
    """Lines with a resolution flattened into one line (or a few very long ones) split back into
    header, body line, preambular paragraphs, numbered or unnumbered operative paragraphs and the
    closing line. Ordinary lines are left alone. Returns (lines, whether any line was split, the source
    line number of each line returned)."""
    out: list[str] = []
    origins: list[int] = []
    split_any = False
    last_number = 0
    for source_no, line in enumerate(lines, start=1):
        if line is None or len(line) < 300:
            if line is not None:
                match = NUMBERED_RE.match(line.strip())
                last_number = int(match.group(1)) if match else last_number
            out.append(line)
            origins.append(source_no)
            continue
        cuts = _numbered_cuts(line, last_number + 1)
        has_body = _body_split_re().search(line) is not None
        if not cuts and not has_body:
            out.append(line)
            origins.append(source_no)
            continue
        split_any = True
        head, pieces = (line[: cuts[0]], [line[a:b] for a, b in zip(cuts, cuts[1:] + [len(line)])]) if cuts \
            else (line, [])
        if cuts:  # Markdown headings inside the numbered part ("## **Annex**") go on their own line
            pieces = _displaced_numbers(pieces)
            pieces = [part for piece in pieces for part in MARKDOWN_HEADING_SPLIT_RE.split(piece)]
        head_lines = []
        head = MARKDOWN_HEADING_SPLIT_RE.sub("\n", head)
        body_at = _body_split_re().search(head)
        if body_at:  # the header's own lines, before "The Economic and Social Council,"
            head = HEADER_SPLIT_RE.sub("\n", head[: body_at.start()]) + head[body_at.start():]
        for part in _body_split_re().sub(lambda m: "\n" + m.group(1) + "\n", head).split("\n"):
            part = _preambular_split_re().sub(lambda m: m.group(1) + "\n", part)
            if not cuts and has_body:
                part = _operative_split_re().sub(lambda m: m.group(1) + "\n", part)
            head_lines.extend(part.split("\n"))
        if pieces:
            last = pieces[-1]
            closing = INLINE_CLOSING_RE.search(last)
            if closing:
                pieces[-1:] = [last[: closing.start()], last[closing.start():]]
            last_number = int(INLINE_NUMBER_RE.match(pieces[-2 if closing else -1]).group(1)) \
                if INLINE_NUMBER_RE.match(pieces[-2 if closing else -1]) else last_number
        elif head_lines:
            closing = INLINE_CLOSING_RE.search(head_lines[-1])
            if closing:
                tail = head_lines.pop()
                head_lines += [tail[: closing.start()], tail[closing.start():]]
        target = pieces if pieces else head_lines
        if target and INLINE_CLOSING_RE.match(" " + target[-1].strip()):
            target[-1:] = MARKED_DEFINITION_SPLIT_RE.split(target[-1])
        for part in head_lines + pieces:
            if part.strip():
                out.append(part.strip())
                out.append("")
                origins += [source_no, source_no]
    return out, split_any, origins


# --- header ----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    out = {}
    for lang in reference.languages().values():
        for index, name in enumerate(lang["months"], start=1):
            out[name] = index
    return out


DATE_WORDS_RE = re.compile(r"\b(\d{1,2})(?:er|º)?\s+(?:de\s+)?([A-Za-zÀ-ÿ]+)\s+(?:de\s+)?(\d{4})\b")
# "1966/1104(XL). Report of ...", "1395 (XIV). Title", "64/179. Title", "Resolution 2009/23. Title"
NUMBER_TITLE_RE = re.compile(
    r"^(?:(?:Resolution|Décision|Decision|Résolution|Resolución|Decisión)\s+)?"
    r"(?P<number>(?:\d{4}/)?\d{1,4}\s?\([IVXLC]+\)(?:\s?[A-Z](?![a-z]))?|\d{1,4}/\d{1,4}(?:\s?\([IVXLC]+\))?"
    r"|[IVXLC]{1,6}/\d{1,3}|\d{1,4}(?=\.\s+[A-Z])|[IVXLC]{1,6}(?=\.\s+[A-Z]))"
    r"(?:\.\s*|\s+)(?P<title>[^\s.].*)$")


def date_in(text: str) -> datetime.date | None:
    for match in DATE_WORDS_RE.finditer(text):
        month = month_names().get(match.group(2).lower())
        if month:
            try:
                return datetime.date(int(match.group(3)), month, int(match.group(1)))
            except ValueError:
                return None
    return None


def is_date_line(text: str) -> bool:
    """A line that is a date and little else ("28 July 1958", "New York, 28 juillet 1958")."""
    match = DATE_WORDS_RE.search(text)
    return bool(match and match.group(2).lower() in month_names() and len(text) - len(match.group(0)) < 25)


def is_body_name(text: str) -> bool:
    """A header line that only names a body ("ECONOMIC AND SOCIAL COUNCIL", "General Assembly")."""
    wanted = text.strip(" .,:").lower()
    if wanted.startswith("the "):
        wanted = wanted[4:]
    names = {n.lower()[4:] if n.lower().startswith("the ") else n.lower() for n in body_names()}
    names |= {"united nations", "nations unies", "naciones unidas"}
    return wanted in names or wanted.split(" - ")[0].strip() in names  # "Economic and Social Council - 26 May"
