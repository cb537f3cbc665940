"""Every deadline in the words of a clause or paragraph, with its body, session, date and recipient.

A session ("at its fourteenth session", "to the twenty-eighth session of the Economic and Social
Council", "à sa cinquante-quatrième session", "en su quincuagésimo cuarto período de sesiones", "at
this special session", "at its next session", "at its substantive session of 2010") resolves to the
session's opening date in the body's calendar (``data/sessions/``), with the precision the calendar
knows. A period ("in December 1966", "in the first half of 2011", "by 2015", "before the end of 2010")
resolves to its last day. A recurring obligation ("at each annual session", "annually", "biennially",
"every two years") gets its first due date (the recipient's next session) and its period.
"""
import calendar as _calendar
import datetime
import re
from dataclasses import dataclass, field, replace

from .. import reference
from . import calendar
from .bodies import Named, named
from .ordinals import EN_ORDINAL_RE, ES_ORDINAL_RE, FR_ORDINAL_RE, ordinal


@dataclass(frozen=True)
class SessionRef:
    body: str
    number: int
    kind: str = "regular"


@dataclass
class DeadlineContext:
    """What a paragraph's words need from the rest of the text: the adopting body and date, the
    resolution's own session ("this session"), and what earlier paragraphs named (the last special
    session, the commissions) — call :meth:`observe` with each paragraph, in order."""

    body: str
    adopted: datetime.date
    session: SessionRef | None = None
    last_special: SessionRef | None = None
    bodies: tuple[str, ...] = ()
    events: dict = field(default_factory=dict)  # "special one-day high-level meeting" -> its Deadline

    @classmethod
    def for_resolution(cls, *, body: str, adopted: datetime.date, symbol: str = "") -> "DeadlineContext":
        return cls(body=body, adopted=adopted, session=session_from_symbol(symbol, body))

    def observe(self, text: str, found: list["Deadline"] | None = None) -> None:
        codes = [n.code for n in named(text, self.body, self.bodies) if not n.reference]
        self.bodies = tuple(self.bodies + tuple(codes))[-12:]
        for deadline in found if found is not None else find_deadlines(text, self):
            if deadline.session and deadline.session.kind == "special":
                self.last_special = deadline.session
            event = EVENT_AFTER_RE.match(text, deadline.end) if deadline.date and not deadline.body else None
            if event:  # "to convene in the second quarter of 2010 a special one-day high-level meeting"
                self.events[event.group(1).lower()] = deadline


def session_from_symbol(symbol: str, body: str = "") -> SessionRef | None:
    """'A/RES/S-20/2' -> GA special session 20; 'A/RES/64/179' -> GA 64; 'E/RES/2009/23' -> the
    Council's session of 2009; CND or CCPCJ '52/1' -> session 52."""
    symbol = (symbol or "").strip().upper()
    if m := re.match(r"^A/RES/S-(\d{1,2})/", symbol):
        return SessionRef("GA", int(m.group(1)), "special")
    if (m := re.match(r"^A/RES/\d{1,4}\s*\((S-|ES-)?([IVXLC]+)\)", symbol)) and _roman(m.group(2)):
        kind = {"S-": "special", "ES-": "emergency special"}.get(m.group(1) or "", "regular")
        return SessionRef("GA", _roman(m.group(2)), kind)  # 'A/RES/211(III)A': the third session
    if m := re.match(r"^A/RES/(\d{1,3})/", symbol):
        return SessionRef("GA", int(m.group(1)))
    if (m := re.match(r"^E/RES/\d{4}/\d+\s*[A-Z]?\s*\((S-)?([IVXLC]+)\)", symbol)) and _roman(m.group(2)):
        return SessionRef("ECOSOC", _roman(m.group(2)), "special" if m.group(1) else "regular")
    if m := re.match(r"^E/RES/(\d{4})/", symbol):
        year = int(m.group(1))
        kind = "annual" if year >= 2014 else "substantive" if year >= 1992 else "second regular"
        return SessionRef("ECOSOC", year, kind)
    if body in ("CND", "CCPCJ", "COP-UNTOC", "COSP-UNCAC") and (m := re.search(r"(?:^|[\s/])(\d{1,2})/\d{1,3}\s*[A-Z]?$", symbol)):
        return SessionRef(body, int(m.group(1)))
    return None


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, char in enumerate(text):
        value = values[char]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total or None


