"""Public pages are cached per language and URL; publishing or changing a figure invalidates them.

Invalidation bumps one version number (so every cached page goes at once): the signals below fire
on every model whose rows reach the portal.
"""
import hashlib
from functools import wraps

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
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


def cached_public(view):
    """Serve anonymous GETs from the cache (key: version, language, full path)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # The portal's own version (model signals) and the data version (the latest audit entry,
        # moved by every service write, bulk ones included): either change drops the page.
        key = f"portal:{version()}:{data_version()}:{get_language()}:{path}"
        hit = cache.get(key)
        if hit is not None:
            hit[HEADER] = "hit"  # as the private page cache says it, so that the load run counts hits
            return hit
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not getattr(response, "streaming", False):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, TIMEOUT)
        return response

    return wrapper
