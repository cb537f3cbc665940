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


def _session(found):
    """The session the words name: its number when they give one ("at its twenty-fifth session") or
    mean the session adopting the text ("at the present session"), "special" for a special session
    named without a number ("a special session in 1974"); None for "its next session" or a date."""
    ref = getattr(found, "session", None)
    if ref is None:
        return None
    if any(deadlines.ordinal(word) for word in re.findall(r"[\w-]+", found.text)):
        return ref.number
    if re.search(r"\b(?:present|current|this)\s+(?:regular\s+)?session\b", found.text, re.I) and ref.kind != "special":
        return ref.number  # "at the present session": the session that adopts the text
    return "special" if ref.kind == "special" else None


def _deadline(found, fallback_body: str, fallback_name: str) -> DeadlineFound:
    recipient = getattr(found, "recipient", "") or fallback_body
    return DeadlineFound(
        text=found.text, date=found.date, body=found.body or "", rule=found.rule, session=_session(found),
        recurring=bool(getattr(found, "recurrence", "")) or bool(RECURRING_RE.search(found.text)),
        recipient_body=recipient,
        recipient=reference.body_name(recipient) if recipient else fallback_name,
        precision=getattr(found, "date_precision", "") or "", recurrence=getattr(found, "recurrence", "") or "",
        period_months=getattr(found, "period_months", None),
    )


def _named_recipient(words: str, body: str) -> str:
    """The body the clause hands something to, when it names one after a receiving verb."""
    for position, code in deadlines.bodies_named(words, body):
        if code != body and RECEIVING_RE.search(words[max(0, position - 60): position]):
            return code
    return ""


def _without_adverbs(verb: str) -> str:
    """"Appeals consequently to" -> "Appeals to", "Prie également" -> "Prie": the verb that asks."""
    words = verb.split()
    after = {m.lower() for m in reference.modifiers_after()}
    kept = [w for i, w in enumerate(words) if i == 0 or not (analysis.ADVERB_RE.fullmatch(w) or w.lower() in after)]
    return " ".join(kept)


def context_for(body: str, on: datetime.date | None, symbol: str = ""):
    """The deadlines module's context for one resolution (observe each paragraph in order)."""
    return deadlines.DeadlineContext.for_resolution(body=body or "GA", adopted=on or datetime.date(1946, 1, 1),
                                                    symbol=symbol)


def obligations(text: str, result: analysis.Analysis, *, body: str, on: datetime.date | None, context=None
                ) -> list[Obligation]:
    """One :class:`Obligation` per asking clause of the paragraph (whoever it addresses), each with
    every deadline its words give (``deadlines.find_deadlines``) and their recipients."""
    on = on or datetime.date(1946, 1, 1)
    body = body or "GA"
    context = context or context_for(body, on)
    out = []
    for clause in result.requests:
        # ask the deadlines module as if the clause addressed the office: it then derives the kind and recipient
        office_like = dataclasses.replace(clause, category=analysis.OFFICE_CATEGORIES[0], passive=False)
        drafts = deadlines.derive_obligations(text, analysis.Analysis(clauses=[office_like]), body=body, on=on,
                                              context=context)
        words = text[clause.start: clause.end].strip()
        ob = Obligation(
            verb=_without_adverbs(clause.verb), addressees=[clause.addressee] if clause.addressee else [],
            addressee_category=clause.category, clause=words, passive=clause.passive,
        )
        if drafts:
            draft = drafts[0]
            ob.kind, ob.recipient_body, ob.recipient = draft.kind, draft.recipient_body, draft.recipient
            ob.refers_to_paragraph = draft.refers_to_paragraph
        named = _named_recipient(words, body)
        if named and ob.recipient_body in ("", body):
            ob.recipient_body, ob.recipient = named, reference.body_name(named)
        ob.deadlines = [_deadline(d, ob.recipient_body, ob.recipient)
                        for d in deadlines.find_deadlines(text[clause.start: clause.end], context)]
        out.append(ob)
    return out
