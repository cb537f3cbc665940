"""The treaty app's reference data files (``treaties/data/``): instrument catalogue, participant
aliases, regional economic integration organizations and the UN Treaty Collection vocabulary.

Nothing here writes to the database; the files are read once per process.
"""
import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
RAW_DIR = DATA_DIR / "untc_status_raw_2015"
INSTRUMENTS_FILE = DATA_DIR / "instruments.csv"
DETAILS_FILE = DATA_DIR / "instrument_details.csv"
ALIASES_FILE = DATA_DIR / "participant_aliases.csv"
REI_FILE = DATA_DIR / "regional_organizations.csv"
VOCABULARY_FILE = DATA_DIR / "untc_vocabulary.csv"
LONG_FILE = DATA_DIR / "treaty_participation.csv"

# "... . New York, 15 November 2000" at the end of a UNTC title: place and date of adoption.
_TITLE_ADOPTION = re.compile(r"[.,]\s*([A-Z][^.,]*?),\s*(\d{1,2} [A-Z][a-z]+ \d{4})\s*$")
# Footnote markers UNTC prints after a name: digits, superscripts, asterisks, daggers, [n].
_FOOTNOTES = re.compile(r"(\s*\[\d+\])+\s*$|[\s\d,*\u2020\u2021\u00b9\u00b2\u00b3\u2070-\u2079]+$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def clean_name(raw: str) -> str:
    """A participant name as printed, without footnote markers and stray spaces."""
    text = unicodedata.normalize("NFC", (raw or "").replace("\u00a0", " ")).strip()
    previous = None
    while previous != text:
        previous, text = text, _FOOTNOTES.sub("", text).strip()
    return re.sub(r"\s+", " ", text)


def name_key(name: str) -> str:
    """The key names are matched on: no accents, no case, one kind of apostrophe, single spaces."""
    text = unicodedata.normalize("NFKD", clean_name(name).translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", text).casefold().strip()


@dataclass(frozen=True)
class Vocabulary:
    markers: dict  # suffix after a date ("a", "AA") -> kind
    labels: list  # (label, kind), longest label first
    long_consent: dict  # long CSV consent_type -> kind
    long_signature: dict  # long CSV signature_note -> kind

    def label_kind(self, text: str) -> str | None:
        """The event kind a column header's label names ("Succession to signature(d)" -> ...)."""
        lowered = text.strip().casefold()
        for label, kind in self.labels:
            if lowered.startswith(label.casefold()):
                return kind
        return None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    markers, labels, long_consent, long_signature = {}, [], {}, {}
    for row in _read(VOCABULARY_FILE):
        kind, term = row["kind"], row["term"]
        if row["type"] == "marker":
            markers[term] = kind
        elif row["type"] == "label":
            labels.append((term, kind))
        elif row["type"] == "long":
            long_consent[term] = kind
        elif row["type"] == "long_signature":
            long_signature[term] = kind
    labels.sort(key=lambda pair: -len(pair[0]))
    return Vocabulary(markers, labels, long_consent, long_signature)


@lru_cache(maxsize=1)
def regional_organizations() -> dict[str, str]:
    """Regional economic integration organizations: code -> name."""
    return {row["code"]: row["name"] for row in _read(REI_FILE)}


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Alias name key -> ISO alpha-3 or organization code."""
    return {name_key(row["alias"]): row["code"].strip() for row in _read(ALIASES_FILE) if row["alias"].strip()}


def _iso_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def adoption_from_title(title: str) -> tuple[str, date | None]:
    """Place and date of adoption from a UNTC title ending "... New York, 15 November 2000"."""
    from datetime import datetime

    match = _TITLE_ADOPTION.search(title or "")
    if not match:
        return "", None
    try:
        return match.group(1).strip(), datetime.strptime(match.group(2), "%d %B %Y").date()
    except ValueError:
        return "", None


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict]:
    """What is known of each instrument: ``instruments.csv`` first, completed by ``instrument_details.csv``.

    Keys: code, short_name, group, title, untc_url, raw_file, status_date, depositary, adoption_place,
    adoption_date, entry_into_force, parent, position.
    """
    known: dict[str, dict] = {}
    for row in _read(INSTRUMENTS_FILE):
        known[row["mtdsg_no"]] = {
            "code": row["mtdsg_no"], "short_name": row["short_name"], "group": row["group"],
            "title": row["untc_title"], "untc_url": row["untc_url"], "raw_file": row["raw_file"],
            "status_date": _iso_date(row["raw_file_last_changed"]),
        }
    for position, row in enumerate(_read(DETAILS_FILE), start=1):
        entry = known.setdefault(row["code"], {"code": row["code"]})
        for key in ("short_name", "group", "title"):
            if row[key] and not entry.get(key):
                entry[key] = row[key]
        entry.update({
            "depositary": row["depositary"], "adoption_place": row["adoption_place"],
            "adoption_date": _iso_date(row["adoption_date"]), "entry_into_force": _iso_date(row["entry_into_force"]),
            "entry_into_force_source": row.get("entry_into_force_source", ""), "parent": row["parent"], "position": position,
        })
    for entry in known.values():
        if entry.get("title") and not entry.get("adoption_date"):
            entry["adoption_place"], entry["adoption_date"] = adoption_from_title(entry["title"])
    return known


def shipped_raw_files() -> list[tuple[str, Path]]:
    """(instrument code, path) of every raw UNTC status file shipped in ``data/``, in catalogue order."""
    entries = sorted(catalogue().values(), key=lambda e: (e.get("position", 10_000), e["code"]))
    found = []
    for entry in entries:
        raw = entry.get("raw_file")
        if raw and (DATA_DIR / raw).is_file():
            found.append((entry["code"], DATA_DIR / raw))
    return found


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def code_from_filename(filename: str) -> str | None:
    """UNTC files are named ``<chapter>-<treaty>.csv`` (``18-12-a.csv``): the MTDSG number ``XVIII-12-a``."""
    match = re.fullmatch(r"(\d{1,2})-(\d+(?:-[a-z])?)\.csv", Path(filename or "").name)
    if not match:
        return None
    number, roman = int(match.group(1)), ""
    for value, numeral in _ROMAN:
        while number >= value:
            roman, number = roman + numeral, number - value
    return f"{roman}-{match.group(2)}"
