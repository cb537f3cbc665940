"""A person's pages, kept until anything in Mandates changes (``MANDATES_PAGE_CACHE=1``, on in ``make serve``).

People open the same lists and pages again and again; between two writes the answer is the same.
A rendered page is kept per person (nobody sees another person's page; every session of the same
person shares it, so twenty browser tabs or API clients of one reader cost one rendering, not
twenty), per language and per day, under the **data version**: the number of the latest
audit entry. Every write in Mandates is audited (a standing rule, tested), so any write anywhere
moves the version on and every kept page is dropped at once — on every application server, since
the version is read from the database (one indexed query per request; see ``data_version``). Only GET requests of
signed-in people for the paths in ``PAGE_CACHE_PATHS``, answered 200 with HTML or JSON, with no
message shown and no cookie set, are kept. The CSRF tokens of the stored page (forms, htmx header)
are taken out when it is stored and the asking session's own token is put in on every hit, so a
form on a kept page posts from whichever session shows it.

Anonymous visitors' pages are kept only for the views marked ``@kept_for_visitors`` (the open-data page):
one page per language, day, data version and address for every visitor, which shows nothing of whoever asks
(the view says so by its mark); its CSRF tokens are slots like a person's, filled on each hit with the
visitor's own. A visitor who holds a session (a message waiting for them, say) is never served a kept page.
(The public portal's anonymous pages have their own cache, ``portal/cache.py``.)
"""
import contextvars
import hashlib
import re

from django.conf import settings
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.utils import timezone

from . import single_flight
from .filter_memory import REMEMBERS, remember

HEADER = "X-Mandates-Page-Cache"
REMEMBERS_HEADER = "X-Mandates-Remembers-Filters"  # on a kept page only (never sent): the list whose filters it remembers
TOKEN_SLOT = b"@@mandates-csrf-token@@"
_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")  # what _token_spans finds
# Every ASCII letter and digit as "a", every other byte as a space: runs of exactly 64 "a" are the candidates.
_ALNUM_AS_A = bytes(0x61 if chr(c).isascii() and chr(c).isalnum() else 0x20 for c in range(256))
_RUN = b"a" * 64


def _token_spans(body: bytes) -> list[tuple[int, int]]:
    """Where ``_TOKEN`` matches in ``body`` (runs of exactly 64 ASCII letters and digits), found by
    ``bytes.translate`` and ``bytes.find`` in C: 0.24 ms for a 280 kB project list where the regular
    expression took 3.6 ms (load8 in BENCHMARKS.md)."""
    mask = body.translate(_ALNUM_AS_A)
    spans, start = [], mask.find(_RUN)
    while start != -1:  # ``start`` begins a run: the search resumes after the previous run's end
        end = mask.find(b" ", start)
        end = len(mask) if end == -1 else end
        if end - start == 64:
            spans.append((start, end))
        start = mask.find(_RUN, end)
    return spans


def data_version() -> str:
    """The latest audit entry's number and the count of committed writing transactions, in one query.

    The number moves inside a writing transaction (its own pages see it at once); the count moves just
    after each commit, so a transaction that drew a lower number but committed later still drops what
    was kept meanwhile (``core.models.data_version``).
    """
    from auditlog.models import LogEntry
    from django.db import connections, router

    from .models import DataVersion

    connection = connections[router.db_for_read(LogEntry)]
    entries, counter = (connection.ops.quote_name(m._meta.db_table) for m in (LogEntry, DataVersion))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT (SELECT id FROM {entries} ORDER BY id DESC LIMIT 1), "
                       f"(SELECT commits FROM {counter} WHERE id = 1)")
        latest, commits = cursor.fetchone()
    return f"{latest or 0}.{commits or 0}"


def _count_commit() -> None:
    from django.db.models import F

    from .models import DataVersion

    if not DataVersion.objects.filter(pk=1).update(commits=F("commits") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"commits": 1})


def count_commit_of_this_write(**_kwargs) -> None:
    """On an audit entry (one by one or in bulk): count the transaction once, after it commits."""
    from django.db import transaction

    connection = transaction.get_connection()
    if connection.in_atomic_block:
        queue, at = connection.run_on_commit, getattr(connection, "_mandates_commit_counted_at", None)
        if at is not None and at < len(queue) and queue[at][1] is _count_commit:
            return  # already queued in this transaction (a rolled-back savepoint would have dropped it)
        connection._mandates_commit_counted_at = len(queue)
    transaction.on_commit(_count_commit, robust=True)


# The data version this middleware read for the request being served (a GET), so that figures kept
# for everyone (core.shared_figures) need not read it again for each of their parts.
_request_version: contextvars.ContextVar = contextvars.ContextVar("mandates_data_version", default=None)


def request_data_version() -> str | None:
    return _request_version.get()


# Figures kept for everyone (core.shared_figures) computed while this middleware serves a signed-in person's GET:
# written to the cache after the answer, if the data version is still the one read before it. The middleware reads
# the version again then anyway (to keep the page), so each first reading makes one query for both instead of one
# more per kept figure (load9's "Still open" (3)).
_pending_figures: contextvars.ContextVar = contextvars.ContextVar("mandates_pending_figures", default=None)


def pending_figures() -> dict | None:
    """The figures to keep once this request's answer is made (cache key -> value), or None outside one."""
    return _pending_figures.get()


def kept_for_visitors(view):
    """Mark a view whose anonymous answer depends only on its address, the language and the data version
    (no form but the CSRF-protected ones, nothing of the visitor): the page cache keeps it for every visitor."""
    view.kept_for_visitors = True
    return view


