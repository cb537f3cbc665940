"""The content of a report as a list of blocks, built once and rendered to HTML, Word and PDF.

A block is a dict with ``type`` in chapter, section, subheading, para, recommendation. Paragraph text
is a list of runs: ("text", str), ("fact", Fact) or ("fn", number, str). Text from the structure file and
from narratives is never trusted as markup: renderers escape every text run.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .facts import Fact, FactEngine
from .periods import ReportError

DATA_DIR = Path(__file__).parent / "data"
TOKEN = re.compile(r"\{\{\s*fact:([^}\s]+)\s*\}\}|\[\[fn:(.*?)\]\]", re.DOTALL)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@lru_cache
def structure(kind: str = "technical_cooperation") -> dict:
    path = DATA_DIR / f"{kind}.yaml"
    if not path.exists():
        raise ReportError(_("There is no structure file for reports of kind “%(kind)s”.") % {"kind": kind})
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tokens(text: str) -> list[tuple[str, str]]:
    """Split text into ("text", s), ("fact", key) and ("fn", s) pieces."""
    text = " ".join(text.split())
    out, pos = [], 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        out.append(("fact", m.group(1)) if m.group(1) else ("fn", m.group(2).strip()))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    return out


def fact_keys(text: str) -> list[str]:
    return [value for kind, value in tokens(text) if kind == "fact"]


@lru_cache
def _numbering() -> dict:
    return yaml.safe_load((DATA_DIR / "numbering.yaml").read_text(encoding="utf-8"))


def numbering(language: str | None = None) -> dict:
    """The numbering rules of a language (data/numbering.yaml), English when it has none."""
    lang = (language or get_language() or "en")[:2].lower()
    rules = _numbering()
    return rules.get(lang, rules["en"])


def chapter_numbers() -> list[str]:
    """I., II. ...; Arabic documents write ordinals followed by a dash (أولا -), Chinese ones 一. 二."""
    rule = numbering()["chapters"]
    if rule == "roman":
        return [f"{n}." for n in ROMAN]
    dash = numbering() is _numbering().get("ar")
    return [f"{n} -" if dash else f"{n}." for n in rule]


def roman(n: int) -> str:
    """1 -> I, 14 -> XIV, 380 -> CCCLXXX."""
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out


def chapter_number(index: int) -> str:
    """The number of the chapter at ``index`` (0-based), for reports with more chapters than
    ``chapter_numbers`` lists (one per regional programme): Roman numerals go on; in languages numbered by
    words (Arabic, Chinese) the chapters after the listed ones are numbered in Arabic numerals."""
    rule = numbering()["chapters"]
    if rule == "roman":
        return f"{roman(index + 1)}."
    name = rule[index] if index < len(rule) else str(index + 1)
    return f"{name} -" if numbering() is _numbering().get("ar") else f"{name}."


def section_letters() -> list[str]:
    return [str(s) for s in numbering()["sections"]]


def annex_label(index: int, count: int) -> str:
    """“Annex” for a document's only annex, “Annex I”, “Annex II” ... when there are several."""
    if count <= 1:
        return _("Annex")
    return _("Annex %(n)s") % {"n": ROMAN[index]}


def long_date(d: date) -> str:
    """A date as the document's language writes it in full (Babel, CLDR): 6 July 2009, 6 juillet 2009,
    6 de julio de 2009."""
    from babel.dates import format_date

    text = format_date(d, format="long", locale=numbering()["locale"])
    if d.day == 1 and numbering().get("first_day"):  # French writes the first of the month “1er”
        text = numbering()["first_day"] + text[1:]
    return text


@dataclass
class Document:
    masthead: dict
    title: str
    subtitle: str
    summary: list
    blocks: list = field(default_factory=list)
    contents: list = field(default_factory=list)
    footnotes: list = field(default_factory=list)
    facts: list = field(default_factory=list)
    annex: dict = field(default_factory=dict)
    period: str = ""
    as_of: date | None = None
    language: str = "en"
    kind: str = "technical_cooperation"
    masthead_date: str = ""
    as_of_text: str = ""
    annex_labels: dict = field(default_factory=dict)


class _Builder:
    def __init__(self, engine: FactEngine):
        self.engine = engine
        self.paragraph = 0
        self.footnotes: list[str] = []
        self.fact_order: list[str] = []

    def runs(self, text: str) -> list:
        out = []
        for kind, value in tokens(text):
            if kind == "text":
                out.append(("text", value))
            elif kind == "fact":
                try:
                    fact = self.engine.get(value)
                except ReportError as exc:
                    out.append(("text", f"[{exc}]"))
                    continue
                if value not in self.fact_order:
                    self.fact_order.append(value)
                out.append(("fact", fact))
                if fact.note:  # a cited statistic carries its source and coverage as a footnote
                    self.footnotes.append(fact.note)
                    out.append(("fn", len(self.footnotes), fact.note))
            else:
                self.footnotes.append(value)
                out.append(("fn", len(self.footnotes), value))
        return out

    def para(self, text: str) -> dict:
        self.paragraph += 1
        return {"type": "para", "number": self.paragraph, "runs": self.runs(text)}

    def treaty_family(self, block: dict) -> dict:
        """One paragraph on the instrument and each of its imported protocols: new and total States parties.
        Each clause is one translatable sentence whose figures are live fields."""
        self.paragraph += 1
        codes = self.engine.family(block["instrument"])
        if not codes:
            runs = [("text", _("No ratification status has been imported for instrument %(code)s.")
                     % {"code": block["instrument"]})]
            return {"type": "para", "number": self.paragraph, "runs": runs}
        clauses = []
        for i, code in enumerate(codes):
            total = self.engine.get(f"states_parties:{code}")
            fields = {"new": "{{fact:ratified_in_period:" + code + "}}", "total": "{{fact:states_parties:" + code + "}}",
                      "name": total.subject or code}
            if i == 0:
                clause = _("During the reporting period, an additional %(new)s States became parties to the "
                           "%(name)s, bringing the total number of States parties to %(total)s") % fields
                if block.get("footnote"):
                    clause += f"[[fn:{translated(block['footnote'])}]]"
            else:
                clause = _("an additional %(new)s States became parties to the %(name)s, bringing the total "
                           "number of States parties to %(total)s") % fields
            clauses.append(clause)
        return {"type": "para", "number": self.paragraph, "runs": self.runs("; ".join(clauses) + ".")}


