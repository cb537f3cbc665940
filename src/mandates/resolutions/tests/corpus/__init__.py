"""A corpus of real resolutions, with hand-made expected files, and a scorer for any parser.

    from mandates.resolutions.tests import corpus
    report = corpus.score(corpus.entries(), lambda text: parse_text(text))
    report.accuracy("operative_count")   # 0.0 .. 1.0
    report.mismatches                    # [Mismatch(file, field, paragraph, expected, got), ...]

``texts/<name>.txt`` is the text exactly as the source prints it, ``expected/<name>.yaml`` what a
reader finds in it (format: ``expected/README.md``), ``SOURCES.md`` where each text came from.
The parser's result goes through ``adapter.adapt`` (the one place that knows its data structure).

Fields scored (each an accuracy = hits / checks):

* ``preambular_count``, ``operative_count`` — one check per entry;
* ``paragraph_count`` — one check per entry: both counts right;
* ``title`` — one check per entry with a title;
* ``boundaries`` — one check per expected operative paragraph: its first and last six words;
* ``footnotes``, ``subparagraphs`` — one check per expected operative paragraph (lists equal);
* ``verbs`` — one check per expected obligation: an obligation with that verb in that paragraph;
* ``addressees`` — one check per expected obligation: the matched obligation's addressees equal;
* ``deadlines`` — one check per expected deadline: the paragraph has a deadline naming the same
  session (body and number, or "special") or, for a year/date, the same phrase;
* ``recipients`` — one check per expected deadline with a recipient: the found deadline's recipient.

A parse that raises counts as a miss on every check of its entry (the error is in the mismatch).
"""
from __future__ import annotations

import datetime
import inspect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .adapter import adapt

ROOT = Path(__file__).resolve().parent
TEXTS = ROOT / "texts"
EXPECTED = ROOT / "expected"
SOURCES = ROOT / "SOURCES.md"

FIELDS = ("preambular_count", "operative_count", "paragraph_count", "title", "boundaries", "footnotes",
          "subparagraphs", "verbs", "addressees", "deadlines", "recipients")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
MARKER_RES = [
    re.compile(r"(?<=[\w,;.:)\"”’])\*{1,3}/"),  # "Drugs*/"
    re.compile(r"\s?\*{1,3}/"),  # "*/", "**/"
    re.compile(r"(?<=[A-Za-z,;.:)\"”’])\d{1,3}/(?!\d)"),  # "Commission17/", "session,26/"
    re.compile(r"(?<=\s)\d{1,3}/(?=\s|$)"),  # " 26/"
    re.compile(r"\\\d{1,3}\\"),  # "\87\"
    re.compile(rf"[{SUPERSCRIPTS}]+"),
    re.compile(r"<sup>\s*[\w*]+\s*</sup>"),
]
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass
class Entry:
    name: str
    text_path: Path
    expected: dict

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")

    @property
    def context(self) -> dict:
        adopted = self.expected.get("adopted")
        if isinstance(adopted, str):
            adopted = datetime.date.fromisoformat(adopted)
        return {"body": self.expected.get("body"), "adopted": adopted, "language": self.expected.get("language")}


@dataclass
class Mismatch:
    file: str
    field: str
    paragraph: int | None
    expected: object
    got: object

    def __str__(self):
        where = f" para {self.paragraph}" if self.paragraph is not None else ""
        return f"{self.file}{where} [{self.field}]: expected {self.expected!r}, got {self.got!r}"


@dataclass
class Report:
    hits: dict = field(default_factory=lambda: defaultdict(int))
    checks: dict = field(default_factory=lambda: defaultdict(int))
    mismatches: list[Mismatch] = field(default_factory=list)

    def check(self, name: str, ok: bool, file: str, paragraph, expected, got) -> bool:
        self.checks[name] += 1
        if ok:
            self.hits[name] += 1
        else:
            self.mismatches.append(Mismatch(file, name, paragraph, expected, got))
        return ok

    def accuracy(self, name: str) -> float:
        return self.hits[name] / self.checks[name] if self.checks[name] else 1.0

    def summary(self) -> str:
        return "\n".join(f"{name:18} {self.hits[name]:4}/{self.checks[name]:<4} {self.accuracy(name):7.1%}"
                         for name in FIELDS if self.checks[name])

    def mismatches_for(self, name: str) -> list[Mismatch]:
        return [m for m in self.mismatches if m.field == name]


