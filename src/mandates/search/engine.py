"""Matching and ranking, the same for every provider.

On PostgreSQL words are matched with full-text search (``SearchVector`` / ``websearch`` queries /
``SearchRank``, English stemming); elsewhere (SQLite) every word must appear (``icontains``) and
the hits are ranked by where the words appear. Codes and symbols ("GLOZ31", "A/RES/64/179") are
matched exactly first, then by their beginning, then anywhere — and come before word matches.
"""
import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext as _

MAX_CHARS = 200
MAX_WORDS = 10
PER_KIND = 10
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WORD = re.compile(r"\w+", re.UNICODE)


class QueryError(ValueError):
    """A query that cannot be searched; the message says why, for the person."""


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[str, ...]

    @property
    def looks_like_code(self) -> bool:
        return " " not in self.text and len(self.text) <= 60


def parse(raw) -> Query:
    text = _CONTROL.sub(" ", str(raw or "")).strip()
    if not text:
        raise QueryError(_("Type a word, a name or a code to search for, e.g. “GLOZ31” or “witness protection”."))
    if len(text) > MAX_CHARS:
        raise QueryError(_("The search is too long (%(length)s characters); use at most %(max)s.") % {
            "length": len(text), "max": MAX_CHARS})
    text = " ".join(text.split())
    words = tuple(dict.fromkeys(w.lower() for w in _WORD.findall(text)))[:MAX_WORDS]
    if not words:
        raise QueryError(_("Type letters or digits to search for."))
    return Query(text=text, words=words)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def code_hits(qs, query: Query, fields: tuple[str, ...], limit: int = PER_KIND):
    """Rows whose code equals, starts with or contains the query, best first, with a score."""
    if not fields or not query.looks_like_code:
        return []
    contains = reduce(or_, (Q(**{f"{f}__icontains": query.text}) for f in fields))
    found = []
    for obj in qs.filter(contains)[: limit * 3]:
        values = [str(getattr(obj, f.replace("__", "."), "") or "").lower() for f in fields]
        target = query.text.lower()
        score = 100 if target in values else 60 if any(v.startswith(target) for v in values) else 30
        found.append((score, obj))
    found.sort(key=lambda pair: -pair[0])
    return found[:limit]


def text_hits(qs, query: Query, title_fields: tuple[str, ...], body_fields: tuple[str, ...] = (),
              limit: int = PER_KIND):
    """Rows matching the words, ranked: (score 0-20, obj)."""
    if not query.words:
        return []
    if uses_full_text():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = reduce(lambda a, b: a + b, [SearchVector(f, weight="A", config="english") for f in title_fields]
                        + [SearchVector(f, weight="B", config="english") for f in body_fields])
        search = SearchQuery(query.text, search_type="websearch", config="english")
        rows = (qs.annotate(search_rank=SearchRank(vector, search)).filter(search_rank__gt=0)
                .order_by("-search_rank")[:limit])
        return [(min(20.0, 1 + 20 * float(obj.search_rank)), obj) for obj in rows]
    fields = title_fields + body_fields
    condition = Q()
    for word in query.words:
        condition &= reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
    found = []
    phrase = query.text.lower()
    for obj in qs.filter(condition)[: limit * 5]:
        titles = " ".join(str(getattr(obj, f) or "") for f in title_fields).lower()
        bodies = " ".join(str(getattr(obj, f) or "") for f in body_fields).lower()
        score = 1 + (6 if phrase in titles else 3 if phrase in bodies else 0)
        score += sum(2 for w in query.words if w in titles) + sum(0.5 for w in query.words if w in bodies)
        found.append((min(score, 20.0), obj))
    found.sort(key=lambda pair: -pair[0])
    return found[:limit]


def snippet(text: str, query: Query, size: int = 180) -> str:
    """A piece of ``text`` around the first word of the query."""
    text = " ".join(str(text or "").split())
    lower = text.lower()
    at = min((lower.find(w) for w in query.words if w in lower), default=0)
    start = max(0, at - size // 3)
    piece = text[start:start + size]
    return ("…" if start else "") + piece + ("…" if start + size < len(text) else "")
