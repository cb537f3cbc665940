"""Split the text of a resolution or decision into preambular and operative paragraphs.

Written for the resolutions of the governing bodies as they are published, from the 1946 texts to
today's, in the shapes people copy them: UN document text, web archive pages with their headers
(a "1042nd plenary meeting" line above the title), a whole resolution flattened onto one line,
Markdown, Word (read into lines by ``resolutions.readers``, the one reader per format), in English,
French or Spanish. The steps:

1. layout (:mod:`.layout`): the language; a text on one line split back on its numbering, its body
   line, its preambular openings and its closing line;
2. footnotes (:mod:`.footnotes`): markers in every style removed and kept on their paragraph,
   footnote text taken out of the flow;
3. paragraphs (:mod:`.paragraphs`): header, preamble, operative part, closing line, annexes;
   sub-paragraphs (a)-(i) kept inside their paragraph and listed on it;
4. clauses (:mod:`.clauses`): verb, addressee and one obligation per asking clause, with its
   deadlines and recipient (:mod:`mandates.resolutions.deadlines`).

Everything the parser is unsure of is said on the paragraph (``unsure``) or the document
(``warnings``); see :mod:`.result`. ``parse_text`` raises :class:`ParseError` (with the line) when
it finds no operative paragraph.
"""
import dataclasses
import datetime
import re

from django.utils.translation import gettext

from .. import analysis
from . import clauses, footnotes, layout, paragraphs
from .errors import ParseError
from .layout import date_in
from .result import (
    BOUNDARY_GUESSED,
    DEADLINE_UNRESOLVED,
    ENDS_MID_PARAGRAPH,
    FOOTNOTE_UNMATCHED,
    NO_VERB,
    NUMBERING_GAP,
    DeadlineFound,
    Footnote,
    Layout,
    Obligation,
    ParsedParagraph,
    ParsedResolution,
    SubParagraph,
    Unsure,
)

__all__ = [
    "ParseError", "parse_text", "clean_text", "ParsedParagraph", "ParsedResolution", "Layout",
    "Footnote", "SubParagraph", "Obligation", "DeadlineFound", "Unsure",
]

SUPERSCRIPTS = layout.SUPERSCRIPTS


def clean_text(text: str, footnote_numbers: set[int] | None = None) -> str:
    """Paragraph text without footnote markers, Markdown emphasis, escapes and doubled spaces."""
    text = footnotes.strip_marks(text)
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


def _plain_marks(text: str, numbers: set[int]) -> list[str]:
    """Plain digits glued to a word ("Convention2") that are footnotes of the document."""
    found = re.findall(r"(?<=[a-z,;:)”\"])(\d{1,3})(?=[\s,;:.)]|$)", footnotes.strip_marks(text))
    found += re.findall(r"(?<=[a-z]\.)(\d{1,3})(?=\s|$)", footnotes.strip_marks(text))
    return [m for m in dict.fromkeys(found) if int(m) in numbers]


