"""Deadlines and obligations read from the words of a paragraph.

How a deadline is resolved to a date (the rule is also in data/README.md):

* a day ("by 31 March 2011") is that day; a month ("by September 2009", "in May 2010") its last day;
  a quarter or a half ("in the second quarter of 2010", "in the first half of 2011") its last day;
  "by mid-2010" 30 June; a year ("in 2011", "by the end of 2011") 31 December;
* a session ("at its sixty-fifth session", "at its reconvened fiftieth session", "at its next session")
  belongs to the body the words refer to ("its" = the body last named before them, else the body that
  adopted the text). Its date is the opening date listed in ``data/sessions.csv``; failing that, the
  body's calendar in ``data/bodies.csv``: the Nth session meets in the body's regular month of the year
  ``session_first_year + N`` (General Assembly: September of 1945 + N; CND: March of 1957 + N; CCPCJ:
  April of 1991 + N) and resolves to the first day of that month; a reconvened session to 1 December of
  that year; "its substantive session of 2010" to the first day of the body's month in 2010. A body
  with no calendar (a Conference of the Parties) resolves only through sessions.csv;
* a date before the text was adopted is a reference to the past, not a deadline;
* when several deadlines are given the most precise wins; words that cannot be resolved ("at its
  sixth session" of a body with no calendar, "biennially") are kept as text, with no date.
"""
import calendar
import datetime
import re
from dataclasses import dataclass

from . import reference
from .analysis import Analysis

MONTHS = [m.lower() for m in calendar.month_name[1:]]
MONTH_RE = "|".join(MONTHS)
UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
         "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
         "eighteenth", "nineteenth"]
TENS_ORDINAL = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
                "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
ORDINAL_RE = r"(?:\d{1,3}(?:st|nd|rd|th)|(?:[a-z]+-)?[a-z]+(?:st|nd|rd|th))"


def ordinal(word: str) -> int | None:
    """'sixty-fifth' -> 65, 'fiftieth' -> 50, '19th' -> 19; None for anything else."""
    word = word.lower().strip()
    digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    if digits:
        return int(digits.group(1))
    if word in UNITS:
        return UNITS.index(word) + 1
    if word in TENS_ORDINAL:
        return TENS_ORDINAL[word]
    if "-" in word:
        tens, _, unit = word.partition("-")
        if tens in TENS and unit in UNITS[:9]:
            return TENS[tens] + UNITS.index(unit) + 1
    return None


@dataclass
class Deadline:
    text: str
    date: datetime.date | None
    body: str = ""
    rule: str = ""
    precision: int = 0
    position: int = 0


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# --- bodies named in a text ------------------------------------------------------------------

def _body_patterns() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for body in reference.bodies().values():
        names = {body.name} | {a for a in body.aliases if " " in a and not a.lower().startswith("the ")}
        for name in sorted(names, key=len, reverse=True):
            patterns.append((re.compile(r"\b" + re.escape(name) + r"\b"), body.code))
        for alias in body.aliases:
            if alias.lower().startswith("the "):
                patterns.append((re.compile(r"\b[Tt]he " + re.escape(alias[4:]) + r"\b(?! on| against| of| for)"),
                                 body.code))
    return patterns


def bodies_named(text: str, context_body: str) -> list[tuple[int, str]]:
    """(offset, body code) of the bodies the text names, in order. "The Commission" / "the
    Conference" is the commission or conference named last before it, else the adopting body."""
    found: dict[int, tuple[int, str]] = {}
    taken: list[range] = []
    for pattern, code in _body_patterns():
        for match in pattern.finditer(text):
            if any(match.start() in r for r in taken):
                continue
            taken.append(range(match.start(), match.end()))
            found[match.start()] = (match.start(), code)
    for match in re.finditer(r"\b[Tt]he (Commission|Conference)\b(?! on| of| against)", text):
        if any(match.start() in r for r in taken):
            continue
        word = match.group(1)
        earlier = [code for pos, code in sorted(found.values()) if pos < match.start()
                   and reference.body_name(code).startswith(word)]
        code = earlier[-1] if earlier else (context_body if reference.body_name(context_body).startswith(word) else "")
        if code:
            found[match.start()] = (match.start(), code)
    return sorted(found.values())


# --- sessions ----------------------------------------------------------------------------------

