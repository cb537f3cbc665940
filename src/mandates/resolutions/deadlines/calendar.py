"""The session calendars of the governing bodies, read from ``data/sessions/<body>.csv``.

Each row is one session: its body, number (a year for the Council's sessions since 1978), kind
(regular, special, reconvened, resumed, substantive, organizational, first regular, second regular,
annual, emergency special), part, opening and closing dates, place, source and whether the date was
checked against that source. An opening date is stored as precisely as it is known: ``1958-04-28``
(day), ``1959-04`` (month) or ``1972`` (year); :class:`Session` keeps that precision.
See ``data/README.md`` for how to add a session.
"""
import csv
import datetime
from dataclasses import dataclass
from functools import lru_cache

from .. import reference

SESSIONS_DIR = reference.DATA_DIR / "sessions"
KINDS = ("regular", "special", "emergency special", "reconvened", "resumed", "substantive", "organizational",
         "first regular", "second regular", "annual")
PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: str) -> "PartialDate":
        parts = value.strip().split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"“{value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        numbers = [int(p) for p in parts]
        datetime.date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
        return cls(*numbers)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class Session:
    body: str
    number: int
    kind: str
    part: str
    opens: PartialDate
    closes: PartialDate | None
    place: str
    source: str
    checked: bool

    @property
    def label(self) -> str:
        name = reference.body_name(self.body)
        if self.kind in ("substantive", "organizational", "first regular", "second regular"):
            return f"{name}, {self.kind} session of {self.number}"
        if self.kind == "annual":
            return f"{name}, {self.number} session"
        kind = "" if self.kind == "regular" else f"{self.kind} "
        part = f" (part {self.part})" if self.part else ""
        return f"{name}, {kind}session {self.number}{part}"


@lru_cache(maxsize=1)
def sessions() -> tuple[Session, ...]:
    """Every session of every calendar file, in file order. A broken row says file and line."""
    out = []
    for path in sorted(SESSIONS_DIR.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    if row["kind"] not in KINDS:
                        raise ValueError(f"unknown kind “{row['kind']}”")
                    out.append(Session(
                        body=row["body"], number=int(row["session"]), kind=row["kind"], part=row["part"] or "",
                        opens=PartialDate.parse(row["opens"]),
                        closes=PartialDate.parse(row["closes"]) if row["closes"] else None,
                        place=row["place"], source=row["source"].strip(), checked=row["checked"] == "yes",
                    ))
                except (ValueError, KeyError, TypeError) as exc:
                    raise ValueError(f"{path.name} line {line}: {exc}") from exc
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, int, str], Session]:
    index: dict[tuple[str, int, str], Session] = {}
    for session in sessions():
        index.setdefault((session.body, session.number, session.kind), session)  # part 1 first
    return index


def find(body: str, number: int, kind: str = "regular") -> Session | None:
    return _index().get((body, number, kind))


def last_number(body: str, kind: str = "regular") -> int | None:
    numbers = [s.number for s in sessions() if s.body == body and s.kind == kind]
    return max(numbers) if numbers else None


@dataclass(frozen=True)
class Resolved:
    date: datetime.date | None
    precision: str  # "day" | "month" | "year" | ""
    rule: str
    session: Session | None = None


def resolve(body: str, number: int, kind: str = "regular") -> Resolved:
    """The opening date of a session: from its calendar file, else (for a session after the last one
    listed) the body's rule in ``bodies.csv``."""
    session = find(body, number, kind)
    if session is not None:
        how = "checked against" if session.checked else "from"
        return Resolved(session.opens.first_day, session.opens.precision,
                        f"opening of {session.label} ({session.opens}), {how}: {session.source}", session)
    info = reference.bodies().get(body)
    last = last_number(body, kind)
    if kind == "reconvened":
        regular = resolve(body, number)
        if regular.date is not None:
            return Resolved(datetime.date(regular.date.year, 12, 1), "month",
                            "derived: a reconvened session meets in December of its session's year")
    if (kind == "regular" and info is not None and info.session_first_year and info.session_month
            and (last is None or number > last)):
        return Resolved(datetime.date(info.session_first_year + number, info.session_month, 1), "month",
                        f"derived: {info.session_rule}")
    if last is not None and number <= last:
        return Resolved(None, "", f"{reference.body_name(body)}: no {kind} session {number} in the calendar")
    return Resolved(None, "", f"{reference.body_name(body)} has no calendar for {kind} sessions")


def in_year(body: str, year: int, kind: str | None = None, after: datetime.date | None = None) -> Session | None:
    """The body's session of that kind (any kind, regular first, when none is given) opening in that
    year — the first one after ``after`` when several do."""
    found = [s for s in sessions() if s.body == body and s.opens.year == year and (kind is None or s.kind == kind)
             and s.part in ("", "1")]
    if after is not None and any(s.opens.first_day > after for s in found):
        found = [s for s in found if s.opens.first_day > after]
    found.sort(key=lambda s: (s.kind != "regular", s.opens.first_day))
    return found[0] if found else None


def next_session(body: str, after: datetime.date, kinds=("regular", "substantive", "annual")) -> Resolved:
    """The first session of the body opening after a date (its "next session")."""
    listed = sorted((s for s in sessions() if s.body == body and s.kind in kinds and s.opens.first_day > after
                     and s.part in ("", "1")), key=lambda s: s.opens.first_day)
    if listed:
        s = listed[0]
        return Resolved(s.opens.first_day, s.opens.precision,
                        f"next session after {after:%d %B %Y}: {s.label} ({s.opens}); source: {s.source}", s)
    info = reference.bodies().get(body)
    if info is None or info.session_month is None:
        return Resolved(None, "", f"{reference.body_name(body)} has no calendar")
    year = after.year if after < datetime.date(after.year, info.session_month, 1) else after.year + 1
    return Resolved(datetime.date(year, info.session_month, 1), "month", f"derived: {info.session_rule}")


def session_date(body_code: str, number: int, part: str = "") -> tuple[datetime.date | None, str]:
    """Kept for older callers: (date, rule) of session ``number``; ``part`` is a kind such as
    "reconvened" or "special" ("" for a regular session)."""
    resolved = resolve(body_code, number, part or "regular")
    return resolved.date, resolved.rule
