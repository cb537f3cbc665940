"""Public pages are cached per language and URL; publishing or changing a figure invalidates them.

Invalidation bumps one version number (so every cached page goes at once): the signals below fire
on every model whose rows reach the portal.

A kept page is compressed once, when it is stored (gzip), and served compressed to every visitor whose
browser accepts gzip, as is to the others (``Vary: Accept-Encoding`` on both). Only anonymous visitors'
pages are kept, and they carry nothing secret (no CSRF token, nothing of the visitor: a test reads them),
so compression cannot reveal a secret (BREACH); a signed-in person's pages are never compressed here.
"""
import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from mandates.core.page_cache import HEADER, data_version

VERSION_KEY = "portal:version"
TIMEOUT = 60 * 60
WATCHED = [
    "portfolio.Programme", "portfolio.Project", "portfolio.ProjectLocation", "portfolio.ProjectPartner",
    "portfolio.Outcome", "portfolio.Output", "finance.Expenditure", "finance.BudgetLine",
    "finance.Contribution", "finance.Donor", "results.Indicator", "results.IndicatorTarget",
    "results.IndicatorValue", "results.DisaggregatedValue", "results.Delivery", "strategy.StrategyNode",
    "partners.Partner",
    "finance.ImportBatch",  # ERP imports write their lines in bulk (no per-row signal)
    "statistics.ImportRun",  # so do statistics imports (the evidence beside a country's projects)
]


def version() -> int:
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, 1, None)
        current = cache.get(VERSION_KEY) or 1
    return current


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def invalidate(**kwargs) -> None:
    """Now, and again when the transaction commits (a page rendered meanwhile saw the old figures)."""
    _bump()
    transaction.on_commit(_bump)


def connect_signals() -> None:
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(invalidate, sender=model, dispatch_uid=f"portal-save-{label}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"portal-delete-{label}")
    for label, field in [("portfolio.Project", "results"), ("portfolio.Programme", "results"),
                         ("portfolio.Programme", "countries")]:
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(invalidate, sender=through, dispatch_uid=f"portal-m2m-{label}-{field}")


@dataclass(frozen=True)
class KeptPage:
    """A public page as kept: its status, headers and body, the body gzipped when that makes it smaller."""

    status: int
    headers: tuple
    body: bytes
    gzipped: bool


GZIP_LEVEL = 6  # zlib's default: a 96 kB overview in ~1 ms to a sixth of its size; 9 gains 1-2 % for twice the time
_CODING = re.compile(r"^\s*([A-Za-z0-9*-]+)\s*(?:;\s*q\s*=\s*([^\s;,]*))?")


def accepts_gzip(header: str) -> bool:
    """Whether an ``Accept-Encoding`` header accepts gzip (``gzip;q=0`` refuses it; ``*`` accepts what is
    not named)."""
    named, star = None, False
    for part in header.split(","):
        match = _CODING.match(part)
        if not match:
            continue
        coding, quality = match.group(1).lower(), match.group(2)
        try:
            accepted = quality is None or float(quality) > 0
        except ValueError:
            accepted = False
        if coding in ("gzip", "x-gzip"):
            named = accepted if named is None else named or accepted
        elif coding == "*":
            star = accepted
    return named if named is not None else star


def keep(response) -> KeptPage:
    body = response.content
    packed = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    smaller = len(packed) < len(body)
    headers = tuple((name, value) for name, value in response.items()
                    if name.lower() not in ("content-length", "content-encoding", HEADER.lower()))
    return KeptPage(response.status_code, headers, packed if smaller else body, smaller)


def serve(request, kept: KeptPage) -> HttpResponse:
    """The kept page, gzipped for a client that accepts it."""
    compressed = kept.gzipped and accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    body = kept.body if compressed or not kept.gzipped else gzip.decompress(kept.body)
    response = HttpResponse(body, status=kept.status)
    for name, value in kept.headers:
        response[name] = value
    if compressed:
        response["Content-Encoding"] = "gzip"
    if kept.gzipped:
        patch_vary_headers(response, ("Accept-Encoding",))
    return response


def cached_public(view):
    """Serve anonymous GETs from the cache (key: version, language, full path), compressed when the client
    accepts it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The portal's own version (model signals) and the data version (the latest audit entry,
        # moved by every service write, bulk ones included): either change drops the page.
        key = f"portal:kept:{version()}:{data_version()}:{get_language()}:{path}"
        kept = cache.get(key)
        if isinstance(kept, KeptPage):
            hit = serve(request, kept)
            hit[HEADER] = "hit"  # as the private page cache says it, so that the load run counts hits
            return hit
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(response, "streaming", False) and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            kept = keep(response)
            cache.set(key, kept, TIMEOUT)
            return serve(request, kept)  # the first reader gets what the next ones get
        return response

    return wrapper
