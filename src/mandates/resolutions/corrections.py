"""Corrections of an import draft before it is saved: merge and split paragraphs, correct a paragraph's
verb and addressee, an obligation's deadline and recipient, and the document's symbol, body, date and title.

Each correction is one transaction, is recorded in the draft's list of corrections (who, when, what) and
is saved inside ``acting_as(by)`` so the audit trail names the person. The draft itself is made by
``importing.prepare_import`` and saved as a resolution by ``importing.commit_draft``.
"""
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from . import analysis, reference
from .importing import (
    _already_imported,
    _analysed,
    _paragraph_dicts,
    as_date,
    body_code,
    check_symbol,
    session_from_symbol,
    subparagraphs,
)
from .models import ImportDraft, Paragraph, Resolution
from .parsing import ParseError, parse_text


def _paragraph_at(draft: ImportDraft, index) -> dict:
    try:
        index = int(index)
        if index < 0:
            raise IndexError
        return draft.paragraphs[index]
    except (TypeError, ValueError, IndexError):
        raise ValidationError({"paragraph": _("There is no such paragraph in this import.")}) from None


def _label(item: dict) -> str:
    if item["kind"] == Paragraph.Kind.OPERATIVE:
        return _("operative paragraph %(number)s") % {"number": item["number"]}
    return _("preambular paragraph “%(start)s …”") % {"start": " ".join(item["text"].split()[:4])}


def _record(draft: ImportDraft, by, what: str) -> None:
    draft.corrections = [*draft.corrections, {
        "what": what, "by": getattr(by, "username", "") or "", "at": timezone.now().isoformat(timespec="seconds")}]
    with acting_as(by):
        draft.save()


def _renumber(draft: ImportDraft, was_sequential: bool) -> None:
    if not was_sequential:
        return
    number = 0
    for item in draft.paragraphs:
        if item["kind"] == Paragraph.Kind.OPERATIVE:
            number += 1
            item["number"] = number


def _sequential(draft: ImportDraft) -> bool:
    numbers = [p["number"] for p in draft.paragraphs if p["kind"] == Paragraph.Kind.OPERATIVE]
    return numbers == list(range(1, len(numbers) + 1))


@transaction.atomic
def draft_merge(draft: ImportDraft, index, *, by) -> ImportDraft:
    """Join a paragraph with the one after it (a boundary the parser saw where there is none)."""
    first = _paragraph_at(draft, index)
    index = int(index)
    if index + 1 >= len(draft.paragraphs):
        raise ValidationError({"paragraph": _("This is the last paragraph: there is nothing after it to merge.")})
    second = draft.paragraphs[index + 1]
    label = _label(first)
    sequential = _sequential(draft)
    glue = "" if first["text"].endswith("-") else " "
    first["text"] = first["text"].rstrip() + glue + second["text"].lstrip()
    first["obligations"] = first["obligations"] + second["obligations"]
    first["footnotes"] = first.get("footnotes", []) + second.get("footnotes", [])
    first["subparagraphs"] = first.get("subparagraphs", []) + second.get("subparagraphs", [])
    first["unsure"], first["corrected"] = [], True
    del draft.paragraphs[index + 1]
    _renumber(draft, sequential)
    _record(draft, by, _("Merged %(first)s with %(second)s.") % {"first": label, "second": _label(second)})
    return draft


@transaction.atomic
def draft_split(draft: ImportDraft, index, *, at: str, by) -> ImportDraft:
    """Cut a paragraph in two where the words ``at`` start; both parts are read again."""
    item = _paragraph_at(draft, index)
    index = int(index)
    words = (at or "").strip()
    if not words:
        raise ValidationError({"at": _("Give the words that open the new paragraph.")})
    offset = item["text"].find(words)
    if offset < 0:
        raise ValidationError({"at": _("These words are not in the paragraph.")})
    if item["text"].find(words, offset + 1) >= 0:
        raise ValidationError({"at": _("These words occur more than once: give a few more of them.")})
    head, tail = item["text"][:offset].strip(), item["text"][offset:].strip()
    if not head or not tail:
        raise ValidationError({"at": _("The split must leave text on both sides.")})
    label = _label(item)
    sequential = _sequential(draft)
    tail = re.sub(r"^\d{1,3}\.\s*", "", tail)
    parts = []
    for text in (head, tail):
        part = {"kind": item["kind"], "number": item["number"], "text": text, "line": item.get("line"),
                "footnotes": [], "subparagraphs": subparagraphs(text), "unsure": [], "corrected": True}
        part.update(_analysed(item["kind"], text, draft.body, draft.date))
        parts.append(part)
    if item["kind"] == Paragraph.Kind.OPERATIVE and not sequential and item["number"] is not None:
        parts[1]["number"] = item["number"] + 1
    draft.paragraphs[index:index + 1] = parts
    _renumber(draft, sequential)
    _record(draft, by, _("Split %(label)s before “%(words)s”.") % {"label": label, "words": words[:60]})
    return draft