def entries() -> list[Entry]:
    """Every corpus entry (text + expected), in name order."""
    out = []
    for text_path in sorted(TEXTS.glob("*.txt")):
        expected_path = EXPECTED / f"{text_path.stem}.yaml"
        try:
            expected = yaml.safe_load(expected_path.read_text(encoding="utf-8")) if expected_path.exists() else None
        except yaml.YAMLError as error:
            raise ValueError(f"{expected_path.name} is not valid YAML: {error}") from error
        out.append(Entry(text_path.stem, text_path, expected))
    return out


# --- comparing words -------------------------------------------------------------------------

def strip_markers(text: str) -> str:
    for pattern in MARKER_RES:
        text = pattern.sub("", text)
    return text


def norm(text: str) -> str:
    """Words as compared: white space collapsed, quotes unified, a hyphen broken at a line end joined."""
    text = (text or "").translate(QUOTES)
    text = re.sub(r"(?<=\w)-\s*\n\s*(?=[a-z])", "-", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return norm(text).split(" ") if norm(text) else []


VERB_MODIFIERS_RE = re.compile(
    r"^(?:(?:also|further|again|once|more|strongly|earnestly|urgently|further|consequently|therefore|"
    r"aussi|également|en outre|de nouveau|instamment|además|también|asimismo|encarecidamente)\s+)+", re.IGNORECASE)
CONNECTORS = {"and", "as", "well", "the", "et", "ainsi", "que", "y", "así", "como", "le", "la", "les", "l'", "el",
              "los", "las", "also", "or", "ou", "o", "to"}


def _verb(text: str) -> str:
    """"requests" for "Also requests", "reiterates its request" for "Reiterates its request to"."""
    text = " ".join((text or "").lower().split())
    text = VERB_MODIFIERS_RE.sub("", text)
    return re.sub(r"\s+(?:to|à|a)$", "", text)


def addressees_match(expected: list[str], got: list[str]) -> bool:
    """Every expected addressee is named, and nothing else is, but connectors ("and", "as well as") and
    the examples after "including"/"in particular" (for "relevant entities ..., including UNDP, ..., as well as ...")."""
    found = norm(" , ".join(got or [])).lower()
    found = re.sub(r"\b(?:including|in particular|notably|notamment|en particular)\b.*?(?=,\s*as well as\b|$)", " ", found)
    if not expected:
        return not re.search(r"\w", found)
    for item in sorted(expected, key=len, reverse=True):
        item = norm(item).lower()
        if item not in found:
            return False
        found = found.replace(item, " , ", 1)
    leftover = [w for w in re.findall(r"[\w'’-]+", found) if w not in CONNECTORS]
    return not leftover


def _same_deadline(expected: dict, got: dict) -> bool:
    """Same session (number or "special", and the same body when the expected file names one), or for a
    recurring deadline any recurring one, or for a year/date the same phrase."""
    if expected.get("session") is not None:
        return got.get("session") == expected["session"] and (
            not expected.get("body") or got.get("body") == expected["body"])
    if expected.get("recurring"):
        return bool(got.get("recurring"))
    want, have = norm(expected.get("phrase", "")).lower(), norm(got.get("phrase", "")).lower()
    same_body = not (expected.get("body") and got.get("body")) or expected["body"] == got["body"]
    return bool(want and have) and (want in have or have in want) and same_body


# --- scoring ---------------------------------------------------------------------------------

def _call(parse, entry: Entry):
    try:
        params = inspect.signature(parse).parameters
    except (TypeError, ValueError):
        params = {}
    if "entry" in params:
        return parse(entry.text, entry=entry)
    kwargs = {k: v for k, v in entry.context.items() if k in params}
    return parse(entry.text, **kwargs)


def score(corpus_entries, parse) -> Report:
    """Run ``parse`` over the entries and compare with their expected files.

    ``parse(text)`` may also accept ``body``/``adopted``/``language`` keywords or ``entry=``; they are
    passed when its signature names them. Its result is read through ``adapter.adapt``."""
    report = Report()
    for entry in corpus_entries:
        exp = entry.expected
        try:
            got = adapt(_call(parse, entry), entry.context)
        except Exception as error:  # noqa: BLE001 - a parse error is a result to report, not a crash
            got = {"preambular_count": None, "title": "", "operative": [], "error": f"{type(error).__name__}: {error}"}
        _score_entry(report, entry.name, exp, got)
    return report


def _score_entry(report: Report, name: str, exp: dict, got: dict) -> None:
    error = got.get("error")
    ops_got = got["operative"]
    pre_ok = report.check("preambular_count", got["preambular_count"] == exp["preambular_count"], name, None,
                          exp["preambular_count"], error or got["preambular_count"])
    op_ok = report.check("operative_count", len(ops_got) == exp["operative_count"] and not error, name, None,
                         exp["operative_count"], error or len(ops_got))
    report.check("paragraph_count", pre_ok and op_ok, name, None,
                 (exp["preambular_count"], exp["operative_count"]), error or (got["preambular_count"], len(ops_got)))
    if exp.get("title"):
        report.check("title", norm(strip_markers(got.get("title") or "")) == norm(exp["title"]), name, None,
                     exp["title"], got.get("title"))
    for index, para in enumerate(exp["operative"]):
        number = para.get("number") or index + 1
        mine = ops_got[index] if index < len(ops_got) else None
        _score_paragraph(report, name, number, para, mine, error)


def _score_paragraph(report: Report, name: str, number: int, para: dict, mine: dict | None, error) -> None:
    missing = error or "no such paragraph"
    text_words = words(mine["text"]) if mine else []
    first, last = words(para["first_words"]), words(para["last_words"])
    got_edges = (" ".join(text_words[: len(first)]), " ".join(text_words[-len(last):])) if mine else missing
    report.check("boundaries", bool(mine) and got_edges == (" ".join(first), " ".join(last)), name, number,
                 (para["first_words"], para["last_words"]), got_edges)
    report.check("footnotes", bool(mine) and [str(f) for f in mine["footnotes"]] == [str(f) for f in para["footnotes"]],
                 name, number, para["footnotes"], mine["footnotes"] if mine else missing)
    report.check("subparagraphs", bool(mine) and [str(s) for s in mine["subparagraphs"]]
                 == [str(s) for s in para["subparagraphs"]], name, number, para["subparagraphs"],
                 mine["subparagraphs"] if mine else missing)
    available = list(mine["obligations"]) if mine else []
    found_deadlines = [d for o in available for d in o["deadlines"]]
    for obligation in para["obligations"]:
        match = next((o for o in available if _verb(o["verb"]) == _verb(obligation["verb"])), None)
        report.check("verbs", match is not None, name, number, obligation["verb"],
                     [o["verb"] for o in available] if mine else missing)
        if match is not None:
            available.remove(match)
        report.check("addressees", match is not None and addressees_match(obligation["addressees"], match["addressees"]),
                     name, number, obligation["addressees"], match["addressees"] if match else None)
        for deadline in obligation["deadlines"]:
            hit = next((d for d in found_deadlines if _same_deadline(deadline, d)), None)
            if hit is not None:
                found_deadlines.remove(hit)  # one found deadline answers one expected deadline
            report.check("deadlines", hit is not None, name, number, deadline["phrase"],
                         [d["phrase"] for d in found_deadlines] if mine else missing)
            if deadline.get("recipient"):
                report.check("recipients", hit is not None and hit.get("recipient") == deadline["recipient"],
                             name, number, deadline["recipient"], hit.get("recipient") if hit else None)