@dataclass
class Deadline:
    text: str  # the words as printed
    date: datetime.date | None
    body: str = ""  # the body whose session it is
    rule: str = ""  # how the words were read as a date
    precision: int = 0  # rank: 5 a day given, 4 a session's day, 3 a month, 2 a half-year, 1 a year
    position: int = 0
    session: SessionRef | None = None
    date_precision: str = ""  # "day" | "month" | "year" | ""
    recipient: str = ""  # the body the report goes to
    recurrence: str = ""  # "" | "session" | "annual" | "biennial" | "every N years" | "periodic"
    period_months: int | None = None
    end: int = 0

    @property
    def recipient_name(self) -> str:
        return reference.body_name(self.recipient) if self.recipient else ""


MONTHS_EN = [m.lower() for m in _calendar.month_name[1:]]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]
MONTH_NUMBER = {name: i + 1 for names in (MONTHS_EN, MONTHS_FR, MONTHS_ES) for i, name in enumerate(names)}
MONTH_RE = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
BY = (r"(?:by|before|in|during|not later than|no later than|until|by the end of|before the end of|at the end of|"
      r"d'ici (?:à |a |la fin de )?|avant (?:la fin de )?|en|au plus tard en|para|antes de(?: fines de| finales de)?|"
      r"a más tardar en|hasta)")
KIND_WORDS = {"reconvened": "reconvened", "resumed": "reconvened", "special": "special", "regular": "regular",
              "substantive": "substantive", "organizational": "organizational", "extraordinaire": "special",
              "ordinaire": "regular", "extraordinario": "special", "emergency special": "emergency special"}
EN_KIND = r"(?:reconvened|resumed|special|regular|substantive|emergency special)"

# "at its fourteenth session", "at its reconvened fiftieth session", "to the twenty-eighth session of ..."
EN_SESSION = re.compile(
    rf"\b(?:(?:at|during|to|for|before|by|until|in|on)\s+)?(?P<det>its|their|the|this|that)\s+"
    rf"(?:(?P<k1>{EN_KIND})\s+)?(?P<ord>{EN_ORDINAL_RE})\s+(?:(?P<k2>{EN_KIND})\s+)?session\b", re.I)
FR_SESSION = re.compile(
    rf"\b(?:(?:à|a|lors de|pour|avant)\s+)?(?:(?P<k1>la reprise de)\s+)?(?P<det>sa|leur|la)\s+(?P<ord>{FR_ORDINAL_RE})\s+"
    r"session(?:\s+(?P<k2>extraordinaire|ordinaire))?\b", re.I)
ES_SESSION = re.compile(
    rf"\b(?:(?:en|para|antes de|durante)\s+)?(?:(?P<k1>la continuación de)\s+)?(?P<det>su|el|del)\s+"
    rf"(?P<ord>{ES_ORDINAL_RE})\s+per[ií]odo\s+(?:(?P<k2>extraordinario)\s+)?de\s+sesiones\b", re.I)
NEXT_SESSION = re.compile(
    r"\b(?:at|to|for|à|a|en)\s+(?:its|their|sa|leur|su)\s+(?:next|forthcoming|prochaine|próximo|proximo)\s+"
    r"(?:(?:regular|substantive|ordinaire)\s+)?(?:session|período de sesiones|periodo de sesiones)\b", re.I)
THIS_SESSION = re.compile(
    r"\b(?:at|during|to|for|à|a|en)\s+(?:this|that|the present|the current|the said|cette|la présente|"
    r"este|el presente)\s+(?P<special>special\s+|extraordinaire\s+)?(?:session|período (?:extraordinario )?de sesiones)"
    r"(?:\s+(?P<special2>extraordinaire))?\b(?!\s+(?:of|for)\s+\d)", re.I)
# "a special session of the Commission ... in 1970", "its regular session scheduled for 1975", "a special session of
# ten working days in 1988": the body's session of that kind in that year
SESSION_IN_YEAR = re.compile(
    r"\b(?:(?:at|to|for|in|hold|convene)\s+)?(?:a|an|its|their|one|the)\s+(?:(?P<kind>special|regular|reconvened)\s+)?"
    r"session(?P<mid>[^;.:]{0,80}?)\b(?:in|for|scheduled for|during|early in|as possible in)\s+(?:(?P<month>"
    + "|".join(m for m in _calendar.month_name[1:]) + r")\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)")
EVENT_WORDS = r"(?:meeting|conference|congress|summit|event|forum|debate|dialogue)"
EVENT_AFTER_RE = re.compile(rf"\s*,?\s*(?:an?|the)\s+((?:[\w-]+\s+){{0,5}}?{EVENT_WORDS})\b", re.I)
EVENT_REF_RE = re.compile(rf"\b(?:during|at|before|by|for|to|on the occasion of)\s+(?:the|that|this)\s+"
                          rf"((?:[\w-]+\s+){{0,5}}?{EVENT_WORDS})\b", re.I)