@transaction.atomic
def draft_edit_paragraph(draft: ImportDraft, index, *, by, verb: str, addressee_category: str,
                         addressee: str) -> ImportDraft:
    """Correct the opening verb and the addressee the parser read."""
    item = _paragraph_at(draft, index)
    verb, addressee = (verb or "").strip()[:80], (addressee or "").strip()[:500]
    categories = {code for code, _label_ in reference.addressee_categories()} | {analysis.NO_ADDRESSEE}
    if addressee_category not in categories:
        raise ValidationError({"addressee_category": _("Choose who the paragraph is addressed to.")})
    if addressee_category != analysis.NO_ADDRESSEE and not addressee:
        raise ValidationError({"addressee": _("Give the addressee's words, or choose “No addressee”.")})
    changes = []
    if verb != item["verb"]:
        changes.append(_("verb “%(old)s” → “%(new)s”") % {"old": item["verb"], "new": verb})
    if addressee != item["addressee"] or addressee_category != item["addressee_category"]:
        changes.append(_("addressee “%(old)s” → “%(new)s”") % {"old": item["addressee"], "new": addressee})
    if not changes:
        return draft
    item.update(verb=verb, addressee=addressee, addressee_category=addressee_category, corrected=True)
    for obligation in item["obligations"]:
        if addressee and obligation["actor"] == "":
            obligation["actor"] = addressee[:300]
    item["unsure"] = [r for r in item["unsure"] if "verb" not in r and "phrase" not in r]
    _record(draft, by, _("Corrected %(label)s: %(changes)s.") % {"label": _label(item), "changes": "; ".join(changes)})
    return draft


@transaction.atomic
def draft_edit_obligation(draft: ImportDraft, index, obligation_index, *, by, deadline, recipient_body: str,
                          recipient: str) -> ImportDraft:
    """Correct an obligation's deadline (its date) and its recipient."""
    item = _paragraph_at(draft, index)
    try:
        obligation = item["obligations"][int(obligation_index)]
    except (TypeError, ValueError, IndexError):
        raise ValidationError({"obligation": _("There is no such obligation in this paragraph.")}) from None
    new_date = as_date(deadline, "deadline").isoformat() if deadline not in (None, "") else None
    if new_date and new_date < draft.date.isoformat():
        raise ValidationError({"deadline": _("A deadline cannot fall before the resolution was adopted.")})
    recipient_body = (recipient_body or "").strip()
    if recipient_body and reference.find_body(recipient_body) is None:
        raise ValidationError({"recipient_body": _("Choose a governing body.")})
    changes = []
    if new_date != obligation["deadline"]:
        changes.append(_("deadline %(old)s → %(new)s") % {"old": obligation["deadline"] or "—", "new": new_date or "—"})
    if recipient_body != obligation["recipient_body"] or (recipient or "").strip() != obligation["recipient"]:
        changes.append(_("recipient %(old)s → %(new)s") % {
            "old": obligation["recipient_body"] or obligation["recipient"] or "—",
            "new": recipient_body or recipient or "—"})
    if not changes:
        return draft
    obligation.update(deadline=new_date, recipient_body=recipient_body, recipient=(recipient or "").strip()[:300],
                      deadline_rule=_("set by hand at the import review") if new_date else "",
                      deadline_precision="day" if new_date else "")
    item["corrected"] = True
    item["unsure"] = [r for r in item["unsure"] if "could not be given a date" not in r]
    _record(draft, by, _("Corrected %(label)s, obligation %(n)s: %(changes)s.") % {
        "label": _label(item), "n": int(obligation_index) + 1, "changes": "; ".join(changes)})
    return draft


@transaction.atomic
def draft_edit_document(draft: ImportDraft, *, by, symbol: str, body: str, date, title: str) -> ImportDraft:
    """Correct the document's facts the import read or was given: symbol, adopting body, date, title.
    A new body or date moves the deadlines read from sessions ("at its next session"): the obligations
    of the paragraphs not corrected by hand are read again; those corrected by hand are kept."""
    values = {"symbol": check_symbol(symbol), "body": body_code(body), "date": as_date(date, "date"),
              "title": (title or "").strip()[:500]}
    if not values["title"]:
        raise ValidationError({"title": _("Give the title.")})
    if values["symbol"] != draft.symbol:
        _already_imported(values["symbol"], draft.replace)
    labels = {"symbol": _("symbol"), "body": _("governing body"), "date": _("date of adoption"), "title": _("title")}
    changes = [_("%(field)s “%(old)s” → “%(new)s”") % {"field": labels[key], "old": getattr(draft, key), "new": value}
               for key, value in values.items() if value != getattr(draft, key)]
    if not changes:
        return draft
    moved = values["body"] != draft.body or values["date"] != draft.date
    if values["symbol"] != draft.symbol:
        if draft.session == session_from_symbol(draft.symbol):
            draft.session = session_from_symbol(values["symbol"])
        draft.kind = Resolution.Kind.DECISION if "/DEC/" in values["symbol"].upper() else Resolution.Kind.RESOLUTION
    for key, value in values.items():
        setattr(draft, key, value)
    if moved:
        _reread_obligations(draft)
    _record(draft, by, _("Corrected the document: %(changes)s.") % {"changes": "; ".join(changes)})
    return draft


def _reread_obligations(draft: ImportDraft) -> None:
    try:
        parsed = parse_text(draft.source_text, body=draft.body, on=draft.date, symbol=draft.symbol)
    except ParseError:
        return
    again = {(p["kind"], p["text"]): p for p in _paragraph_dicts(parsed)}
    for item in draft.paragraphs:
        fresh = again.get((item["kind"], item["text"]))
        if fresh is not None and not item.get("corrected"):
            item["obligations"], item["unsure"] = fresh["obligations"], fresh["unsure"]
