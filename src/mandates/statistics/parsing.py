"""Reading statistics files: layout detection and one parser per layout.

Each parser yields ``Record``s (one value each, with the line it came from) and collects
line-numbered problems; nothing here touches the database. Layouts:

- ``cts``: the UNODC Data Portal long export (Iso3_code ... VALUE, Source), CSV or Excel, any
  column order; newer exports of the same portal with extra columns are read by column name.
- ``owid``: an Our World in Data grapher export (Entity, Code, Year, one value column).
- ``gsh_country`` / ``gsh_region``: the Global Study on Homicide 2019 annex, wide by year.
"""
import csv
import io
import operator
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _

from mandates.core import uploads

from .models.series import COUNTS, RATE

DATA = Path(__file__).parent / "data"
PERCENT = "Percentage of total persons held"
UNITS = {COUNTS, RATE, PERCENT}
MAX_ERRORS = 50

CTS_COLUMNS = ["iso3 code", "country", "region", "subregion", "indicator", "dimension", "category", "sex", "age",
               "year", "unit of measurement", "value", "source"]
OWID_COLUMNS = ["entity", "code", "year"]
GSH_COUNTRY = ["country", "region", "subregion", "indicator"]
GSH_REGION = ["level", "region/subregion", "indicator"]


@dataclass(frozen=True)
class Record:
    line: int
    area_code: str  # ISO3 / special code; "" when only a name is given
    area_name: str
    region: str
    subregion: str
    series: tuple  # (collection, indicator, dimension, category, sex, age, unit)
    year: int
    text: str
    value: Decimal
    source: str
    aggregate_level: str = ""  # for published aggregates: World / Region / Subregion


class Problems:
    def __init__(self):
        self.errors: list[str] = []
        self.error_count = 0
        self.warnings: list[str] = []

    def error(self, line, message):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(_("line %(line)s: %(message)s") % {"line": line, "message": message} if line else message)

    def warn(self, message):
        self.warnings.append(message)


def _norm(cell) -> str:
    return re.sub(r"[\s_]+", " ", str(cell or "").replace("\ufeff", "")).strip().lower()


