"""Reference data of the resolutions app, read from the files under ``data/`` (see data/README.md).

Nothing here is specific to one resolution: the verbs, the addressee patterns, the governing bodies
and their session calendars are data that a person can extend without touching the code.
"""
import csv
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Verb:
    text: str
    actor: bool  # names someone: "Requests the Secretary-General to ..."
    request: bool  # asks them to act


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    short_name: str
    aliases: tuple[str, ...]
    symbol_prefix: str
    session_first_year: int | None
    session_month: int | None
    session_rule: str

    def __str__(self) -> str:
        return self.name


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


@lru_cache(maxsize=1)
def operative_verbs() -> tuple[tuple[Verb, ...], tuple[str, ...]]:
    """(verbs, modifiers) of ``operative_verbs.txt``; verbs longest first."""
    verbs, modifiers, section = [], [], "verbs"
    for line in _lines(DATA_DIR / "operative_verbs.txt"):
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == "modifiers":
            modifiers.append(line)
            continue
        text, _, flags = line.partition("|")
        flag_set = set(flags.split())
        verbs.append(Verb(text=text.strip(), actor="actor" in flag_set, request="request" in flag_set))
    verbs.sort(key=lambda v: -len(v.text))
    modifiers.sort(key=lambda m: -len(m))
    return tuple(verbs), tuple(modifiers)


@lru_cache(maxsize=1)
def preambular_verbs() -> tuple[str, ...]:
    return tuple(sorted(_lines(DATA_DIR / "preambular_verbs.txt"), key=lambda v: -len(v)))


@lru_cache(maxsize=1)
def addressee_rules() -> dict:
    with open(DATA_DIR / "addressees.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    data["compiled"] = [
        (item["code"], item["label"], [re.compile(p) for p in item["patterns"]]) for item in data["categories"]
    ]
    data["report_compiled"] = [re.compile(p, re.IGNORECASE) for p in data.get("report_patterns", [])]
    return data


def addressee_categories() -> list[tuple[str, str]]:
    return [(code, label) for code, label, _ in addressee_rules()["compiled"]]


@lru_cache(maxsize=1)
def bodies() -> dict[str, Body]:
    out = {}
    with open(DATA_DIR / "bodies.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            out[row["code"]] = Body(
                code=row["code"], name=row["name"], short_name=row["short_name"],
                aliases=tuple(a.strip() for a in row["aliases"].split("|") if a.strip()),
                symbol_prefix=row["symbol_prefix"],
                session_first_year=int(row["session_first_year"]) if row["session_first_year"] else None,
                session_month=int(row["session_month"]) if row["session_month"] else None,
                session_rule=row["session_rule"],
            )
    return out


def body_choices() -> list[tuple[str, str]]:
    return [(b.code, b.name) for b in bodies().values()]


def find_body(value: str) -> Body | None:
    """A body by its code, name or one of its aliases (case-insensitive)."""
    wanted = (value or "").strip().lower()
    if not wanted:
        return None
    for body in bodies().values():
        if wanted in {body.code.lower(), body.name.lower(), body.short_name.lower()} | {
            a.lower() for a in body.aliases
        }:
            return body
    return None


def body_name(code: str) -> str:
    body = bodies().get(code)
    return body.name if body else code


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    words = set()
    for line in _lines(DATA_DIR / "stopwords.txt"):
        words.update(line.lower().split())
    return frozenset(words)


@dataclass(frozen=True)
class SeedFile:
    path: Path
    symbol: str
    body: str
    date: datetime.date
    note: str


def seed_manifest() -> list[SeedFile]:
    seeds_dir = DATA_DIR / "seeds"
    with open(seeds_dir / "manifest.csv", newline="", encoding="utf-8") as handle:
        return [
            SeedFile(path=seeds_dir / row["file"], symbol=row["symbol"], body=row["body"],
                     date=datetime.date.fromisoformat(row["date"]), note=row["note"])
            for row in csv.DictReader(handle)
        ]