def session_date(body_code: str, number: int, part: str = "") -> tuple[datetime.date | None, str]:
    table = reference.sessions()
    if (body_code, number, part) in table:
        return table[(body_code, number, part)], "sessions.csv"
    body = reference.bodies().get(body_code)
    if body is None or body.session_first_year is None or body.session_month is None:
        return None, "no calendar for this body"
    year = body.session_first_year + number
    if part == "reconvened":
        return datetime.date(year, 12, 1), "reconvened session: 1 December of the session's year"
    if part in ("special", "resumed"):
        return None, f"{part} sessions have no calendar"
    return datetime.date(year, body.session_month, 1), body.session_rule


def next_session(body_code: str, after: datetime.date) -> tuple[datetime.date | None, str]:
    listed = sorted(d for (code, _n, part), d in reference.sessions().items()
                    if code == body_code and not part and d > after)
    if listed:
        return listed[0], "sessions.csv"
    body = reference.bodies().get(body_code)
    if body is None or body.session_month is None:
        return None, "no calendar for this body"
    year = after.year if after < datetime.date(after.year, body.session_month, 1) else after.year + 1
    return datetime.date(year, body.session_month, 1), body.session_rule


# --- deadlines ---------------------------------------------------------------------------------

def _candidates(text: str, *, body: str, on: datetime.date, named: list[tuple[int, str]]):
    def body_before(pos: int) -> str:
        earlier = [code for start, code in named if start < pos]
        return earlier[-1] if earlier else body

    for m in re.finditer(rf"\b(?:by|before|not later than|no later than|on|until)\s+(?:the\s+)?(\d{{1,2}})\s+"
                         rf"({MONTH_RE})\s+(\d{{4}})", text, re.I):
        try:
            day = datetime.date(int(m.group(3)), MONTHS.index(m.group(2).lower()) + 1, int(m.group(1)))
        except ValueError:
            continue
        yield Deadline(m.group(0), day, rule="the day given", precision=5, position=m.start())
    for m in re.finditer(rf"\b(?:by|before|in|during|not later than|no later than|until)\s+(?:the\s+end\s+of\s+)?"
                         rf"({MONTH_RE})\s+(\d{{4}})", text, re.I):
        month = MONTHS.index(m.group(1).lower()) + 1
        yield Deadline(m.group(0), _month_end(int(m.group(2)), month), rule="last day of the month",
                       precision=3, position=m.start())
    for m in re.finditer(r"\b(?:in|by|during|before|by the end of|before the end of)\s+the\s+"
                         r"(first|second|third|fourth|last)\s+quarter\s+of\s+(\d{4})", text, re.I):
        quarter = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}[m.group(1).lower()]
        yield Deadline(m.group(0), _month_end(int(m.group(2)), quarter * 3), rule="last day of the quarter",
                       precision=2, position=m.start())
    for m in re.finditer(r"\b(?:in|by|during|before|by the end of|before the end of)\s+the\s+"
                         r"(first|second)\s+half\s+of\s+(\d{4})", text, re.I):
        month = 6 if m.group(1).lower() == "first" else 12
        yield Deadline(m.group(0), _month_end(int(m.group(2)), month), rule="last day of the half-year",
                       precision=2, position=m.start())
    for m in re.finditer(r"\bby\s+(?:the\s+)?(mid-|middle of |end of |close of )\s*(\d{4})\b", text, re.I):
        month = 6 if m.group(1).lower().startswith("mid") else 12
        yield Deadline(m.group(0), _month_end(int(m.group(2)), month), rule="middle or end of the year",
                       precision=2, position=m.start())
    for m in re.finditer(r"\b(?:in|by|during|before|not later than|no later than|by the end of|before the end of)"
                         r"\s+(\d{4})\b(?!\s*[-–/]\s*\d)", text, re.I):
        yield Deadline(m.group(0), datetime.date(int(m.group(1)), 12, 31), rule="end of the year",
                       precision=1, position=m.start())
    for m in re.finditer(rf"\bat\s+(?:its|their)\s+(?:(reconvened|resumed|special|regular|substantive)\s+)?"
                         rf"({ORDINAL_RE})\s+(?:regular\s+|special\s+)?session\b", text, re.I):
        number = ordinal(m.group(2))
        if number is None:
            continue
        code = body_before(m.start())
        part = (m.group(1) or "").lower()
        part = "" if part in ("regular", "substantive") else part
        day, rule = session_date(code, number, part)
        yield Deadline(m.group(0), day, body=code, rule=rule, precision=4 if rule == "sessions.csv" else 3,
                       position=m.start())
    for m in re.finditer(rf"\b(?:at|during|to)\s+the\s+({ORDINAL_RE})\s+(?:regular\s+)?session\s+of\s+the\s+"
                         rf"([A-Z][\w ]+?)(?=[,;.]|\s+(?:on|in|at|to|and)\b|$)", text):
        number = ordinal(m.group(1))
        found = bodies_named("the " + m.group(2), body)
        if number is None or not found:
            continue
        day, rule = session_date(found[0][1], number)
        yield Deadline(m.group(0), day, body=found[0][1], rule=rule,
                       precision=4 if rule == "sessions.csv" else 3, position=m.start())
    for m in re.finditer(r"\bat\s+(?:its|their)\s+next\s+(?:regular\s+|substantive\s+)?session\b", text, re.I):
        code = body_before(m.start())
        day, rule = next_session(code, on)
        yield Deadline(m.group(0), day, body=code, rule=rule, precision=4 if rule == "sessions.csv" else 3,
                       position=m.start())
    for m in re.finditer(r"\b(?:at|during)\s+(?:its|their)\s+(?:substantive\s+|regular\s+)?session\s+of\s+(\d{4})",
                         text, re.I):
        code = body_before(m.start())
        info = reference.bodies().get(code)
        day = datetime.date(int(m.group(1)), info.session_month, 1) if info and info.session_month else None
        yield Deadline(m.group(0), day, body=code, rule=info.session_rule if info else "", precision=3,
                       position=m.start())
    for m in re.finditer(r"\b(annually|biennially|every (?:two|three|four|five) years|on a regular basis)\b", text, re.I):
        yield Deadline(m.group(0), None, rule="a recurring report: no single date", precision=0, position=m.start())


