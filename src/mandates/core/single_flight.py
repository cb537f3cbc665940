"""One computation of the same uncached thing at the same moment (``SINGLE_FLIGHT``, on with the shared figures).

After a write every reader of the fund overview, or of the implementation plan, finds its kept value out of date
and computes it again: twenty readers at the same moment make twenty computations of the same figures, each
slowing the others on the same cores. ``once(name, compute, ready)`` lets the first of them compute: it takes a
lock key in the shared cache (``cache.add``, which only one process wins, with a short expiry so that a process
that died computing frees it). The others look at the lock a few times a second; once it is gone they read the
value with ``ready()`` (the kept value, the stored summary), and compute it themselves when there is none (the
computer failed, or a write landed meanwhile and its value was not kept) or after ``WAIT`` seconds. Waiting readers read
exactly what they would read from the cache a moment later, under the same key: nobody gets another person's
value. Nothing waits without bound, and a reader computing one thing (holding its lock) never waits for another,
so that two computations nested in opposite orders never wait for each other.

In a request the page cache serves, the figures' values are kept after the answer (``page_cache.pending_figures``):
their locks are held until then (``hold_locks`` / ``release_locks``), so that a waiting reader finds the value once
the lock is gone; a request holding such a lock never waits for another's either.
"""
import contextvars
import os
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches

WAIT = 8.0  # seconds a reader waits for another's computation before computing it itself
LOCK_SECONDS = 30  # the lock's expiry: a computer that died frees it by then
POLL = (0.005, 0.01, 0.02, 0.04, 0.08)  # the pauses between two looks, then the last one over and over


_local = threading.local()  # how many computations this thread is inside (a kept value computing another)
_held: contextvars.ContextVar = contextvars.ContextVar("mandates_flight_locks", default=None)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def hold_locks():
    """From now on in this request, locks taken with ``release_later`` are held until ``release_locks``."""
    return _held.set([])


def release_locks(token) -> None:
    """Free the locks held since ``hold_locks`` (each only if it is still this reader's)."""
    held = _held.get()
    _held.reset(token)
    if held:
        cache = _cache()
        for lock, mine in held:
            if cache.get(lock) == mine:
                cache.delete(lock)


def enabled() -> bool:
    return getattr(settings, "SINGLE_FLIGHT", False)


def once(name: str, compute, ready, *, wait: float | None = None, release_later: bool = False):
    """``compute()``, unless another process or thread is computing ``name`` now: then what ``ready()`` gives
    (not None) once it has finished, or ``compute()`` if it finished without a value or took longer than
    ``wait`` seconds. With ``release_later`` (the value is kept after the answer) the lock is freed by
    ``release_locks``, when it is held for the request."""
    if not enabled():
        return compute()
    cache = _cache()
    held = _held.get()
    lock, token = f"flight:{name}", f"{os.getpid()}:{uuid.uuid4().hex}"
    if cache.add(lock, token, LOCK_SECONDS):
        _local.depth = getattr(_local, "depth", 0) + 1
        try:
            return compute()
        finally:
            _local.depth -= 1
            if release_later and held is not None:
                held.append((lock, token))
            elif cache.get(lock) == token:  # not another's lock taken after ours expired
                cache.delete(lock)
    if getattr(_local, "depth", 0) or held:
        # a reader holding a lock never waits for another's, so that two never wait for each other
        return compute()
    deadline = time.monotonic() + (WAIT if wait is None else wait)
    pauses = iter(POLL)
    while time.monotonic() < deadline:
        time.sleep(next(pauses, POLL[-1]))
        if cache.get(lock) is None:  # the computer has finished (it keeps its value before freeing the lock)
            value = ready()
            return value if value is not None else compute()  # none kept (a write landed, or it failed)
    return compute()
