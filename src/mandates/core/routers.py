"""Read replicas: pages that only read (the public portal, reports) may read from a replica.

Set ``MANDATES_REPLICA_URL`` to a PostgreSQL standby of the primary; ``ReplicaMiddleware`` marks
GET/HEAD requests whose path starts with one of ``MANDATES_REPLICA_PATHS`` (default ``/open/``,
``/reports/``, ``/api/v1/``), and while such a request runs ``ReplicaRouter`` sends its reads to the
replica. Everything else — every write, and every read of a request that may write — goes to the
primary, so nobody reads a replica's slightly older copy of what they have just saved.
"""
from contextvars import ContextVar

from django.conf import settings

_read_from_replica: ContextVar[bool] = ContextVar("read_from_replica", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _read_from_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(getattr(settings, "REPLICA_PATHS", ()))
        self.languages = tuple(f"/{code}/" for code, _name in getattr(settings, "LANGUAGES", ()))

    def _unprefixed(self, path: str) -> str:
        """The path without a language prefix (``/fr/open/`` is the portal too)."""
        for prefix in self.languages:
            if path.startswith(prefix):
                return path[len(prefix) - 1:]
        return path

    def __call__(self, request):
        use = request.method in ("GET", "HEAD") and self._unprefixed(request.path).startswith(self.paths)
        token = _read_from_replica.set(use)
        try:
            return self.get_response(request)
        finally:
            _read_from_replica.reset(token)


class reading_from_replica:
    """``with reading_from_replica():`` — a report job's reads go to the replica (when there is one)."""

    def __enter__(self):
        self._token = _read_from_replica.set(True)

    def __exit__(self, *exc):
        _read_from_replica.reset(self._token)