# "at the Twelfth United Nations Congress on Crime Prevention and Criminal Justice"
CONGRESS_RE = re.compile(
    rf"\b(?:(?:at|to|before|for|by|during)\s+)?the\s+(?P<ord>{EN_ORDINAL_RE})\s+(?:United\s+Nations\s+)?Congress\s+on\s+"
    r"(?:Crime\s+Prevention\s+and\s+Criminal\s+Justice|the\s+Prevention\s+of\s+Crime\s+and\s+the\s+Treatment\s+of\s+"
    r"Offenders)", re.I)
PLURAL_SESSIONS = re.compile(r"\b(?:at|to|for)\s+their\s+(?:respective\s+)?(?:next\s+|forthcoming\s+)?sessions\b"
                             r"(?!\s+(?:of|in)\s+\d)", re.I)
YEAR_SESSION = re.compile(
    r"\b(?:at|during|to|for)\s+(?:its|their|the)\s+(?:(?P<kind>substantive|organizational|first regular|second regular|"
    r"regular|resumed substantive)\s+)?session\s+(?:of|for|in)\s+(?P<year>\d{4})\b"
    r"|\b(?:at|during|to|for)\s+(?:its|their|the)\s+(?P<year2>\d{4})\s+(?:(?P<kind2>substantive|organizational)\s+)?session\b",
    re.I)
RECURRENCE = [
    (re.compile(r"\b(?:at|to)\s+(?:each|every)\s+(?:of\s+)?(?:its|their)?\s*(?:annual|regular|future)?\s*sessions?\b"
                r"|\bat\s+(?:its|their)\s+(?:annual|regular)\s+sessions\b"
                r"|\bà chacune de ses sessions(?: annuelles)?\b|\ben cada uno de sus períodos de sesiones\b", re.I),
     "session", 12),
    (re.compile(r"\b(?:annually|each year|every year|on an annual basis|yearly|chaque année|tous les ans|annuellement|"
                r"anualmente|cada año)\b", re.I), "annual", 12),
    (re.compile(r"\b(?:biennially|every two years|every second year|every other year|on a biennial basis|"
                r"tous les deux ans|cada dos años|bienalmente)\b", re.I), "biennial", 24),
    (re.compile(r"\bevery (three|four|five) years\b|\btous les (trois|quatre|cinq) ans\b|\bcada (tres|cuatro|cinco) años\b",
                re.I), "every N years", None),
    (re.compile(r"\b(?:on a regular basis|periodically|régulièrement|periódicamente)\b", re.I), "periodic", None),
]
N_YEARS = {"three": 3, "four": 4, "five": 5, "trois": 3, "quatre": 4, "cinq": 5, "tres": 3, "cuatro": 4, "cinco": 5}
RANK = {"day": 4, "month": 3, "year": 2, "": 0}


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, _calendar.monthrange(year, month)[1])


def _last_day(value: calendar.PartialDate) -> datetime.date:
    if value.day:
        return value.first_day
    return _month_end(value.year, value.month or 12)


