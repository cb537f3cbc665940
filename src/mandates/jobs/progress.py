"""Live progress of running jobs.

A job's function runs inside one database transaction, so its progress cannot be written to the
``Job`` row (others would not see it until the end, and SQLite allows one writer). Progress is
published through Django's cache instead — the ``jobs`` cache alias, a file-based cache under
``var/`` by default that the web server and the worker share; point it at a shared cache (e.g.
Redis) when they run on different machines. The final figures are stored on the row when the job
ends.
"""
import time

from django.core.cache import caches

TIMEOUT = 24 * 3600


def _cache():
    return caches["jobs"]


def _key(job_id: int) -> str:
    return f"job-progress-{job_id}"


def read(job_id: int) -> dict | None:
    return _cache().get(_key(job_id))


def clear(job_id: int) -> None:
    _cache().delete(_key(job_id))


class Reporter:
    """The ``progress(done, total, message)`` callback given to job functions; writes at most a
    few times a second whatever the number of calls."""

    interval = 0.3

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.total = 0
        self.message = ""
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        self.done = max(0, int(done))
        if total is not None:
            self.total = max(0, int(total))
        if message:
            self.message = str(message)[:300]
        now = time.monotonic()
        if now - self._last >= self.interval or (self.total and self.done >= self.total):
            self._last = now
            _cache().set(_key(self.job_id),
                         {"done": self.done, "total": self.total, "message": self.message}, TIMEOUT)
