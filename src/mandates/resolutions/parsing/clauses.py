"""Obligations of an operative paragraph: one for each clause that asks someone to act or report.

"Recognizes the efforts made by the Office ..., and requests the Office to continue ..." gives one
obligation, "requests the Office to continue ...", with the words of that clause; "Requests that a
report be submitted to the Commission at its twenty-fifth session" gives a passive one (nobody
named). The deadlines and the recipient come from :mod:`mandates.resolutions.deadlines` (its
``derive_obligations``); the recipient named by the clause ("to provide the Commission on Narcotic
Drugs with ...", "to report to the Council") is kept rather than the adopting body.
"""
import dataclasses
import datetime
import re

from .. import analysis, deadlines, reference
from .result import DeadlineFound, Obligation

RECURRING_RE = re.compile(r"\b(?:annually|biennially|every (?:two|three|four|five) years|each (?:annual )?session|"
                          r"on a regular basis|periodically|yearly)\b", re.IGNORECASE)
# The verbs after which a body named is the one who receives ("to provide the Commission with ...").
RECEIVING_RE = re.compile(
    r"\b(?:provide|inform|brief|submit|report|present|transmit|communicate|make available|keep|advise|assist)"
    r"\b[^.;]{0,40}?$", re.IGNORECASE)


def _deadlines_of(draft, words: str, body: str, on: datetime.date) -> list[DeadlineFound]:
    """The draft's deadlines: several when the deadlines module gives a list, else its one."""
    many = getattr(draft, "deadlines", None)
    if many:
        return [DeadlineFound(
            text=getattr(d, "text", "") or getattr(d, "deadline_text", ""),
            date=getattr(d, "date", None) or getattr(d, "deadline", None),
            body=getattr(d, "body", ""), rule=getattr(d, "rule", "") or getattr(d, "deadline_rule", ""),
            recurring=bool(getattr(d, "recurring", False)),
            recipient_body=getattr(d, "recipient_body", "") or draft.recipient_body,
            recipient=getattr(d, "recipient", "") or draft.recipient,
        ) for d in many]
    if not draft.deadline_text:
        return []
    found = deadlines.find_deadline(words, body=body, on=on)  # the body whose session it is
    session_body = found.body if found is not None and found.text == draft.deadline_text else ""
    return [DeadlineFound(text=draft.deadline_text, date=draft.deadline, rule=draft.deadline_rule, body=session_body,
                          recurring=bool(RECURRING_RE.search(draft.deadline_text)),
                          recipient_body=draft.recipient_body, recipient=draft.recipient)]


def _named_recipient(words: str, body: str) -> str:
    """The body the clause hands something to, when it names one after a receiving verb."""
    for position, code in deadlines.bodies_named(words, body):
        if code != body and RECEIVING_RE.search(words[max(0, position - 60): position]):
            return code
    return ""


def obligations(text: str, result: analysis.Analysis, *, body: str, on: datetime.date | None
                ) -> list[Obligation]:
    """One :class:`Obligation` per asking clause of the paragraph (whoever it addresses)."""
    on = on or datetime.date(1946, 1, 1)
    body = body or "GA"
    out = []
    for clause in result.requests:
        # ask the deadlines module as if the clause addressed the office: it then derives one draft
        office_like = dataclasses.replace(clause, category=analysis.OFFICE_CATEGORIES[0], passive=False)
        drafts = deadlines.derive_obligations(text, analysis.Analysis(clauses=[office_like]), body=body, on=on)
        words = text[clause.start: clause.end].strip()
        ob = Obligation(
            verb=clause.verb, addressees=[clause.addressee] if clause.addressee else [],
            addressee_category=clause.category, clause=words, passive=clause.passive,
        )
        if drafts:
            draft = drafts[0]
            ob.kind, ob.recipient_body, ob.recipient = draft.kind, draft.recipient_body, draft.recipient
            ob.refers_to_paragraph = draft.refers_to_paragraph
            ob.deadlines = _deadlines_of(draft, words, body, on)
        named = _named_recipient(words, body)
        if named and ob.recipient_body in ("", body):
            ob.recipient_body, ob.recipient = named, reference.body_name(named)
            for deadline in ob.deadlines:
                if deadline.recipient_body in ("", body):
                    deadline.recipient_body, deadline.recipient = named, ob.recipient
        out.append(ob)
    return out