def find_deadline(text: str, *, body: str, on: datetime.date, named: list[tuple[int, str]] | None = None
                  ) -> Deadline | None:
    """The deadline the words give, resolved to a date when possible (see the module docstring)."""
    if named is None:
        named = bodies_named(text, body)
    best = None
    for candidate in _candidates(text, body=body, on=on, named=named):
        if candidate.date is not None and candidate.date < on:
            continue  # the past: "held in Vienna from 16 to 24 April 2009"
        key = (candidate.date is not None, candidate.precision, -candidate.position)
        if best is None or key > (best.date is not None, best.precision, -best.position):
            best = candidate
    return best


# --- obligations ---------------------------------------------------------------------------------

@dataclass
class ObligationDraft:
    kind: str  # "act" | "report"
    actor: str
    actor_category: str
    recipient_body: str
    recipient: str
    deadline_text: str
    deadline: datetime.date | None
    deadline_rule: str
    refers_to_paragraph: int | None = None


def derive_obligations(text: str, result: Analysis, *, body: str, on: datetime.date) -> list[ObligationDraft]:
    """One obligation for each clause that asks the office, its Executive Director or the
    Secretary-General to act or report, with its recipient body and deadline."""
    drafts = []
    report_patterns = reference.addressee_rules()["report_compiled"]
    for clause in result.office_requests:
        words = text[clause.start: clause.end]
        named = bodies_named(words, body)
        deadline = find_deadline(words, body=body, on=on, named=named)
        is_report = any(p.search(words) for p in report_patterns)
        recipients = []
        for _pos, code in named:
            if code not in recipients:
                recipients.append(code)
        if is_report and recipients:
            recipient_body = recipients[0]
            recipient = " and the ".join(reference.body_name(code) for code in recipients)
        else:
            recipient_body, recipient = body, reference.body_name(body)
        if deadline is not None and deadline.body and deadline.body in recipients:
            recipient_body = deadline.body
        refers = re.search(r"referred to in paragraph (\d{1,3})", words)
        drafts.append(ObligationDraft(
            kind="report" if is_report else "act",
            actor=clause.addressee, actor_category=clause.category,
            recipient_body=recipient_body, recipient=recipient,
            deadline_text=deadline.text if deadline else "",
            deadline=deadline.date if deadline else None,
            deadline_rule=deadline.rule if deadline else "",
            refers_to_paragraph=int(refers.group(1)) if refers else None,
        ))
    return drafts