def _read_csv(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    yield from enumerate(uploads.limited(uploads.guarded_rows(csv.reader(io.StringIO(text, newline="")))), start=1)


def _read_xlsx(data: bytes):
    for number, row in enumerate(uploads.xlsx_rows(data), start=1):
        yield number, ["" if c is None else (str(int(c)) if isinstance(c, float) and c.is_integer() else str(c))
                       for c in row]


def rows_of(name: str, data: bytes):
    """(line number, cells) for each row of a CSV or Excel file."""
    if data[:4] == b"PK\x03\x04" or name.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def detect(header: list[str]) -> str | None:
    cells = [_norm(c) for c in header]
    names = {c for c in cells if c}
    if set(CTS_COLUMNS) <= names:
        return "cts"
    if cells[:3] == OWID_COLUMNS and len(cells) >= 4:
        return "owid"
    if cells[:4] == GSH_COUNTRY and all(re.fullmatch(r"\d{4}", c) for c in cells[4:] if c):
        return "gsh_country"
    if cells[:3] == GSH_REGION and all(re.fullmatch(r"\d{4}", c) for c in cells[3:] if c):
        return "gsh_region"
    return None


LAYOUT_NAMES = {
    "cts": "UN-CTS long format (UNODC Data Portal export)",
    "owid": "Our World in Data grapher export",
    "gsh_country": "Global Study on Homicide 2019 annex, countries",
    "gsh_region": "Global Study on Homicide 2019 annex, regional estimates",
}


@lru_cache(maxsize=1)
def cts_indicators() -> frozenset:
    with open(DATA / "cts_indicators.csv", encoding="utf-8") as handle:
        return frozenset(row["indicator"] for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def gsh_indicators() -> dict:
    with open(DATA / "gsh_indicators.csv", encoding="utf-8") as handle:
        return {row["name"]: ("gsh2019", row["indicator"], row["dimension"], row["category"], row["sex"],
                              row["age"], row["unit"]) for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def owid_columns() -> dict:
    with open(DATA / "owid_columns.csv", encoding="utf-8") as handle:
        return {_norm(row["column"]): ("owid", row["indicator"], row["dimension"], row["category"], row["sex"],
                                       row["age"], row["unit"]) for row in csv.DictReader(handle)}


def parse_number(text: str, unit: str, line: int, problems: Problems) -> Decimal | None:
    cleaned = text.strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        problems.error(line, _("the value %(v)r is not a number") % {"v": text})
        return None
    if not number.is_finite():
        problems.error(line, _("the value %(v)r is not a number") % {"v": text})
        return None
    if number < 0:
        problems.error(line, _("the value %(v)s is negative; a %(unit)s cannot be") % {"v": text, "unit": unit.lower()})
        return None
    if unit.startswith("Percentage") and number > 100:
        problems.error(line, _("the percentage %(v)s is above 100") % {"v": text})
        return None
    if number.adjusted() >= 15:
        problems.error(line, _("the value %(v)s is too large") % {"v": text})
        return None
    # More than 15 decimals needs 17 characters at least, or an exponent (as_tuple() on every value cost 10 %).
    if (len(cleaned) > 16 or "e" in cleaned or "E" in cleaned) and number.as_tuple().exponent < -15:
        number = number.quantize(Decimal("1e-15"))
    return number


def parse_year(text: str, line: int, problems: Problems) -> int | None:
    # str.isdecimal is exactly the regular expressions' \d (Unicode decimal digits), without a regex per cell.
    cleaned = text.strip()
    if len(cleaned) != 4 or not cleaned.isdecimal():
        problems.error(line, _("the year %(v)r is not a four-digit year") % {"v": text})
        return None
    return int(text)


def parse_cts(rows, header, problems):
    index = {}
    for position, cell in enumerate(header):
        index.setdefault(_norm(cell), position)
    extra = [c for c in header if _norm(c) and _norm(c) not in CTS_COLUMNS]
    if extra:
        problems.warn(_("columns not read: %s") % ", ".join(extra))
    known = cts_indicators()
    positions = [index[name] for name in CTS_COLUMNS]
    width = max(positions) + 1
    take = operator.itemgetter(*positions)  # the 13 cells in CTS_COLUMNS order, whatever the file's order
    series_of: dict[tuple, tuple] = {}  # one tuple per series, shared by its records
    for line, row in rows:
        if not "".join(row).strip():  # only blank cells (each cell stripped once, below)
            continue
        if len(row) < width:
            problems.error(line, _("%(n)s cells, %(w)s expected") % {"n": len(row), "w": width})
            continue
        (code, country, region, subregion, indicator, dimension, category, sex, age, year_text, unit, value_text,
         source) = [c.strip() for c in take(row)]
        if indicator not in known:
            problems.error(line, _("unknown indicator %(v)r") % {"v": indicator})
            continue
        if unit not in UNITS:
            problems.error(line, _("unknown unit of measurement %(v)r") % {"v": unit})
            continue
        if not code:
            problems.error(line, _("no Iso3_code"))
            continue
        year = parse_year(year_text, line, problems)
        value = parse_number(value_text, unit, line, problems)
        if year is None or value is None:
            continue
        key = (indicator, dimension, category, sex, age, unit)
        series = series_of.get(key)
        if series is None:
            series = series_of[key] = ("cts", *key)
        yield Record(line, code, country, region, subregion, series, year, value_text, value, source)


def parse_owid(rows, header, problems):
    columns = owid_columns()
    value_columns = []
    for position, cell in enumerate(header[3:], start=3):
        name = _norm(cell)
        if name in columns:
            value_columns.append((position, columns[name]))
        elif name == "world region according to owid":
            continue
        else:
            problems.error(1, _("unknown indicator column %(v)r") % {"v": cell})
    if not value_columns:
        return
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) < 4:
            problems.error(line, _("%(n)s cells, at least 4 expected") % {"n": len(row)})
            continue
        year = parse_year(row[2], line, problems)
        for position, series in value_columns:
            text = row[position].strip() if position < len(row) else ""
            if not text:
                continue
            value = parse_number(text, series[-1], line, problems)
            if year is None or value is None:
                continue
            code = row[1].strip()
            level = "aggregate" if (not code or code.startswith(("OWID_WRL", "UN_"))) else ""
            # OWID's own world regions are not M49: the M49 region comes from the geography app.
            yield Record(line, code, row[0].strip(), "", "", series, year, text, value, "OWID", level)


def _parse_wide(rows, header, problems, first_year_col, name_of, level_of):
    mapping = gsh_indicators()
    years = [(position, int(cell)) for position, cell in enumerate(header) if position >= first_year_col and cell.strip()]
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        name = row[first_year_col - 1].strip()
        series = mapping.get(name)
        if series is None:
            problems.error(line, _("unknown indicator %(v)r") % {"v": name})
            continue
        area_name, region, subregion = name_of(row)
        for position, year in years:
            text = row[position].strip() if position < len(row) else ""
            if not text:
                continue
            value = parse_number(text, series[-1], line, problems)
            if value is not None:
                yield Record(line, "", area_name, region, subregion, series, year, text, value,
                             "GSH 2019", level_of(row))


def parse_gsh_country(rows, header, problems):
    return _parse_wide(rows, header, problems, 4, lambda r: (r[0].strip(), r[1].strip(), r[2].strip()), lambda r: "")


def parse_gsh_region(rows, header, problems):
    return _parse_wide(rows, header, problems, 3, lambda r: (r[1].strip(), "", ""), lambda r: r[0].strip() or "Region")


PARSERS = {"cts": parse_cts, "owid": parse_owid, "gsh_country": parse_gsh_country, "gsh_region": parse_gsh_region}
COLLECTION = {"cts": "cts", "owid": "owid", "gsh_country": "gsh2019", "gsh_region": "gsh2019"}


def open_layout(name: str, data: bytes, problems: Problems):
    """Find the header and the layout; returns (layout, record iterator) or (None, None) with an error."""
    rows = rows_of(name, data)
    looked = []
    for line, row in rows:
        layout = detect(row)
        if layout and line == 1:
            return layout, PARSERS[layout](rows, row, problems)
        if layout:
            above = "; ".join(",".join(c for c in r if c) for r in looked)
            problems.error(line - 1 if line > 1 else 1, _(
                "%(n)s line(s) above the header (%(text)r); the header of a %(layout)s file is on line %(line)s. "
                "Remove the banner above it and import again.") % {
                "n": line - 1, "text": above[:120], "layout": LAYOUT_NAMES[layout], "line": line})
            return None, None
        looked.append(row)
        if line >= 5:
            break
    first = ",".join(looked[0])[:160] if looked else ""
    problems.error(1, _("not a recognised layout (header %(h)r). Expected one of: %(known)s.") % {
        "h": first, "known": "; ".join(LAYOUT_NAMES.values())})
    return None, None
