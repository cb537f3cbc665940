"""Obligations read from an operative paragraph: one for each clause that asks the office, its
Executive Director or the Secretary-General to act or report — and, for a report due at several
sessions ("to the Commission at its fourteenth session, and subsequently to the twenty-eighth session
of the Council"), one for each of them. A passive request ("Requests that a report be submitted to
the Commission at its twenty-fifth session") is an obligation to report with no named actor."""
import datetime
import re
from dataclasses import dataclass

from .. import reference
from ..analysis import Analysis
from .bodies import named
from .phrases import Deadline, DeadlineContext, find_deadlines

PASSIVE_RE = re.compile(r"\b(?:requests?|decides?|recommends?)\s+that\s+(?:a|the|an)\s+(?:[\w-]+\s+){0,4}?"
                        r"(?:report|study|survey|paper|note)s?\b[^.;]*?\bbe\s+(?:submitted|presented|prepared|made|"
                        r"transmitted|circulated)\b", re.I)


@dataclass
class ObligationDraft:
    kind: str  # "act" | "report"
    actor: str
    actor_category: str
    recipient_body: str
    recipient: str
    deadline_text: str
    deadline: datetime.date | None
    deadline_rule: str
    refers_to_paragraph: int | None = None
    deadline_precision: str = ""
    recurrence: str = ""
    recurrence_months: int | None = None


def _draft(kind: str, actor: str, category: str, deadline: Deadline | None, recipients: list[str],
           body: str, refers: int | None) -> ObligationDraft:
    if deadline is not None and deadline.recipient and (deadline.session is not None or not recipients
                                                        or len(recipients) == 1):
        recipient_body = deadline.recipient
        recipient = reference.body_name(recipient_body)
    elif kind == "report" and recipients:
        recipient_body, recipient = recipients[0], " and the ".join(reference.body_name(c) for c in recipients)
    else:
        recipient_body, recipient = body, reference.body_name(body)
    return ObligationDraft(
        kind=kind, actor=actor, actor_category=category, recipient_body=recipient_body, recipient=recipient,
        deadline_text=deadline.text if deadline else "", deadline=deadline.date if deadline else None,
        deadline_rule=deadline.rule if deadline else "", refers_to_paragraph=refers,
        deadline_precision=deadline.date_precision if deadline else "",
        recurrence=deadline.recurrence if deadline else "",
        recurrence_months=deadline.period_months if deadline else None,
    )


def _chosen(found: list[Deadline]) -> list[Deadline]:
    """Several sessions -> one deadline each; otherwise the most precise one."""
    sessions = [d for d in found if d.body or d.recurrence]
    dates = {d.date for d in sessions}
    if len(sessions) > 1 and len(dates) > 1:
        return sessions  # a report due at two sessions: one obligation for each
    if not found:
        return []
    return [max(found, key=lambda d: (d.date is not None, bool(d.recurrence), d.precision, -d.position))]


def derive_obligations(text: str, result: Analysis, *, body: str, on: datetime.date,
                       context: DeadlineContext | None = None) -> list[ObligationDraft]:
    context = context or DeadlineContext(body=body, adopted=on)
    report_patterns = reference.addressee_rules()["report_compiled"]
    drafts = []
    for clause in result.office_requests:
        words = text[clause.start: clause.end]
        is_report = any(p.search(words) for p in report_patterns)
        recipients = []
        for item in named(words, body, context.bodies):
            if not item.reference and item.code not in recipients:
                recipients.append(item.code)
        refers = re.search(r"referred to in paragraph (\d{1,3})", words)
        refers_to = int(refers.group(1)) if refers else None
        found = find_deadlines(words, context)
        kind = "report" if is_report else "act"
        for deadline in _chosen(found) or [None]:
            drafts.append(_draft(kind, clause.addressee, clause.category, deadline, recipients, body, refers_to))
    if not drafts and (passive := PASSIVE_RE.search(text)):
        words = text[passive.start():]
        found = find_deadlines(words, context)
        for deadline in _chosen(found) or [None]:
            drafts.append(_draft("report", "", "none", deadline, [], body, None))
    return drafts
