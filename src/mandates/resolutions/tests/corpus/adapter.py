"""The one place that turns whatever the parser returns into the shape the corpus scorer compares.

The scorer (``corpus.score``) only ever reads the plain mapping :func:`adapt` returns::

    {"preambular_count": int, "title": str,
     "operative": [{"number": int | None, "text": str, "footnotes": [str], "subparagraphs": [str],
                    "obligations": [{"verb": str, "addressees": [str],
                                     "deadlines": [{"phrase": str, "body": str | None,
                                                    "session": int | "special" | None,
                                                    "recipient": str | None, "recurring": bool}]}]}]}

so when the parser's result type changes, only this module changes. It accepts:

* that mapping itself (a parser, or a test, may return it directly);
* the project's ``parsing.ParsedResolution`` (``preambular``/``operative`` lists of paragraphs with
  ``number``, ``text`` and an ``analysis`` of clauses), reading — when they exist — a paragraph's
  ``footnotes``, ``subparagraphs`` and ``obligations`` attributes, and otherwise deriving obligations and
  deadlines with ``deadlines.derive_obligations`` / ``deadlines.find_deadline`` as the import does.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

ARTICLES_RE = re.compile(r"^(?:the|le|la|les|l'|el|los|las)\s+", re.IGNORECASE)
SESSION_WORD_RE = re.compile(r"([\w-]+)\s+(?:regular\s+|substantive\s+|reconvened\s+)?session", re.IGNORECASE)
RECURRING_RE = re.compile(r"\b(?:each|every)\s+(?:annual\s+|regular\s+)?session|biennial|annually|every\s+\w+\s+years",
                          re.IGNORECASE)


def split_addressees(value) -> list[str]:
    """A list of addressees from a list or one string, leading articles dropped. A string is not split
    (the scorer compares names, so "United Nations Office on Drugs and Crime" stays whole)."""
    items = value if isinstance(value, list | tuple) else [value or ""]
    return [ARTICLES_RE.sub("", str(item).strip(" ,;")) for item in items if str(item).strip(" ,;")]


def _session_of(phrase: str):
    from mandates.resolutions import deadlines

    if re.search(r"\bspecial session\b", phrase, re.IGNORECASE) and not re.search(r"\w+\s+special session", phrase):
        return "special"
    match = SESSION_WORD_RE.search(phrase or "")
    if not match:
        return None
    number = deadlines.ordinal(match.group(1).lower())
    return number


def _deadline_dict(item) -> dict:
    if isinstance(item, Mapping):
        phrase = item.get("phrase") or item.get("text") or item.get("deadline_text") or ""
        return {"phrase": phrase, "body": item.get("body"),
                "session": item.get("session", _session_of(phrase)),
                "recipient": item.get("recipient") or item.get("recipient_body"),
                "recurring": bool(item.get("recurring", RECURRING_RE.search(phrase)))}
    phrase = getattr(item, "phrase", "") or getattr(item, "text", "") or getattr(item, "deadline_text", "")
    session = getattr(item, "session", None)
    return {"phrase": phrase, "body": getattr(item, "body", None) or None,
            "session": session if session is not None else _session_of(phrase),
            "recipient": getattr(item, "recipient_body", None) or getattr(item, "recipient", None),
            "recurring": bool(getattr(item, "recurring", False) or RECURRING_RE.search(phrase or ""))}


def _obligation_dict(item) -> dict:
    get = item.get if isinstance(item, Mapping) else (lambda key, default=None: getattr(item, key, default))
    found = get("deadlines")
    if found is None:
        single = get("deadline_text") or get("deadline")
        found = [item] if single else []
    addressees = get("addressees")
    if addressees is None:
        addressees = get("addressee") or get("actor") or ""
    return {"verb": (get("verb") or "").strip().lower(),
            "addressees": split_addressees(addressees),
            "deadlines": [_deadline_dict(d) for d in found]}


def _derived_obligations(paragraph, context: Mapping) -> list[dict]:
    """Obligations of a ``ParsedParagraph`` that carries only its ``analysis`` (the parser of issue 14)."""
    from mandates.resolutions import deadlines

    result = getattr(paragraph, "analysis", None)
    if result is None:
        return []
    text = paragraph.text
    body = context.get("body") or ""
    on = context.get("adopted") or datetime.date.today()
    out = []
    for clause in result.clauses:
        if not clause.request:
            continue
        words = text[clause.start: clause.end or len(text)]
        named = deadlines.bodies_named(words, body)
        found = deadlines.find_deadline(words, body=body, on=on, named=named)
        recipient = None
        if found is not None:
            drafts = deadlines.derive_obligations(text, type(result)(clauses=[clause]), body=body, on=on) \
                if clause.category in ("office", "executive_director", "secretary_general") else []
            recipient = drafts[0].recipient_body if drafts else (found.body or body)
        out.append({"verb": clause.verb.strip().lower(), "addressees": split_addressees(clause.addressee),
                    "deadlines": [] if found is None else [{
                        "phrase": found.text, "body": found.body or None, "session": _session_of(found.text),
                        "recipient": recipient, "recurring": bool(RECURRING_RE.search(found.text))}]})
    return out


def _paragraph_dict(paragraph, context: Mapping) -> dict:
    if isinstance(paragraph, Mapping):
        return {"number": paragraph.get("number"), "text": paragraph.get("text", ""),
                "footnotes": list(paragraph.get("footnotes") or []),
                "subparagraphs": list(paragraph.get("subparagraphs") or []),
                "obligations": [_obligation_dict(o) for o in paragraph.get("obligations") or []]}
    obligations = getattr(paragraph, "obligations", None)
    subparagraphs = getattr(paragraph, "subparagraphs", None) or []
    return {"number": getattr(paragraph, "number", None), "text": getattr(paragraph, "text", ""),
            "footnotes": [str(f) for f in getattr(paragraph, "footnotes", None) or []],
            "subparagraphs": [getattr(s, "label", s) for s in subparagraphs],
            "obligations": ([_obligation_dict(o) for o in obligations] if obligations is not None
                            else _derived_obligations(paragraph, context))}


def adapt(result, context: Mapping | None = None) -> dict:
    """The scorer's view of a parse result. ``context`` carries the entry's ``body`` and ``adopted`` date."""
    context = context or {}
    if isinstance(result, Mapping):
        preambular = result.get("preambular_count")
        if preambular is None:
            preambular = len(result.get("preambular") or [])
        operative = result.get("operative") or []
        title = result.get("title") or ""
    else:
        preambular = len(getattr(result, "preambular", []) or [])
        operative = getattr(result, "operative", []) or []
        title = getattr(result, "title", "") or ""
    return {"preambular_count": preambular, "title": title,
            "operative": [_paragraph_dict(p, context) for p in operative]}
