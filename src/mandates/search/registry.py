"""Search providers: one per domain, each ``provider(user, query) -> list[Hit]``, narrowed to what
``user`` may see with ``people.permissions.visible``. ``search.providers`` registers the built-in
ones; a later app registers its own from its ``ready()`` with ``register``."""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    kind: str  # what it is, in words ("Project", "Operative paragraph")
    title: str
    url: str
    score: float
    snippet: str = ""
    code: str = ""


_providers: dict[str, Callable] = {}


def register(name: str, provider: Callable) -> None:
    _providers[name] = provider


def providers() -> dict[str, Callable]:
    return dict(_providers)
