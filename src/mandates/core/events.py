"""Events that people may be told about (notifications), without the domain apps knowing who listens.

A domain app describes its events in ``ready()``: ``register_kind("results.value_approved",
_("An indicator value I submitted was approved"))``, and emits them from signal handlers it
connects itself: ``emit("results.value_approved", recipients=[...], title=..., url=..., actor=by)``.
Deadlines are found by ``register_deadlines(name, provider)``; ``provider(user, days)`` returns the
``Deadline``s that concern ``user`` falling within ``days`` days or already passed. The
notifications app listens to ``event`` and asks the deadline providers from the worker.
"""
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.dispatch import Signal

event = Signal()  # kwargs: kind, recipients, title, url, actor, key

_kinds: dict[str, str] = {}
_deadlines: dict[str, Callable] = {}


def register_kind(kind: str, label) -> None:
    _kinds[kind] = label


def kinds() -> dict[str, str]:
    return dict(_kinds)


_quiet = threading.local()


@contextmanager
def muted():
    """Nobody is told of what happens inside (e.g. loading the demo data: no notifications, no mail)."""
    before = getattr(_quiet, "depth", 0)
    _quiet.depth = before + 1
    try:
        yield
    finally:
        _quiet.depth = before


def is_muted() -> bool:
    return getattr(_quiet, "depth", 0) > 0


def emit(kind: str, *, recipients, title: str, url: str = "", actor=None, key: str = "") -> None:
    if is_muted():
        return
    people = [p for p in recipients if p is not None and getattr(p, "is_active", True)
              and (actor is None or p.pk != getattr(actor, "pk", None))]
    if people:
        event.send(sender=kind, kind=kind, recipients=people, title=str(title)[:300], url=url, actor=actor, key=key)


@dataclass(frozen=True)
class Deadline:
    kind: str  # an event kind registered with register_kind
    key: str  # stable per thing, e.g. "obligation:12"
    title: str
    url: str
    due: date


def register_deadlines(name: str, provider: Callable) -> None:
    _deadlines[name] = provider


def deadlines_for(user, days: int) -> list[Deadline]:
    found = []
    for provider in _deadlines.values():
        found.extend(provider(user, days))
    return sorted(found, key=lambda d: d.due)
