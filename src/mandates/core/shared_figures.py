"""Figures that are the same for everyone, computed once per data version (``SHARED_FIGURES``, on with the page cache).

The page cache (``page_cache``) keeps a *page* per person: seven people reading the fund overview of
one biennium cost seven renderings, and each rendering sums the whole ledger again although the
figures do not depend on who asks (only what the page shows around them does). ``kept(parts,
compute)`` keeps such person-independent figures in the shared cache under the **data version**
(the latest audit entry: every write moves it, so nothing stale is ever served) and the language
(labels are translated while computing); the page, the API and the Excel export of the same figures
then share one computation. A value computed while a write landed is not kept (in a request the page cache
serves, the value is written after the answer, when the page cache reads the data version again to keep the page). Off unless
``SHARED_FIGURES`` is set (``make serve`` sets it with ``MANDATES_PAGE_CACHE=1``), so that the
benchmark's workloads still measure the computation against its SQL floor. Readers of the same figures at the
same moment compute them once (``core.single_flight``).
"""
import hashlib

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language

from . import single_flight
from .page_cache import data_version, pending_figures, request_data_version


def kept(parts: tuple, compute):
    """``compute()``, or the value it gave for the same ``parts`` since the data last changed."""
    if not getattr(settings, "SHARED_FIGURES", False):
        return compute()
    cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]
    version = request_data_version()  # read once per request by the page cache, if it serves this one
    if version is None:
        version = data_version()
    raw = "|".join(str(p) for p in parts) + f"|{get_language()}|{version}"
    key = "figures:" + hashlib.sha256(raw.encode()).hexdigest()
    pending = pending_figures()  # in a request the page cache serves: kept after the answer, if still current
    if pending is not None and key in pending:
        return pending[key]
    value = cache.get(key)
    if value is None:
        # several readers of the same figures at the same moment: one computes, the others wait for its value
        value = single_flight.once(key, lambda: _computed(cache, key, version, compute, pending),
                                   lambda: cache.get(key), release_later=pending is not None)
    return value


def _computed(cache, key: str, version, compute, pending):
    value = compute()
    if pending is not None:  # kept after the answer, if still current (its lock is held until then)
        pending[key] = value
    elif data_version() == version:
        cache.set(key, value, getattr(settings, "PAGE_CACHE_SECONDS", 600))
    return value