def translated(text: str) -> str:
    """A text of a structure file in the document's language: the catalogues hold it with its whitespace
    collapsed (as tokens() reads it), live fields and footnote marks included."""
    return _(" ".join(str(text).split())) if text else ""


def _annex(engine: FactEngine, code: str) -> dict:
    """The status of ratification of an instrument and its imported protocols as at the as-at date."""
    from mandates.treaties import selectors
    from mandates.treaties.models import Instrument

    codes = engine.family(code)
    instruments = {i.code: i for i in Instrument.objects.filter(code__in=codes)}
    columns = [instruments[c].short_name for c in codes if c in instruments]
    states: dict[str, dict] = {}
    for idx, c in enumerate(c for c in codes if c in instruments):
        for row in selectors.status_rows(instruments[c], as_of=engine.as_of):
            entry = states.setdefault(row.participant.name, {"name": row.participant.name, "cells": [""] * len(columns)})
            sig = row.signature.date.isoformat() if row.signature else ""
            con = f"{row.consent.date.isoformat()} {row.consent.kind[:1]}" if row.consent else ""
            entry["cells"][idx] = f"{sig} / {con}".strip(" /") if (sig or con) else ""
    totals = [{"name": engine.get(f"states_parties:{c}").subject,
               "signatories": engine.get(f"signatories:{c}").display(),
               "parties": engine.get(f"states_parties:{c}").display(),
               "new": engine.get(f"ratified_in_period:{c}").display()} for c in codes]
    return {"columns": columns, "rows": [states[k] for k in sorted(states)], "totals": totals}


def build(engine: FactEngine, *, items: list | None = None, masthead: dict | None = None,
          kind: str = "technical_cooperation") -> Document:
    """The report's blocks from its structure file, its assembled narrative items and the facts."""
    spec = structure(kind)
    b = _Builder(engine)
    by_slot: dict[str, list[str]] = {}
    for item in items or []:
        by_slot.setdefault(item["section"], []).append(item["text"])
    head = {**spec["masthead"], **(masthead or {})}
    if isinstance(head.get("date"), str):
        head["date"] = date.fromisoformat(head["date"])
    doc = Document(masthead=head, title=translated(spec["title"]), subtitle=translated(spec["subtitle"]),
                   summary=b.runs(translated(spec["summary"])), period=engine.period.code, as_of=engine.as_of)
    for ci, chapter in enumerate(spec["chapters"]):
        number, title = chapter_numbers()[ci], translated(chapter["title"])
        doc.blocks.append({"type": "chapter", "number": number, "title": title})
        doc.contents.append({"level": 1, "number": number, "title": title})
        for text in chapter.get("paragraphs", []):
            doc.blocks.append(b.para(translated(text)))
        for text in by_slot.get(chapter.get("slot", ""), []):
            doc.blocks.append(b.para(text))
        for si, section in enumerate(chapter.get("sections", [])):
            letter, title = f"{section_letters()[si]}.", translated(section["title"])
            doc.blocks.append({"type": "section", "number": letter, "title": title})
            doc.contents.append({"level": 2, "number": letter, "title": title})
            for block in section.get("blocks", []):
                if "subheading" in block:
                    doc.blocks.append({"type": "subheading", "title": translated(block["subheading"])})
                elif block.get("generate") == "treaty_family":
                    doc.blocks.append(b.treaty_family(block))
                else:
                    doc.blocks.append(b.para(translated(block["text"])))
            for text in by_slot.get(section.get("slot", ""), []):
                doc.blocks.append(b.para(text))
        for ri, text in enumerate(chapter.get("recommendations", []), start=1):
            doc.blocks.append({"type": "recommendation", "number": f"{ri}.", "runs": b.runs(translated(text))})
    annex = spec.get("annex")
    if annex:
        doc.annex = {"title": translated(annex["title"]), **engine.annex(annex["instrument"], _annex)}
    doc.footnotes = b.footnotes
    doc.facts = [engine.get(k) for k in b.fact_order] + [
        f for f in engine.used() if f.key not in b.fact_order]
    return doc


def fact_json(doc: Document) -> dict:
    return {"period": doc.period, "as_of": doc.as_of.isoformat() if doc.as_of else None,
            "symbol": doc.masthead.get("symbol", ""), "facts": [f.as_json() for f in doc.facts]}


def plain_text(runs: list) -> str:
    out = []
    for run in runs:
        if run[0] == "text":
            out.append(run[1])
        elif run[0] == "fact":
            out.append(run[1].display())
    return "".join(out)


__all__ = ["Document", "Fact", "build", "fact_json", "plain_text", "structure", "tokens"]
