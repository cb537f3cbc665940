"""Reading treaty status files: the raw UN Treaty Collection format and the long CSV.

Both readers check the whole file and report every problem with its line number before anything
is written (``ValidationError({"file": [...]})``). They read the database (countries, participants)
but never write.

Raw UNTC format — three columns: ``Participant``, a signature column, a consent column. A date
such as ``25 Aug 2008 a`` carries a marker (``a`` accession, ``d`` succession, ``A`` acceptance,
``AA`` approval, ``c`` formal confirmation, ``s`` definitive signature); the column headers list the
markers they use (``Accession(a)``) and name the kind of an unmarked date (``Ratification``).

Long CSV — one row per participant and instrument: ``mtdsg_no``, ``participant``, ``iso3``,
``signature_date``, ``signature_note``, ``consent_date``, ``consent_type`` (ISO dates).
"""
import calendar
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from mandates.core import uploads
from mandates.geography.models import Country

from . import reference
from .models import EventKind

MAX_ERRORS = 50
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_name) if name})
_UNTC_DATE = re.compile(
    r"^(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4})"
    r"(?:\s+(?P<marker>[A-Za-z]{1,3}))?(?:\s*\[?[\d,\u00b9\u00b2\u00b3\u2070-\u2079]+\]?)?$"
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_HEADER_MARKER = re.compile(r"([^,()]+?)\s*\(\s*([A-Za-z]{1,3})\s*\)")
_DECLARATION_HEADER = re.compile(r"declaration|reservation", re.IGNORECASE)
LONG_COLUMNS = {"mtdsg_no", "participant", "signature_date", "consent_date", "consent_type"}


@dataclass(frozen=True)
class Target:
    """Who a participant name stands for: a State (country) or an organization."""

    code: str
    name: str
    country: Country | None = None

    @property
    def is_rei(self) -> bool:
        return self.country is None


@dataclass
class ParsedEvent:
    instrument: str
    participant: str  # Target.code
    kind: str
    date: date
    line: int
    text: str
    declarations: str = ""


@dataclass
class ParsedFile:
    filename: str
    format: str  # "untc" or "long"
    instruments: list[str] = field(default_factory=list)
    events: list[ParsedEvent] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)
    rows: int = 0


class Errors:
    """Line-numbered problems, raised together at the end."""

    def __init__(self, filename: str):
        self.filename, self.messages = filename, []

    def add(self, line: int | None, message: str) -> None:
        where = (gettext("%(file)s, line %(line)s: ") % {"file": self.filename, "line": line} if line
                 else f"{self.filename}: ")
        self.messages.append(where + message)

    def raise_if_any(self) -> None:
        if self.messages:
            shown = self.messages[:MAX_ERRORS]
            if len(self.messages) > MAX_ERRORS:
                shown.append(gettext("… and %(n)s more problems.") % {"n": len(self.messages) - MAX_ERRORS})
            raise ValidationError({"file": shown})


class Resolver:
    """Matches participant names to M49 countries (by name or alias) or to organizations."""

    def __init__(self):
        countries = list(Country.objects.only("pk", "name", "iso3", "m49_code"))
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_key = {reference.name_key(c.name): c for c in countries}
        self.organizations = reference.regional_organizations()
        self.org_by_key = {reference.name_key(name): code for code, name in self.organizations.items()}
        self.aliases = reference.aliases()

    def target_for_code(self, code: str) -> Target | None:
        code = (code or "").strip()
        if code.upper() in self.by_iso3:
            country = self.by_iso3[code.upper()]
            return Target(country.iso3, country.name, country)
        if code in self.organizations:
            return Target(code, self.organizations[code])
        return None

    def resolve(self, name: str) -> Target | None:
        key = reference.name_key(name)
        if not key:
            return None
        if key in self.by_key:
            country = self.by_key[key]
            return Target(country.iso3, country.name, country)
        if key in self.org_by_key:
            return self.target_for_code(self.org_by_key[key])
        if key in self.aliases:
            return self.target_for_code(self.aliases[key])
        return None


