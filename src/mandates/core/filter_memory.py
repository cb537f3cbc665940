"""A person's last filters per list, kept in their session, so related pages open as they left them.

``restore_filters(request, "portfolio.projects")`` at the top of a list view: with filters in the
address it remembers them; with none it sends the person back to their last ones; ``?clear=1``
forgets them (the lists' "Clear filters" link).

A page kept by the page cache (``core.page_cache``) is served without its view, so the view cannot remember
its filters then: the view marks the request (``REMEMBERS``) and the cache keeps that mark with the page and
calls ``remember`` on every hit, so a person who goes back to a list they read before still finds it as they
last left it.
"""
from django.shortcuts import redirect

IGNORED = {"page", "format", "history_page"}
REMEMBERS = "_mandates_remembers_filters"  # the request attribute naming the list whose filters it remembered


def _chosen(request):
    params = request.GET.copy()
    for name in IGNORED:
        params.pop(name, None)
    return params, {k: v for k, v in params.lists() if any(v)}


def remember(request, key: str) -> None:
    """Remember the filters in the address of ``request`` as the last ones of list ``key`` (when there are any)."""
    params, chosen = _chosen(request)
    if chosen:
        _keep(request, key, params)


def _keep(request, key: str, params) -> None:
    session_key = f"filters:{key}"
    if request.session.get(session_key) != (wanted := params.urlencode()):
        request.session[session_key] = wanted  # a session write (and a cookie) only when they change
    setattr(request, REMEMBERS, key)


def restore_filters(request, key: str):
    """A redirect to the remembered filters of list ``key``, or None (the filters in the address are kept)."""
    session_key = f"filters:{key}"
    if "clear" in request.GET:
        request.session.pop(session_key, None)
        return redirect(request.path)
    params, chosen = _chosen(request)
    if chosen:
        _keep(request, key, params)
        return None
    if request.GET:  # only a page number: keep what is shown
        return None
    saved = request.session.get(session_key)
    return redirect(f"{request.path}?{saved}") if saved else None
