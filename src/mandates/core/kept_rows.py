"""An API list's count and pages, kept for everyone whose list is the same query (``core.shared_figures``).

The page cache keeps a page per person: seven people reading ``/api/v1/strategy/results`` cost seven
readings, though the answer depends only on the query (the strategy is public). ``KeptRows`` hands DRF's
paginator a sequence whose ``count()`` and slices are kept under the **SQL of the list's query** — filters,
ordering and the permission matrix's narrowing included, so people who may see different rows never share —
and the data version (any write drops them). The paginator then validates the page and writes the links as
for a queryset: the same answers, 404s and 400s. Off with ``SHARED_FIGURES`` (tests, the benchmark's
workloads): every count and page is read, as before.
"""
from django.core.exceptions import EmptyResultSet

from .shared_figures import kept


def query_key(queryset) -> str:
    """What a kept value read from ``queryset`` depends on: its database, SQL and parameters (filters, ordering and
    narrowing included), or "(none)" for ``.none()``, which reads nothing."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return "(none)"
    return f"{queryset.db}|{sql}|{params!r}"


class KeptRows:
    """``queryset`` for ``Paginator``: ``build(sliced_queryset)`` gives a page's JSON rows."""

    def __init__(self, queryset, build, *, name: str, counted=None):
        """``counted``: the same rows as ``queryset`` without what only the rows show (the codes a values
        query joins for), so that the count reads one table; ``queryset`` by default."""
        self.queryset, self.build = queryset, build
        self.counted = queryset if counted is None else counted
        self.parts = (name, query_key(queryset))

    def count(self) -> int:
        return kept((*self.parts, "count"), self.counted.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("KeptRows is read by pages")
        return kept((*self.parts, item.start, item.stop), lambda: list(self.build(self.queryset[item])))