_VISITOR = "_mandates_kept_for_visitors"  # on a request: (key, data version) of a visitor's page to keep


class PrivatePageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = tuple(getattr(settings, "PAGE_CACHE_PATHS", ()))
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.cache = caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]

    def _key(self, request, version: int) -> str | None:
        session = getattr(request, "session", None)
        owner = f"person:{request.user.pk}" if session is not None and session.session_key else None
        if owner is None:
            auth = request.META.get("HTTP_AUTHORIZATION", "")
            owner = "token:" + hashlib.sha256(auth.encode()).hexdigest() if auth else None
        if owner is None:
            return None
        language = getattr(request, "LANGUAGE_CODE", "")
        raw = f"{owner}|{language}|{timezone.localdate()}|{version}|{request.get_full_path()}"
        return "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def _visitor_key(self, request, version: str) -> str:
        language = getattr(request, "LANGUAGE_CODE", "")
        raw = f"visitor|{language}|{timezone.localdate()}|{version}|{request.get_full_path()}"
        return "page:" + hashlib.sha256(raw.encode()).hexdigest()

    def process_view(self, request, view_func, view_args, view_kwargs):
        """An anonymous GET of a view marked ``kept_for_visitors``: the kept page, or mark the request to keep it."""
        if (request.method != "GET" or not getattr(view_func, "kept_for_visitors", False)
                or not getattr(request, "user", None) or request.user.is_authenticated):
            return None
        version = data_version()
        key = self._visitor_key(request, version)
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:  # a session may hold a message for this visitor
            hit = self.cache.get(key)
            if hit is not None:
                return _with_own_token(request, hit)
        setattr(request, _VISITOR, (key, version))
        _request_version.set(version)  # reset by __call__ once the answer is made
        return None

    def __call__(self, request):
        if (request.method != "GET" or not (request.path == "/" or request.path.startswith(self.paths))
                or not getattr(request, "user", None) or not request.user.is_authenticated):
            if request.method != "GET":
                return self.get_response(request)
            return self._for_visitor(request)
        version = data_version()
        key = self._key(request, version)
        if key is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return _with_own_token(request, hit)
        token, figures = _request_version.set(version), _pending_figures.set({})
        locks = single_flight.hold_locks()  # figures' locks, freed once their values are kept (or dropped)
        try:
            try:
                response = self.get_response(request)
            finally:
                pending = _pending_figures.get()
                _request_version.reset(token)
                _pending_figures.reset(figures)
            return self._keep(request, response, key, version, pending)
        finally:
            single_flight.release_locks(locks)

    def _keep(self, request, response, key, version, pending):
        """Keep the page and the figures computed for it, if no write landed while they were made."""
        keepable = key is not None and self._keepable(request, response)
        current = data_version() if keepable or pending else None
        if current != version:
            return response  # a write landed meanwhile: keep nothing computed from the data it changed
        if pending:
            self.cache.set_many(pending, self.timeout)
        if keepable:
            response[HEADER] = "stored"
            kept = _without_tokens(request, response)
            remembers = getattr(request, REMEMBERS, None)
            if remembers:
                kept[REMEMBERS_HEADER] = remembers
            self.cache.set(key, kept, self.timeout)
        return response

    def _for_visitor(self, request):
        """Any other GET: a visitor's page of a marked view (``process_view``) is kept once made."""
        token = _request_version.set(None)
        try:
            response = self.get_response(request)
        finally:
            _request_version.reset(token)
        marked = getattr(request, _VISITOR, None)
        if marked is not None and response.get(HEADER) != "hit":
            key, version = marked
            if self._keepable(request, response) and data_version() == version:
                response[HEADER] = "stored"
                self.cache.set(key, _without_tokens(request, response), self.timeout)
        return response

    @staticmethod
    def _keepable(request, response) -> bool:
        if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
            return False
        kind = response.get("Content-Type", "")
        if not (kind.startswith("text/html") or kind.startswith("application/json")):
            return False
        if response.has_header("Content-Disposition"):
            return False  # downloads
        storage = getattr(request, "_messages", None)
        if storage is not None and (getattr(storage, "used", False) or list(getattr(storage, "_queued_messages", []))):
            return False
        return True


def _without_tokens(request, response):
    """A copy of ``response`` whose CSRF tokens (masked forms of this session's secret) are slots."""
    from django.http import HttpResponse
    from django.middleware.csrf import _unmask_cipher_token

    secret = request.META.get("CSRF_COOKIE")
    body = response.content
    if secret and b"csrf" in body.lower():
        parts, done = [], 0
        for start, end in _token_spans(body):
            if _unmask_cipher_token(body[start:end].decode()) == secret:
                parts += [body[done:start], TOKEN_SLOT]
                done = end
        body = b"".join([*parts, body[done:]]) if parts else body
    kept = HttpResponse(body, status=response.status_code)
    for name, value in response.items():
        if name.lower() != "content-length":
            kept[name] = value
    return kept


def _with_own_token(request, kept):
    """The kept page for this request: its token slots filled with this session's CSRF token."""
    from django.http import HttpResponse

    body = kept.content
    if TOKEN_SLOT in body:
        body = body.replace(TOKEN_SLOT, get_token(request).encode())
    hit = HttpResponse(body, status=kept.status_code)
    for name, value in kept.items():
        if name.lower() not in ("content-length", REMEMBERS_HEADER.lower()):
            hit[name] = value
    remembers = kept.get(REMEMBERS_HEADER)
    if remembers:  # what the view would have done: the list's filters remembered for this person
        remember(request, remembers)
    hit[HEADER] = "hit"
    return hit
