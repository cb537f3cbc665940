"""Recurring work run by ``mandates worker`` (e.g. deadline reminders, the weekly digest).

``register(name, func, every_seconds=3600)`` from an app's ``ready()``; the worker calls
``run_due()`` about once a minute and runs each registered function when its interval has
passed since it last ran (remembered in the cache, so several workers rarely repeat it and the
functions themselves must be safe to repeat). ``mandates run_scheduled --all`` runs them now.
"""
import logging
import threading
import time
from collections.abc import Callable

from django.core.cache import caches
from django.db import close_old_connections

logger = logging.getLogger(__name__)
_entries: dict[str, tuple[Callable, int]] = {}


def register(name: str, func: Callable, *, every_seconds: int = 3600) -> None:
    _entries[name] = (func, every_seconds)


def entries() -> dict[str, tuple[Callable, int]]:
    return dict(_entries)


def run_due(now: float | None = None, *, force: bool = False) -> list[str]:
    now = now or time.time()
    cache = caches["jobs"]
    ran = []
    for name, (func, every) in _entries.items():
        last = cache.get(f"schedule-{name}")
        if not force and last is not None and now - last < every:
            continue
        cache.set(f"schedule-{name}", now, None)
        try:
            func()
        except Exception:  # one failing schedule does not stop the others or the worker
            logger.exception("Scheduled %s failed", name)
        ran.append(name)
    return ran


def start_thread(interval: float = 60.0) -> threading.Thread:
    """Run ``run_due`` every ``interval`` seconds in a daemon thread (the worker's scheduler)."""
    def loop():
        while True:
            close_old_connections()
            run_due()
            close_old_connections()
            time.sleep(interval)

    thread = threading.Thread(target=loop, name="mandates-scheduler", daemon=True)
    thread.start()
    return thread
