"""Deadlines and obligations read from the words of a paragraph (rules in ``data/README.md``).

* :func:`find_deadlines` (text, :class:`DeadlineContext`) -> every deadline of a clause or paragraph,
  each with the words printed, the body and session, the resolved date and its precision, the
  recipient and, for a recurring obligation, its period;
* :func:`find_deadline` -> the most precise one (the older interface);
* :func:`derive_obligations` -> the obligations of an operative paragraph;
* ``calendar`` -> the session calendars of ``data/sessions/``.
"""
import datetime

from . import calendar
from .bodies import bodies_named, named
from .calendar import session_date
from .obligations import ObligationDraft, derive_obligations
from .ordinals import ordinal
from .phrases import Deadline, DeadlineContext, SessionRef, find_deadline, find_deadlines, session_from_symbol

__all__ = ["Deadline", "DeadlineContext", "ObligationDraft", "SessionRef", "bodies_named", "derive_obligations",
           "find_deadline", "find_deadlines", "named", "next_session", "ordinal", "session_date",
           "session_from_symbol"]


def next_session(body_code: str, after: datetime.date) -> tuple[datetime.date | None, str]:
    """Kept for older callers: (date, rule) of the body's first session after a date."""
    resolved = calendar.next_session(body_code, after)
    return resolved.date, resolved.rule
