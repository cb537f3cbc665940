"""Country and area names in the six UN languages, from the UN M49 names (``data/m49_names.csv``,
built by ``mandates portal_names`` from the UNSD multilingual files). Countries and areas are
shown by these names on every page (their ``str``); English keeps the stored name."""
import csv
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language

NAMES_FILE = Path(__file__).resolve().parent / "data" / "m49_names.csv"
LANGUAGE_FILES = {"en": "UNSD-en.csv", "fr": "UNSD-fr.csv", "es": "UNSD-es.csv", "ar": "UNSD-ar.csv",
                  "zh": "UNSD-cn.csv", "ru": "UNSD-ru.csv"}


@lru_cache(maxsize=1)
def _names() -> dict[str, dict[str, str]]:
    with open(NAMES_FILE, encoding="utf-8", newline="") as handle:
        return {row["m49"]: row for row in csv.DictReader(handle)}


def language_key(language: str | None = None) -> str:
    code = (language or get_language() or "en").lower()
    return "zh" if code.startswith("zh") else code.split("-")[0]


def place_name(obj, language: str | None = None) -> str:
    """The M49 name of a Country or Area in the language (the stored English name as a fallback)."""
    if obj is None:
        return ""
    row = _names().get(getattr(obj, "m49_code", ""), {})
    return row.get(language_key(language)) or getattr(obj, "name", "") or str(obj)


def local_name(m49_code: str, name: str) -> str:
    """The name a page shows for the place with this M49 code and stored name, in the reader's language: the stored
    name in English, the M49 name in the other languages (``Country.local_name``, ``Area.local_name``, and rows read
    as plain values)."""
    return name if language_key() == "en" else _names().get(m49_code, {}).get(language_key()) or name


def collation_key(text: str) -> tuple[str, str]:
    """A sort key that orders names as a reader of the language expects, without a locale installed: letters
    compared without their accents and case first (NFKD, combining marks dropped, casefolded: "Égypte" beside
    "Equateur", "Émirats" before "Érythrée"), then with them, so that the order is total and the same on every
    machine. Arabic letters with a hamza or madda fold to their bare alif the same way. (No tailoring: Spanish
    "ñ" sorts as "n"; ICU would tailor it, but PyICU is a compiled dependency this one-line key does not need.)"""
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(c for c in folded if not unicodedata.combining(c)), folded


def by_name(places, name=None, language: str | None = None, group=None) -> list:
    """``places`` (Countries or Areas, or anything ``name`` names) sorted by the name the reader sees, within
    ``group`` (e.g. the area's level) when given; the list is read once (no query per place)."""
    if name is None:
        key = language_key(language)
        name = (lambda p: p.name) if key == "en" else (lambda p: place_name(p, key))
    if group is None:
        return sorted(places, key=lambda p: collation_key(name(p)))
    return sorted(places, key=lambda p: (group(p), collation_key(name(p))))


def codes_named(text: str) -> set[str]:
    """The M49 codes whose name in any of the six languages holds ``text`` (accents and case aside), so that
    a search for "egypte" or "Égypte" finds Egypt."""
    wanted = collation_key(text)[0]
    if not wanted:
        return set()
    return {code for code, row in _names().items()
            if any(wanted in collation_key(row.get(lang) or "")[0] for lang in LANGUAGE_FILES)}