def parse_text(text: str, *, unit: str = "line", body: str = "", on: datetime.date | None = None,
               symbol: str = "") -> ParsedResolution:
    """Parse a resolution's text (plain or Markdown). ``unit`` names the positions in errors.
    ``body`` (a code), ``on`` (the date of adoption) and ``symbol`` resolve deadlines ("this
    session"); by default the body the text names and the date it gives."""
    raw_lines = layout.untable(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lang = layout.detect_language(text)
    marked, footnote_texts, styles = footnotes.mark_lines(raw_lines)
    lines, one_line, origins = layout.split_run_on(marked)
    if one_line:
        lines = footnotes.take_definitions(lines, footnote_texts)
    assembled = paragraphs.assemble(lines, unit, origins)
    if not assembled.operative:
        where = assembled.closing_line or assembled.annex_line or max(
            (origins[i] for i, line in enumerate(lines) if line and line.strip()), default=1)
        raise ParseError(
            gettext("no operative paragraph was found before this point: operative paragraphs are numbered "
                    "(\"1. Requests ...\") or open with an operative verb (\"Decides\", \"Requests\" ...)."),
            line=where, unit=unit,
        )
    result = ParsedResolution(preambular=[], operative=[], annex_line=assembled.annex_line,
                              end_line=assembled.closing_line, warnings=list(assembled.warnings))
    result.layout = Layout(
        header=[t for _n, t in assembled.header], body_name=next(
            (t.rstrip(",:") for _n, t in assembled.header if layout.body_line(t) is not None), ""),
        body_line=assembled.body_line, meeting_above_title=assembled.meeting_above_title,
        preamble_line=assembled.preambular[0].line if assembled.preambular else None,
        operative_line=assembled.operative[0].line, closing=assembled.closing,
        closing_line=assembled.closing_line, footnotes_line=assembled.footnotes_line,
        annex_line=assembled.annex_line, language=lang, one_line=one_line, numbered=assembled.numbered,
        footnote_styles=styles + (["plain"] if assembled.plain_footnotes else []),
    )
    _read_header(result, assembled, unit)
    result.body_hint = assembled.body_code
    plain_numbers = set(assembled.plain_footnotes)
    notes = dict(footnote_texts)
    notes.update({str(n): t for n, t in assembled.plain_footnotes.items()})
    adopted_by, adopted_on = body or result.body_hint, on or result.date_hint
    context = clauses.context_for(adopted_by, adopted_on, symbol)
    for draft in assembled.preambular + assembled.operative:
        paragraph = _finish(draft, plain_numbers, notes, body=adopted_by, on=adopted_on, context=context)
        (result.operative if draft.kind == "operative" else result.preambular).append(paragraph)
        context.observe(paragraph.text)  # "the Commission", "this special session" in later paragraphs
    _carry_referred_deadlines(result)
    _check_end(result, assembled)
    return result


def _carry_referred_deadlines(result: ParsedResolution) -> None:
    """"Also requests ... to include in the report referred to in paragraph 32 above": the obligation
    takes paragraph 32's deadlines when it names none of its own (as the import does)."""
    by_number = {p.number: p for p in result.operative}
    for paragraph in result.operative:
        for ob in paragraph.obligations:
            earlier = by_number.get(ob.refers_to_paragraph)
            if ob.deadlines or earlier is None or earlier is paragraph:
                continue
            for source in earlier.obligations:
                for deadline in source.deadlines:
                    ob.deadlines.append(dataclasses.replace(
                        deadline, text=f"{deadline.text} (as paragraph {earlier.number})"))
                    ob.recipient_body, ob.recipient = deadline.recipient_body, deadline.recipient


def _finish(draft: paragraphs.Draft, plain_numbers: set[int], notes: dict[str, str], *, body: str,
            on: datetime.date | None, context) -> ParsedParagraph:
    raw_text, marks = footnotes.take_marks(draft.raw)
    marks += [m for m in _plain_marks(draft.raw, plain_numbers) if m not in marks]
    text = clean_text(raw_text, plain_numbers)
    paragraph = ParsedParagraph(kind=draft.kind, number=draft.number, text=text, line=draft.line)
    paragraph.footnotes = [Footnote(mark=mark, text=notes.get(footnotes.key(mark), "")) for mark in marks]
    italic = clean_text(draft.italic_verb)
    if draft.kind == "operative":
        result = analysis.analyse_operative(text, italic)
        paragraph.addressee, paragraph.addressee_category = result.addressee, result.category
        paragraph.subparagraphs = [SubParagraph(label=label, text=sub, parent=draft.number)
                                   for label, sub in paragraphs.subparagraphs(text)]
        paragraph.obligations = clauses.obligations(text, result, body=body, on=on, context=context)
        if not analysis.starts_with_operative_verb(text) and not italic:
            paragraph.unsure.append(Unsure(NO_VERB, "Its opening words are not a known operative verb."))
        for ob in paragraph.obligations:
            for deadline in ob.deadlines:
                if deadline.date is None and not deadline.recurring:
                    paragraph.unsure.append(Unsure(
                        DEADLINE_UNRESOLVED, f"The deadline “{deadline.text}” could not be given a date."))
    else:
        result = analysis.analyse_preambular(text, italic)
        if not analysis.starts_with_preambular_verb(text) and not italic:
            paragraph.unsure.append(Unsure(NO_VERB, "Its opening words are not a known preambular phrase."))
    if draft.guessed and draft.kind == "operative":
        paragraph.unsure.append(Unsure(BOUNDARY_GUESSED, "Its start was guessed from its opening verb "
                                                         "(the operative paragraphs are not numbered)."))
    elif draft.guessed:
        paragraph.unsure.append(Unsure(BOUNDARY_GUESSED, "Read as a preambular paragraph: no line names the "
                                                         "adopting body and it opens with no preambular phrase."))
    missing = [f.mark for f in paragraph.footnotes if not f.text]
    if draft.kind == "operative" and paragraph.subparagraphs == [] and re.search(r"\n\(", draft.raw):
        paragraph.unsure.append(Unsure(BOUNDARY_GUESSED, "Its sub-paragraphs could not be read in order."))
    if missing and notes:
        paragraph.unsure.append(Unsure(FOOTNOTE_UNMATCHED, "No text found for footnote " + ", ".join(missing) + "."))
    paragraph.verb, paragraph.analysis = result.verb, result
    return paragraph


def _check_end(result: ParsedResolution, assembled: paragraphs.Assembled) -> None:
    """Numbering gaps and a text that stops before its end (no closing line, last paragraph open)."""
    last = None
    for paragraph in result.operative:
        if last is not None and paragraph.number is not None and paragraph.number != last + 1:
            paragraph.unsure.append(Unsure(NUMBERING_GAP, f"Paragraph {paragraph.number} follows paragraph {last}."))
        last = paragraph.number
    final = result.operative[-1]
    if paragraphs.ends_open(final.text) and not assembled.closing_line and not assembled.annex_line:
        final.unsure.append(Unsure(ENDS_MID_PARAGRAPH, "The text stops in the middle of this paragraph."))
        result.partial = True
        complete = [p.number for p in result.operative[:-1] if p.number is not None]
        result.last_complete = complete[-1] if complete else None
        result.warnings.append(
            f"Partial text: the last complete paragraph is {result.last_complete}."
            if result.last_complete else "Partial text: it stops inside the first operative paragraph.")


def _read_header(result: ParsedResolution, assembled: paragraphs.Assembled, unit: str = "line") -> None:
    """Title, symbol, number and date hints from the lines before the preamble and after the closing.
    The title is the words after the resolution number ("1966/1104(XL). Report of ..."), else the
    first header line that is not a body's name, a date, a meeting or a symbol. A date of adoption
    that cannot be read ("on 31 Febuary 2009") is an error naming its line."""
    header, trailer = assembled.header, assembled.trailer
    fallback, header_date, after_number, after_symbol, symbol_title = "", None, False, False, ""
    next_texts = [t for _n, t in header[1:]] + [""]
    stopped = False
    for index, (line_no, text) in enumerate(header):
        if assembled.body_line is not None and layout.body_line(text) is not None:
            stopped = True
            break
        if re.match(r"^\[.*\]$|^\(.*\)$", text):
            continue  # an editor's note: "[on the report of ...]", "(Résolution II adoptée sur ...)"
        if layout.is_closing(text):
            result.date_hint = result.date_hint or date_in(text)
            continue
        if ADOPTED_LINE_RE.match(text):
            result.date_hint = result.date_hint or _adoption_date(text, line_no, unit)
            continue
        titled = layout.NUMBER_TITLE_RE.match(text)
        if titled and titled.group("title").isupper():
            titled = None  # "III. RESOLUTIONS ADOPTED ON THE REPORTS OF ...": a section of a volume
        if titled and not result.title:
            result.number_hint = result.number_hint or re.sub(r"\s+", "", titled.group("number"))
            title = re.sub(r"(?<=[a-zà-ÿ])\.$", "", titled.group("title").strip(" *\\"))
            title = _title_continued(title, header[index + 1:], line_no)
            if len(title) > 3:
                result.title, result.layout.title_line = title, line_no
            continue
        number = re.search(r"\b(\d{1,4}/\d{1,4})\b", text)
        if number and not result.number_hint:
            result.number_hint = number.group(1)
        if layout.is_date_line(text):
            header_date = header_date or date_in(text)  # a distribution date, unless nothing better
            continue
        if layout.SYMBOL_RE.match(text):
            after_symbol = True
            continue
        if layout.is_body_name(text) or layout.is_artefact(text):
            continue
        if after_symbol and len(text) > 8 and not symbol_title:
            symbol_title, symbol_line = text, line_no  # the title under a page's symbol, unless a better one
        after_symbol = False
        if after_number and len(text) > 3 and not result.title:
            result.title, result.layout.title_line = text, line_no  # "S-20/2." then "Declaración política"
            continue
        if re.fullmatch(r"(?:resolutions?|decisions?|résolutions?|resoluci[oó]n(?:es)?)", text, re.IGNORECASE):
            continue
        if re.fullmatch(r"(?:[\w ]*\s)?(?:resolution|decision)?\s*(?:S-?)?\d{1,4}/\d{1,4}(?:\s?\([IVXLC]+\))?\.?",
                        text, re.IGNORECASE):
            after_number = text.endswith(".")  # the number alone: its title is on the next line
            result.number_hint = result.number_hint or text.rstrip(".").split()[-1]
            continue
        title = re.sub(r"^\d{1,4}/\d{1,4}\.?\s*", "", text).strip(" *\\")
        if title and len(title) > 8 and not re.match(r"^(?:[A-Z]/|E/CN)", title) and not title[:1].islower() \
                and not title.endswith((",", ";")) and not next_texts[index][:1].islower():
            fallback, fallback_line = title, line_no  # the last such line before the body line
    if not result.title and symbol_title:
        result.title, result.layout.title_line = symbol_title, symbol_line
    if not result.title:
        # the last candidate before the body line; a title wrapped over two lines counts as one
        blocks = [(n, t) for n, t in _header_blocks(header[: (index + 1) if stopped else len(header)])
                  if len(t) > 8 and not t.endswith((",", ";")) and t[:1].isupper() and not layout.is_body_name(t)
                  and not layout.is_artefact(t) and layout.body_line(t) is None and not layout.is_date_line(t)
                  and not layout.is_closing(t) and not ADOPTED_LINE_RE.match(t) and "\n" not in t]
        wrapped = [(n, t) for n, t in blocks if " " in t and n > (fallback_line if fallback else 0)
                   and t not in {text for _n, text in header}]
        if wrapped:
            result.title, result.layout.title_line = wrapped[-1][1], wrapped[-1][0]
        elif fallback:
            result.title, result.layout.title_line = fallback, fallback_line
    for _line_no, text in trailer:
        symbol = re.search(r"<<ODS DOC SYMBOL1>>([^<]+)<<", text)
        if symbol and not result.symbol_hint:
            result.symbol_hint = symbol.group(1).strip()
    if result.date_hint is None:
        for line_no, text in trailer[:3]:
            if text and not layout.is_artefact(text):
                found = _adoption_date(text, line_no, unit)
                if found:
                    result.date_hint = found
                    break
    result.date_hint = result.date_hint or header_date


ADOPTED_LINE_RE = re.compile(
    r"^(?:Resolution|Decision|Résolution|Décision|Resolución|Decisión)\s+(?:adopted|adoptée|aprobada|adoptada)\s+"
    r"(?:by|par|por)\s", re.IGNORECASE)



def _title_continued(title: str, following: list[tuple[int, str]], line_no: int) -> str:
    """A title the PDF set over several lines ("80/9. 2025 Political Declaration on the Implementation of the"
    / "United Nations Global Plan of Action ..." / "in Persons"): the lines right under it, with no blank
    line between, up to the body line, a note, a date or a symbol."""
    for next_no, text in following:
        if next_no != line_no + 1 or title.endswith((".", ":", ";")) or len(title) > 300:
            break
        if (layout.body_line(text) is not None or re.match(r"^[\[(]", text) or layout.is_closing(text)
                or layout.is_date_line(text) or layout.SYMBOL_RE.match(text) or layout.is_body_name(text)
                or layout.is_artefact(text) or layout.NUMBER_TITLE_RE.match(text) or not text[:1].isalpha()
                or re.match(r"^[A-Z]\.\s", text) or text.isupper()):  # "A. PROTOCOL ...": a part's heading
            break
        title, line_no = f"{title} {text.strip()}", next_no
    return title

def _header_blocks(header: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Header lines with a title wrapped over two lines joined ("Special session of the General
    Assembly on the world drug" + "problem to be held in 2016"): a line that starts in lower case
    continues a line without final punctuation."""
    out: list[tuple[int, str]] = []
    for line_no, text in header:
        if out and text[:1].islower() and out[-1][1][-1:].isalnum() and not layout.body_line(out[-1][1]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((line_no, text))
    return out


def _adoption_date(text: str, line_no: int, unit: str) -> datetime.date | None:
    """The date on an adoption or closing line; a ParseError if it is there but impossible."""
    match = layout.DATE_WORDS_RE.search(text)
    if not match:
        return None
    day, month_name, year = match.groups()
    month = layout.month_names().get(month_name.lower())
    if month is None:
        if layout.is_closing(text) or ADOPTED_LINE_RE.match(text):
            raise ParseError(gettext("the date of adoption “%(date)s” cannot be read.") % {"date": match.group(0)},
                             line=line_no, unit=unit)
        return None
    try:
        return datetime.date(int(year), month, int(day))
    except ValueError:
        raise ParseError(gettext("the date of adoption “%(date)s” is not a date.") % {"date": match.group(0)},
                         line=line_no, unit=unit) from None