def _dates(text: str):
    """Deadlines given as days, months, quarters, half-years and years."""
    for m in re.finditer(rf"\b(?:by|before|on|until|not later than|no later than|d'ici (?:au |le )?|avant le|le|"
                         rf"para el|antes del|a más tardar el)\s+(?:the\s+)?(\d{{1,2}})(?:er)?\s+(?:de\s+)?"
                         rf"({MONTH_RE})\s+(?:de\s+)?(\d{{4}})", text, re.I):
        try:
            day = datetime.date(int(m.group(3)), MONTH_NUMBER[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            continue
        yield Deadline(m.group(0), day, rule="the day given", precision=5, position=m.start(), date_precision="day")
    for m in re.finditer(rf"\b{BY}\s+({MONTH_RE})\s+(?:de\s+)?(\d{{4}})", text, re.I):
        month = MONTH_NUMBER[m.group(1).lower()]
        yield Deadline(m.group(0), _month_end(int(m.group(2)), month), rule="last day of the month",
                       precision=3, position=m.start(), date_precision="month")
    for m in re.finditer(r"\b(?:in|by|during|before|by the end of|before the end of)\s+the\s+"
                         r"(first|second|third|fourth|last)\s+quarter\s+of\s+(\d{4})", text, re.I):
        quarter = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}[m.group(1).lower()]
        yield Deadline(m.group(0), _month_end(int(m.group(2)), quarter * 3), rule="last day of the quarter",
                       precision=2, position=m.start(), date_precision="month")
    for m in re.finditer(r"\b(?:in|by|during|before|by the end of|before the end of)\s+the\s+"
                         r"(first|second)\s+half\s+of\s+(\d{4})", text, re.I):
        month = 6 if m.group(1).lower() == "first" else 12
        yield Deadline(m.group(0), _month_end(int(m.group(2)), month), rule="last day of the half-year",
                       precision=2, position=m.start(), date_precision="month")
    for m in re.finditer(r"\bby\s+(?:the\s+)?(mid-|middle of |end of |close of )\s*(\d{4})\b", text, re.I):
        month = 6 if m.group(1).lower().startswith("mid") else 12
        yield Deadline(m.group(0), _month_end(int(m.group(2)), month), rule="middle or end of the year",
                       precision=2, position=m.start(), date_precision="month")
    for m in re.finditer(rf"\b{BY}\s+(\d{{4}})\b(?!\s*[-–/]\s*\d)", text, re.I):
        yield Deadline(m.group(0), datetime.date(int(m.group(1)), 12, 31), rule="end of the year",
                       precision=1, position=m.start(), date_precision="year")


def _session_deadline(words: str, start: int, ref: SessionRef, note: str = "") -> Deadline:
    resolved = calendar.resolve(ref.body, ref.number, ref.kind)
    return Deadline(words, resolved.date, body=ref.body, rule=(note + resolved.rule).strip(),
                    precision=RANK[resolved.precision], position=start, session=ref,
                    date_precision=resolved.precision, recipient=ref.body, end=start + len(words))


def _sessions(text: str, ctx: DeadlineContext, bodies: list[Named]):
    def body_before(pos: int) -> str:
        earlier = [n.code for n in bodies if n.start < pos and not n.reference]
        return earlier[-1] if earlier else ctx.body

    def body_after(end: int) -> tuple[str, int]:
        m = re.compile(r"\s+(?:of|de|del|du)\s+(?:the\s+|la\s+|l'|el\s+)?").match(text, end)
        if not m:
            return "", end
        after = next((n for n in bodies if m.end() - 5 <= n.start <= m.end() + 1), None)
        return (after.code, after.end) if after else ("", end)

    for pattern in (EN_SESSION, FR_SESSION, ES_SESSION):
        for m in pattern.finditer(text):
            number = ordinal(m.group("ord"))
            if number is None:
                continue
            words = " ".join((m.group("k1") or "", m.group("k2") or "")).lower().strip()
            kind = next((v for k, v in KIND_WORDS.items() if k in words), "regular")
            if "reprise" in words or "continuación" in words:
                kind = "reconvened"
            code, end = body_after(m.end())
            code = code or body_before(m.start())
            if kind == "reconvened" and code in ("GA", "ECOSOC"):
                kind = "regular"  # a resumed part of the Assembly's session: its opening date
            yield _session_deadline(text[m.start():end], m.start(), SessionRef(code, number, kind))
    for m in CONGRESS_RE.finditer(text):
        number = ordinal(m.group("ord"))
        if number is not None:
            yield _session_deadline(m.group(0), m.start(), SessionRef("CONGRESS", number))
    for m in SESSION_IN_YEAR.finditer(text):
        if re.search(r"\bsession\b", m.group("mid")) or re.match(r"\s*(?:of|for)\s+\d{4}", m.group("mid") + " "):
            continue
        code, _end = body_after(m.start() + m.group(0).index("session") + len("session"))
        code = code or body_before(m.start())
        year, kind = int(m.group("year")), (m.group("kind") or "").lower() or None
        session = calendar.in_year(code, year, kind, ctx.adopted)
        if session is None:
            day = datetime.date(year, MONTH_NUMBER[m.group("month").lower()] if m.group("month") else 1, 1)
            yield Deadline(m.group(0), day, body=code, rule=f"{reference.body_name(code)}: a session in {year}, "
                           "not in the calendar", precision=1, position=m.start(),
                           date_precision="month" if m.group("month") else "year", recipient=code, end=m.end())
            continue
        yield _session_deadline(m.group(0), m.start(), SessionRef(code, session.number, session.kind))
    for m in PLURAL_SESSIONS.finditer(text):  # "to the two Commissions ... at their sessions to be held in 2011"
        codes = list(dict.fromkeys(n.code for n in bodies if n.start < m.start() and not n.reference))[-2:]
        when = next((d for d in _dates(text[m.end():m.end() + 60])), None)
        for code in codes or [ctx.body]:
            if when is not None:
                words = text[m.start():m.end() + when.position + len(when.text)]
                yield Deadline(words, when.date, body=code, rule=f"{when.rule} (“{when.text}”)",
                               precision=when.precision, position=m.start(), date_precision=when.date_precision,
                               recipient=code, end=m.start() + len(words))
                continue
            resolved = calendar.next_session(code, ctx.adopted)
            yield Deadline(m.group(0), resolved.date, body=code, rule=resolved.rule,
                           precision=RANK[resolved.precision], position=m.start(),
                           date_precision=resolved.precision, recipient=code, end=m.end())
    for m in NEXT_SESSION.finditer(text):
        code = body_before(m.start())
        resolved = calendar.next_session(code, ctx.adopted)
        yield Deadline(m.group(0), resolved.date, body=code, rule=resolved.rule, precision=RANK[resolved.precision],
                       position=m.start(), date_precision=resolved.precision, recipient=code, end=m.end(),
                       session=SessionRef(code, resolved.session.number, resolved.session.kind)
                       if resolved.session else None)
    for m in YEAR_SESSION.finditer(text):
        code = body_before(m.start())
        year = int(m.group("year") or m.group("year2"))
        kind = (m.group("kind") or m.group("kind2") or "").lower().replace("resumed ", "")
        if code == "ECOSOC" and year >= 1992 and kind in ("", "regular"):
            kind = "annual" if year >= 2014 else "substantive"
        if code == "ECOSOC" and year >= 1978 and kind not in ("", "regular"):
            yield _session_deadline(m.group(0), m.start(), SessionRef(code, year, kind))
            continue
        session = calendar.in_year(code, year, None if kind in ("", "regular") else kind, ctx.adopted)
        if session is not None:  # "the Commission at its session of 1975": the one held that year
            yield _session_deadline(m.group(0), m.start(), SessionRef(code, session.number, session.kind))
        else:
            yield Deadline(m.group(0), datetime.date(year, 1, 1), body=code, rule=f"{reference.body_name(code)}: "
                           f"a session in {year}, not in the calendar", precision=1, position=m.start(),
                           date_precision="year", recipient=code, end=m.end())
    for m in THIS_SESSION.finditer(text):
        special = bool(m.group("special") or m.group("special2")) or "extraordinario" in m.group(0).lower()
        own = ctx.session if ctx.session and (not special or ctx.session.kind == "special") else None
        ref = own or (ctx.last_special if special else None)
        if ref is None:
            continue
        note = "the session that adopted the text: " if ref == ctx.session else "the special session named earlier: "
        yield _session_deadline(m.group(0), m.start(), ref, note)


def _events(text: str, ctx: DeadlineContext):
    """"During the special one-day high-level meeting": the meeting an earlier paragraph convened."""
    for m in EVENT_REF_RE.finditer(text):
        words = set(m.group(1).lower().split())
        best = max(ctx.events.items(), key=lambda item: len(words & set(item[0].split())), default=None)
        if best is None or best[0].split()[-1] != m.group(1).lower().split()[-1] or len(
                words & set(best[0].split())) < min(2, len(words)):
            continue
        earlier = best[1]
        yield Deadline(m.group(0), earlier.date, rule=f"the {best[0]} of an earlier paragraph: “{earlier.text}”",
                       precision=earlier.precision, position=m.start(), date_precision=earlier.date_precision,
                       end=m.end())


def _recurring(text: str, ctx: DeadlineContext, bodies: list[Named], sessions: list[Deadline]):
    for pattern, kind, months in RECURRENCE:
        for m in pattern.finditer(text):
            if kind == "every N years":
                n = N_YEARS[next(g for g in m.groups() if g).lower()]
                label, months = f"every {n} years", 12 * n  # as in Obligation.recurrence
            else:
                label = kind
            named_before = [n.code for n in bodies if n.start < m.start() and not n.reference]
            named_after = [n.code for n in bodies if n.start > m.end() and not n.reference]
            recipient = (named_before or named_after or [ctx.body])[-1 if named_before else 0]
            first = next((s for s in sessions if s.date is not None and abs(s.position - m.start()) < 160), None)
            if first is not None:
                yield Deadline(m.group(0), first.date, body=first.body, rule=f"first due: {first.text} ({first.rule})",
                               precision=first.precision, position=m.start(), session=first.session,
                               date_precision=first.date_precision, recipient=first.recipient or recipient,
                               recurrence=label, period_months=months, end=m.end())
                continue
            resolved = calendar.next_session(recipient, ctx.adopted)
            yield Deadline(m.group(0), resolved.date, body=recipient,
                           rule=f"first due at the next session of the {reference.body_name(recipient)}: {resolved.rule}",
                           precision=RANK[resolved.precision], position=m.start(),
                           date_precision=resolved.precision, recipient=recipient, recurrence=label,
                           period_months=months, end=m.end(),
                           session=SessionRef(recipient, resolved.session.number, resolved.session.kind)
                           if resolved.session else None)


def _recipient(deadline: Deadline, bodies: list[Named], ctx: DeadlineContext) -> str:
    before = [n.code for n in bodies if n.start < deadline.position and not n.reference]
    after = [n.code for n in bodies if n.start > deadline.position and not n.reference]
    return before[-1] if before else after[0] if after else ctx.body


def _is_past(deadline: Deadline, ctx: DeadlineContext) -> bool:
    if deadline.date is None or deadline.date >= ctx.adopted:
        return False
    if deadline.session is not None:
        if deadline.session == ctx.session or deadline.recurrence:
            return False
        session = calendar.find(deadline.session.body, deadline.session.number, deadline.session.kind)
        closes = session.closes if session else None
        if closes is not None and _last_day(closes) >= ctx.adopted:
            return False  # the session was still meeting when the text was adopted
        if deadline.date_precision == "year" and deadline.date.year == ctx.adopted.year:
            return False
        if deadline.date_precision == "month" and (deadline.date.year, deadline.date.month) == (
                ctx.adopted.year, ctx.adopted.month):
            return False
    return True


def find_deadlines(text: str, context: DeadlineContext) -> list[Deadline]:
    """Every deadline in the text, in the order printed, each with its recipient; references to
    the past ("adopted at its eighteenth session, held in April 2009") are left out, and a date that
    only says when a named session meets ("at its nineteenth session, to be held in May 2010") is
    part of that session's deadline."""
    bodies = named(text, context.body, context.bodies)
    sessions = [d for d in _sessions(text, context, bodies)]
    found = sessions + list(_dates(text)) + list(_events(text, context))
    found += list(_recurring(text, context, bodies, [s for s in sessions if not _is_past(s, context)]))
    found.sort(key=lambda d: (d.position, -len(d.text)))
    kept: list[Deadline] = []
    for deadline in found:
        deadline.end = deadline.end or deadline.position + len(deadline.text)
        if any(k.position <= deadline.position < k.end and not deadline.recurrence and not k.recurrence
               and not (deadline.body and k.body and deadline.body != k.body) for k in kept):
            continue  # inside a longer phrase already kept ("in 2011" inside "the session of 2011")
        if _is_past(deadline, context):
            continue
        if not deadline.body and not deadline.recurrence:
            session = next((k for k in reversed(kept) if k.body and not k.recurrence), None)
            gap = text[session.end:deadline.position] if session else ""
            if session and len(gap) < 80 and not re.search(r"[;.]|\band\b|\bet\b|\by\b", gap):
                if session.date is None or session.precision < deadline.precision:
                    session.date, session.rule = deadline.date, f"{session.rule}; the text gives “{deadline.text}”"
                    session.date_precision = deadline.date_precision
                continue  # "at its twenty-first session in December 1966": when that session meets
        if deadline.recurrence:
            first = next((k for k in kept if k.session and deadline.session == k.session), None)
            if first is not None:
                kept.remove(first)  # "annually, at its sessions from the fifty-fourth": one recurring deadline
        if not deadline.recipient:
            deadline.recipient = _recipient(deadline, bodies, context)
        kept.append(deadline)
    return [replace(d) for d in kept]


def find_deadline(text: str, *, body: str, on: datetime.date, named: list | None = None,
                  context: DeadlineContext | None = None) -> Deadline | None:
    """The single most precise deadline of the text (kept for older callers; see ``find_deadlines``)."""
    context = context or DeadlineContext(body=body, adopted=on)
    best = None
    for candidate in find_deadlines(text, context):
        key = (candidate.date is not None, candidate.precision, -candidate.position)
        if best is None or key > (best.date is not None, best.precision, -best.position):
            best = candidate
    return best


__all__ = ["DeadlineContext", "Deadline", "SessionRef", "find_deadlines", "find_deadline", "session_from_symbol"]
