"""What the parser returns: the layout it saw, the paragraphs with their footnotes, sub-paragraphs and
obligations, and why it is unsure of any of them (the import review page highlights those).

Plain dataclasses: no database, so the import page, the corpus test and the services read the same
structure. ``ParsedResolution.paragraphs`` lists preambular then operative paragraphs in order.
"""
import datetime
from dataclasses import dataclass, field

# Why a paragraph is unsure (codes; the message says it in words for the review page).
BOUNDARY_GUESSED = "boundary_guessed"  # its start or end was inferred, not read from a number or a line break
NO_VERB = "no_verb"  # its opening words are not a listed verb
DEADLINE_UNRESOLVED = "deadline_unresolved"  # a deadline was found but no date could be given to it
ENDS_MID_PARAGRAPH = "ends_mid_paragraph"  # the text stops in the middle of the paragraph
NUMBERING_GAP = "numbering_gap"  # its number does not follow the previous one
FOOTNOTE_UNMATCHED = "footnote_unmatched"  # a footnote marker with no footnote text found


@dataclass
class Unsure:
    code: str
    message: str


@dataclass
class Footnote:
    """A footnote of a paragraph: its mark as printed ("16", "*", "**", "1") and its text when the
    document carries it (at the bottom, inline after the paragraph, or at the end)."""

    mark: str  # as printed: "16/", "*/", "\\87\\", "1"
    text: str = ""

    def __str__(self) -> str:
        return self.mark


@dataclass
class SubParagraph:
    """"(b) To submit ..." inside operative paragraph 5: addressed as "para. 5 (b)"."""

    label: str  # "b", "ii"
    text: str
    parent: int | None = None

    @property
    def reference(self) -> str:
        return f"para. {self.parent} ({self.label})" if self.parent is not None else f"({self.label})"


@dataclass
class DeadlineFound:
    text: str  # the words: "at its twenty-fifth session"
    date: datetime.date | None
    body: str = ""  # the body whose session it is (code), when the words name a session
    rule: str = ""  # how the date was worked out
    recurring: bool = False  # "annually", "at each annual session"
    session: int | str | None = None  # the number the words name, "special", or None (a date, "its next session")
    recipient_body: str = ""  # to whom this deadline's report or action goes (code)
    recipient: str = ""
    precision: str = ""  # "day" | "month" | "year": how much of the date is known
    recurrence: str = ""  # "session" | "annual" | "biennial" | "every N years" | "periodic" | ""
    period_months: int | None = None


@dataclass
class Obligation:
    """One asking clause of an operative paragraph ("requests the Office to continue ...")."""

    verb: str  # as written, with its modifiers: "also requests"
    addressees: list[str]  # "States, institutions and individuals" stays one entry; "" when passive
    addressee_category: str
    clause: str  # the words of the clause, from its verb to the next clause
    kind: str = "act"  # "act" | "report"
    passive: bool = False  # "Requests that a report be submitted to ..."
    recipient_body: str = ""
    recipient: str = ""
    deadlines: list[DeadlineFound] = field(default_factory=list)
    refers_to_paragraph: int | None = None

    @property
    def addressee(self) -> str:
        return ", ".join(a for a in self.addressees if a)

    @property
    def deadline(self) -> DeadlineFound | None:
        """The first dated deadline, else the first one."""
        dated = [d for d in self.deadlines if d.date]
        return (dated or self.deadlines or [None])[0]


@dataclass
class ParsedParagraph:
    kind: str  # "preambular" | "operative"
    number: int | None
    text: str  # without footnote markers; sub-paragraphs stay in it
    line: int  # where it starts in the source (1-based line, or paragraph for Word)
    verb: str = ""
    addressee: str = ""
    addressee_category: str = "none"
    analysis: object | None = None  # analysis.Analysis
    footnotes: list[Footnote] = field(default_factory=list)
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    unsure: list[Unsure] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return f"para. {self.number}" if self.number is not None else "preamble"

    def subparagraph(self, label: str) -> SubParagraph | None:
        return next((s for s in self.subparagraphs if s.label == label.strip("() ")), None)


@dataclass
class Layout:
    """Where the parts of the document are (1-based source lines; None when absent)."""

    header: list[str] = field(default_factory=list)  # the header lines, as read
    body_name: str = ""  # "The General Assembly"
    body_line: int | None = None
    meeting_above_title: str = ""  # "1042nd plenary meeting" printed in an archive's header
    title_line: int | None = None
    preamble_line: int | None = None
    operative_line: int | None = None
    closing: str = ""  # "1042nd plenary meeting, 28 July 1958"
    closing_line: int | None = None
    footnotes_line: int | None = None
    annex_line: int | None = None
    language: str = "en"  # "en" | "fr" | "es"
    one_line: bool = False  # the whole text arrived on one line (or a few very long ones) and was split
    numbered: bool = True  # operative paragraphs are numbered
    footnote_styles: list[str] = field(default_factory=list)  # "slash", "asterisk", "superscript", "bracket"


@dataclass
class ParsedResolution:
    preambular: list[ParsedParagraph]
    operative: list[ParsedParagraph]
    title: str = ""
    symbol_hint: str = ""
    number_hint: str = ""
    date_hint: datetime.date | None = None
    body_hint: str = ""  # body code read from the text ("GA", "ECOSOC" ...)
    annex_line: int | None = None
    end_line: int | None = None
    warnings: list[str] = field(default_factory=list)  # document level: "partial text: ..."
    layout: Layout = field(default_factory=Layout)
    partial: bool = False  # the text stops before its end
    last_complete: int | None = None  # number of the last complete operative paragraph when partial

    @property
    def paragraphs(self) -> list[ParsedParagraph]:
        return self.preambular + self.operative

    @property
    def unsure(self) -> list[ParsedParagraph]:
        return [p for p in self.paragraphs if p.unsure]

    @property
    def obligations(self) -> list[tuple[ParsedParagraph, Obligation]]:
        return [(p, o) for p in self.operative for o in p.obligations]

    def find(self, reference: str):
        """A paragraph or sub-paragraph by its reference: "5", "para. 5", "para. 5 (b)"."""
        import re

        match = re.match(r"^\s*(?:para(?:graph)?\.?\s*)?(\d{1,3})\s*(?:\(?([a-z]{1,2}|[ivxl]{1,6})\)?)?\s*$",
                         reference, re.I)
        if not match:
            return None
        paragraph = next((p for p in self.operative if p.number == int(match.group(1))), None)
        if paragraph is None or not match.group(2):
            return paragraph
        return paragraph.subparagraph(match.group(2).lower())
