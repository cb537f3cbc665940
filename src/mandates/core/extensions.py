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


_panels: dict[str, list[Panel]] = {}


def register_panel(target: str, template: str, *, order: int = 50, visible: Callable | None = None,
                   context: Callable | None = None) -> None:
    panels = _panels.setdefault(target, [])
    if not any(p.template == template for p in panels):
        panels.append(Panel(target, template, order, visible, context))
        panels.sort(key=lambda p: p.order)


def panels_for(target: str, user, obj) -> list[Panel]:
    return [p for p in _panels.get(target, []) if p.visible is None or p.visible(user, obj)]


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
