"""Extension points: later domains add panels to an earlier domain's pages without that domain
importing them (dependencies point one way).

A panel is a template rendered on a target page (e.g. "project") with the page's object. It may
carry a ``visible(user, obj)`` check; the panel's own page still enforces permissions itself.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    target: str
    template: str
    order: int = 50
    visible: Callable | None = None
    context: Callable | None = None  # (user, obj) -> extra template context
    # (user, obj) -> the facts of the person that change the panel's HTML (e.g. ``permissions.view_key``), or None:
    # the page may then render the panel once for everyone with the same facts (``core.shared_parts``)
    shared: Callable | None = None
    flags: Callable | None = None  # (user, obj) -> {flag: bool} for the panel's {% for_person flag %} blocks


_panels: dict[str, list[Panel]] = {}


def register_panel(target: str, template: str, *, order: int = 50, visible: Callable | None = None,
                   context: Callable | None = None, shared: Callable | None = None,
                   flags: Callable | None = None) -> None:
    panels = _panels.setdefault(target, [])
    if not any(p.template == template for p in panels):
        panels.append(Panel(target, template, order, visible, context, shared, flags))
        panels.sort(key=lambda p: p.order)


def panels_for(target: str, user, obj) -> list[Panel]:
    return [p for p in _panels.get(target, []) if p.visible is None or p.visible(user, obj)]


# --- What needs attention (the home page) -------------------------------------------------------
# Each domain app registers providers in its ready(): ``provider(user)`` returns AttentionItems,
# counted in the database with the same selector as the page the item links to (so the count on
# the home page is the count on that page). ``roles`` limits who is asked (None: everyone).

OVERDUE, DUE_SOON, TO_DO, FOR_INFORMATION = 0, 1, 2, 3


@dataclass(frozen=True)
class AttentionItem:
    label: str  # e.g. "indicator values wait for your approval" (shown after the count)
    count: int
    url: str  # the page where it is done, filtered to exactly these items
    urgency: int = TO_DO  # OVERDUE, DUE_SOON, TO_DO, FOR_INFORMATION
    area: str = ""  # e.g. "Results", shown as a small tag


@dataclass(frozen=True)
class AttentionProvider:
    name: str
    provider: Callable
    roles: tuple[str, ...] | None
    order: int


_attention: dict[str, AttentionProvider] = {}


def register_attention(name: str, provider: Callable, *, roles: tuple[str, ...] | None = None,
                       order: int = 50) -> None:
    _attention[name] = AttentionProvider(name, provider, tuple(roles) if roles else None, order)


def attention_for(user) -> list[AttentionItem]:
    """Every item that needs ``user``'s attention, the most urgent first; items counting zero are left out."""
    if not getattr(user, "is_authenticated", False):
        return []
    role = getattr(user, "role", "")
    found = []
    for entry in sorted(_attention.values(), key=lambda p: (p.order, p.name)):
        if entry.roles is not None and role not in entry.roles:
            continue
        for item in entry.provider(user) or ():
            if item.count:
                found.append((item.urgency, entry.order, len(found), item))
    return [item for *_ignored, item in sorted(found)]


# Providers: a later domain supplies data to an earlier domain's computation without that domain
# importing it, e.g. "indicator_actuals": fn(indicator_ids) -> iterable of (indicator_id, year, value, source).
_providers: dict[str, list[Callable]] = {}


def register_provider(name: str, fn: Callable) -> None:
    providers = _providers.setdefault(name, [])
    if fn not in providers:
        providers.append(fn)


def providers_for(name: str) -> list[Callable]:
    return list(_providers.get(name, []))


# Annotators: a later domain adds figures to an earlier domain's rows in one batch (no query per row),
# e.g. interop counts other publishers' activities for each row of the implementation plan.
_annotators: dict[str, list[Callable]] = {}


def register_annotator(target: str, annotate_rows: Callable) -> None:
    """``annotate_rows(user, rows)`` sets values in each row's ``extras`` dict."""
    functions = _annotators.setdefault(target, [])
    if annotate_rows not in functions:
        functions.append(annotate_rows)


def annotate(target: str, user, rows) -> None:
    for annotate_rows in _annotators.get(target, []):
        annotate_rows(user, rows)


# Followed things: what a person follows, so that "changed since your last visit" can find the
# changes others made to them in the audit log. ``fn(user)`` returns a queryset of followed rows
# (one model each) or None.
_followed: dict[str, Callable] = {}


def register_followed(name: str, fn: Callable) -> None:
    _followed[name] = fn


def followed_by(user) -> list:
    """The querysets of what ``user`` follows (never evaluated here)."""
    found = []
    for fn in _followed.values():
        qs = fn(user)
        if qs is not None:
            found.append(qs)
    return found
