"""Is this text already imported under another symbol?

Two checks on the operative part (the paragraphs that ask for something):

* the same text: the SHA-256 of the operative paragraphs, lower-cased, with every run of anything
  that is not a letter or a digit made one space (so line breaks, footnote marks' spacing, curly or
  straight quotes and paragraph numbers do not matter), stored on the resolution;
* nearly the same text: the cosine of the word counts that ``similarity.tokens`` gives (stop words
  out, light stemming), at least ``NEAR`` (a few words changed, a paragraph added or cut).
"""
import hashlib
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from . import similarity

NEAR = 0.9


def normalise(texts) -> str:
    text = unicodedata.normalize("NFKC", " ".join(texts)).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


def text_hash(texts) -> str:
    normal = normalise(texts)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest() if normal else ""


@dataclass
class Duplicate:
    resolution: object  # models.Resolution
    score: float  # 1.0: the same text

    @property
    def exact(self) -> bool:
        return self.score >= 0.9999


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(n * b.get(term, 0) for term, n in a.items())
    return dot / (math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values())))


def find(texts: list[str], *, exclude_symbol: str = "") -> Duplicate | None:
    """The imported resolution whose operative part is the same as ``texts`` (or nearly), if any."""
    from .models import Paragraph, Resolution

    digest = text_hash(texts)
    if not digest:
        return None
    same = Resolution.objects.filter(operative_hash=digest).exclude(symbol=exclude_symbol).order_by("date").first()
    if same is not None:
        return Duplicate(same, 1.0)
    query = Counter(similarity.tokens(" ".join(texts)))
    if len(query) < 5:
        return None
    by_resolution: dict[int, list[str]] = {}
    rows = (Paragraph.objects.filter(kind=Paragraph.Kind.OPERATIVE).exclude(resolution__symbol=exclude_symbol)
            .order_by("resolution_id", "position").values_list("resolution_id", "text"))
    for resolution_id, text in rows.iterator(chunk_size=2000):
        by_resolution.setdefault(resolution_id, []).append(text)
    best_id, best = None, 0.0
    for resolution_id, paragraph_texts in by_resolution.items():
        score = _cosine(query, Counter(similarity.tokens(" ".join(paragraph_texts))))
        if score > best:
            best_id, best = resolution_id, score
    if best_id is None or best < NEAR:
        return None
    return Duplicate(Resolution.objects.get(pk=best_id), round(best, 3))
