"""Text similarity between operative paragraphs and expected results: Okapi BM25, in plain Python.

Nothing is downloaded: words are lower-cased, split on anything that is not a letter, stripped of
the stop words in ``data/stopwords.txt`` and of common English endings (a light stemmer), then
scored with BM25 (k1 = 1.5, b = 0.75) against the expected results, each described by its own title
and description and the titles of the result area and theme above it.
"""
import math
import re
from collections import Counter

from . import reference

K1 = 1.5
B = 0.75
TOKEN_RE = re.compile(r"[a-z]+")


def stem(word: str) -> str:
    """A light suffix stripper: 'laundering' -> 'launder', 'capacities' -> 'capacity'."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    stop = reference.stopwords()
    return [stem(word) for word in TOKEN_RE.findall((text or "").lower()) if word not in stop and len(word) > 2]


class BM25:
    """A BM25 index over a few hundred short documents (the expected results of a period)."""

    def __init__(self, documents: dict, k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.docs = {key: Counter(tokens(text)) for key, text in documents.items()}
        self.lengths = {key: sum(counts.values()) for key, counts in self.docs.items()}
        count = len(self.docs) or 1
        self.avg_length = (sum(self.lengths.values()) / count) or 1.0
        frequency: Counter = Counter()
        for counts in self.docs.values():
            frequency.update(counts.keys())
        self.idf = {term: math.log(1 + (count - n + 0.5) / (n + 0.5)) for term, n in frequency.items()}

    def score(self, query: str) -> list[tuple[object, float]]:
        """Documents scored against the query, best first; documents scoring 0 are left out."""
        terms = set(tokens(query))
        scored = []
        for key, counts in self.docs.items():
            total = 0.0
            norm = self.k1 * (1 - self.b + self.b * self.lengths[key] / self.avg_length)
            for term in terms:
                tf = counts.get(term)
                if tf:
                    total += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            if total > 0:
                scored.append((key, total))
        scored.sort(key=lambda item: (-item[1], str(item[0])))
        return scored


def suggest(queries: dict, documents: dict, *, top: int = 3, min_share: float = 0.35, min_score: float = 3.0) -> dict:
    """For each query, the ``top`` best documents as (key, score), keeping only those scoring at
    least ``min_score`` and ``min_share`` of the best one (so chance and a weak tail are not proposed)."""
    index = BM25(documents)
    out = {}
    for key, text in queries.items():
        scored = index.score(text)
        if not scored:
            out[key] = []
            continue
        floor = max(scored[0][1] * min_share, min_score)
        out[key] = [(doc, round(score, 3)) for doc, score in scored[:top] if score >= floor]
    return out
