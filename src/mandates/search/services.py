"""Searching everything a person may see: every provider's hits, ranked together."""
from . import engine
from .registry import providers

MAX_RESULTS = 60


def search(user, raw_query) -> tuple[engine.Query, list]:
    """(the parsed query, hits best first). Raises ``engine.QueryError`` for a query that cannot be
    searched (empty, too long, no letters or digits)."""
    query = engine.parse(raw_query)
    hits = []
    for provider in providers().values():
        hits.extend(provider(user, query))
    hits.sort(key=lambda h: (-h.score, h.kind, h.title))
    return query, hits[:MAX_RESULTS]
