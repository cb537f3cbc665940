"""Country and area names in the six UN languages, from the UN M49 names (``data/m49_names.csv``,
built by ``mandates portal_names`` from the UNSD multilingual files). Countries and areas are
shown by these names on every page (their ``str``); English keeps the stored name."""
import csv
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