def parse_date(text: str) -> tuple[date, str]:
    """A date written ``25 Aug 2008 a`` or ``2008-08-25``: (date, marker). ValueError explains a refusal."""
    text = " ".join((text or "").replace("\u00a0", " ").split())
    iso = _ISO_DATE.match(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        marker = ""
    else:
        match = _UNTC_DATE.match(text)
        if not match:
            raise ValueError(gettext("“%(text)s” is not a date (expected e.g. 12 Dec 2000, 12 Dec 2000 a or 2000-12-12)")
                         % {"text": text})
        month = _MONTHS.get(match["month"].casefold().rstrip("."))
        if month is None and match["month"].casefold() == "sept":
            month = 9
        if month is None:
            raise ValueError(gettext("“%(text)s”: “%(month)s” is not a month") % {"text": text, "month": match["month"]})
        day, year, marker = int(match["day"]), int(match["year"]), match["marker"] or ""
    try:
        value = date(year, month, day)
    except ValueError:
        raise ValueError(gettext("“%(text)s” is an impossible date") % {"text": text}) from None
    if value > timezone.localdate():
        raise ValueError(gettext("“%(text)s” lies in the future") % {"text": text})
    if value.year < 1850:
        raise ValueError(gettext("“%(text)s” is too early for a treaty action") % {"text": text})
    return value, marker


def _decode(content: bytes | str, errors: Errors) -> str:
    if isinstance(content, str):
        return content.lstrip("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        errors.add(None, gettext("the file is not UTF-8 text (byte %(byte)s); save it as CSV UTF-8 and try again.")
                   % {"byte": exc.start})
        errors.raise_if_any()
        raise  # pragma: no cover - raise_if_any raised


def read_status_file(content: bytes | str, *, filename: str, instrument: str | None = None) -> ParsedFile:
    """Parse a status file of either format. ``instrument`` is required for the raw format
    (unless the file name is a UNTC one such as ``18-12-a.csv``) and narrows the long CSV to one instrument."""
    errors = Errors(filename)
    text = _decode(content, errors)
    rows = list(_rows(text))
    if not rows:
        errors.add(None, gettext("the file is empty."))
        errors.raise_if_any()
    header = [cell.strip() for cell in rows[0][1]]
    lowered = {cell.casefold() for cell in header}
    if LONG_COLUMNS <= lowered:
        parsed = _read_long(rows, header, filename, instrument, errors)
    elif header and header[0].casefold().startswith("participant") and len(header) >= 3:
        code = (instrument or "").strip() or reference.code_from_filename(filename)
        if not code:
            errors.add(None, gettext("say which instrument this status file is for (its code, e.g. XVIII-12)."))
            errors.raise_if_any()
        parsed = _read_untc(rows, header, filename, code, errors)
    else:
        errors.add(rows[0][0], gettext("the header is neither a UN Treaty Collection status file (Participant, "
                                       "signature, consent) nor the long CSV (mtdsg_no, participant, "
                                       "signature_date, consent_date, consent_type)."))
    errors.raise_if_any()
    if not parsed.events:
        errors.add(None, gettext("no treaty action (signature, ratification, accession ...) was found in the file."))
        errors.raise_if_any()
    return parsed


def _rows(text: str):
    """(line number, cells) for each non-blank CSV record; the number is the record's first line."""
    reader = csv.reader(io.StringIO(text))
    start = 1
    for cells in uploads.limited(uploads.guarded_rows(reader)):
        if any(cell.strip() for cell in cells):
            yield start, cells
        start = reader.line_num + 1


def _column_kinds(header_text: str, default: str) -> tuple[str, dict[str, str], bool]:
    """From a column header: the kind of an unmarked date, the markers it announces, and whether
    it announces definitive signatures."""
    vocab = reference.vocabulary()
    markers = dict(vocab.markers)
    announced_definitive = False
    for label, marker in _HEADER_MARKER.findall(header_text):
        kind = vocab.label_kind(label)
        if kind:
            markers[marker] = kind
            announced_definitive |= kind == EventKind.DEFINITIVE_SIGNATURE
    unmarked = default
    for part in _HEADER_MARKER.sub("", header_text).split(","):
        kind = vocab.label_kind(part) if part.strip() else None
        if kind:
            unmarked = kind
            break
    return unmarked, markers, announced_definitive


def _read_untc(rows, header, filename, code, errors: Errors) -> ParsedFile:
    resolver = Resolver()
    parsed = ParsedFile(filename=filename, format="untc", instruments=[code])
    columns = []  # (index, unmarked kind, markers)
    for index, default in ((1, EventKind.SIGNATURE), (2, EventKind.RATIFICATION)):
        unmarked, markers, definitive = _column_kinds(header[index], default)
        columns.append([index, unmarked, markers, definitive])
    declaration_columns = [i for i, text in enumerate(header) if i > 2 and _DECLARATION_HEADER.search(text)]
    # A header that announces definitive signatures whose marker never occurs: the marker was lost
    # (as in the 2015 scrape of the 1971 Convention), so an unmarked date may be either act.
    for column in columns:
        index, unmarked, markers, definitive = column
        definitive_markers = {m for m, k in markers.items() if k == EventKind.DEFINITIVE_SIGNATURE}
        used = any(
            len(cells) > index and cells[index].split() and cells[index].split()[-1] in definitive_markers
            for _, cells in rows[1:]
        )
        if definitive and not used and unmarked == EventKind.RATIFICATION:
            column[1] = EventKind.RATIFICATION_OR_DEFINITIVE_SIGNATURE
    seen: dict[str, int] = {}
    for line, cells in rows[1:]:
        parsed.rows += 1
        if len(cells) < 3:
            errors.add(line, gettext("expected 3 columns (participant, signature, consent), found %(n)s.")
                       % {"n": len(cells)})
            continue
        name = reference.clean_name(cells[0])
        if not name:
            errors.add(line, gettext("the participant's name is empty."))
            continue
        target = resolver.resolve(name)
        if target is None:
            errors.add(line, gettext("%(who)s is not a known State or organization (add its name to "
                                     "treaties/data/participant_aliases.csv).") % {"who": f"“{name}”"})
            continue
        if target.code in seen:
            errors.add(line, gettext("“%(name)s” already appears on line %(line)s.") % {"name": name, "line": seen[target.code]})
            continue
        seen[target.code] = line
        parsed.targets[target.code] = target
        declarations = "\n\n".join(cells[i].strip() for i in declaration_columns if i < len(cells) and cells[i].strip())
        kinds_here: set[str] = set()
        for index, unmarked, markers, _ in columns:
            raw = cells[index].strip()
            if not raw:
                continue
            try:
                when, marker = parse_date(raw)
            except ValueError as exc:
                errors.add(line, f"{header[index] or gettext('column %(n)s') % {'n': index + 1}}: {exc}.")
                continue
            if marker and marker not in markers:
                errors.add(line, gettext("“%(raw)s”: “%(marker)s” is not a known marker (a, d, A, AA, c, s).")
                           % {"raw": raw, "marker": marker})
                continue
            kind = markers[marker] if marker else unmarked
            if kind in kinds_here:
                errors.add(line, gettext("two %(kind)s dates for “%(name)s”.") % {"kind": kind.replace("_", " "), "name": name})
                continue
            kinds_here.add(kind)
            parsed.events.append(ParsedEvent(code, target.code, kind, when, line, raw,
                                             declarations if index == 2 else ""))
    return parsed


def _read_long(rows, header, filename, instrument, errors: Errors) -> ParsedFile:
    resolver = Resolver()
    vocab = reference.vocabulary()
    position = {name.casefold(): i for i, name in enumerate(header)}
    parsed = ParsedFile(filename=filename, format="long")
    seen: dict[tuple[str, str], int] = {}

    def cell(cells, column):
        i = position.get(column)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    codes_in_file = []
    for line, cells in rows[1:]:
        code = cell(cells, "mtdsg_no")
        if code and code not in codes_in_file:
            codes_in_file.append(code)
        if instrument and code != instrument:
            continue
        parsed.rows += 1
        if not code:
            errors.add(line, gettext("the instrument code (mtdsg_no) is empty."))
            continue
        name, iso3 = reference.clean_name(cell(cells, "participant")), cell(cells, "iso3")
        target = resolver.target_for_code(iso3) if iso3 else resolver.resolve(name)
        if target is None:
            shown = gettext("ISO code “%(code)s”") % {"code": iso3} if iso3 else f"“{name}”"
            errors.add(line, gettext("%(who)s is not a known State or organization (add its name to "
                                     "treaties/data/participant_aliases.csv).") % {"who": shown})
            continue
        if (code, target.code) in seen:
            errors.add(line, gettext("“%(name)s” already appears for %(code)s on line %(line)s.")
                       % {"name": name, "code": code, "line": seen[(code, target.code)]})
            continue
        seen[(code, target.code)] = line
        parsed.targets[target.code] = target
        if code not in parsed.instruments:
            parsed.instruments.append(code)
        for date_column, type_column, mapping, raw_column in (
            ("signature_date", "signature_note", vocab.long_signature, "raw_signature"),
            ("consent_date", "consent_type", vocab.long_consent, "raw_consent"),
        ):
            raw = cell(cells, date_column)
            if not raw:
                continue
            try:
                when, _ = parse_date(raw)
            except ValueError as exc:
                errors.add(line, f"{date_column}: {exc}.")
                continue
            kind = mapping.get(cell(cells, type_column))
            if kind is None:
                errors.add(line, gettext("%(column)s “%(value)s” is not a known kind of treaty action.")
                           % {"column": type_column, "value": cell(cells, type_column)})
                continue
            parsed.events.append(ParsedEvent(code, target.code, kind, when, line, cell(cells, raw_column) or raw))
    if instrument and not parsed.rows:
        listed = ", ".join(codes_in_file[:20]) or gettext("none")
        errors.add(None, gettext("no row for instrument %(code)s (the file has: %(listed)s).")
                   % {"code": instrument, "listed": listed})
    return parsed


def parse_as_of(text: str | None) -> date:
    """The ``as_of`` of a page or API call: a date such as 2009-05-31 (or 31 May 2009); empty means today."""
    if not text or not str(text).strip():
        return timezone.localdate()
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(gettext("“%(text)s” is not a date; write it as YYYY-MM-DD, e.g. 2009-05-31.") % {"text": text})
