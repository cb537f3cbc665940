"""A person's last filters per list, kept in their session, so related pages open as they left them.

``restore_filters(request, "portfolio.projects")`` at the top of a list view: with filters in the
address it remembers them; with none it sends the person back to their last ones; ``?clear=1``
forgets them (the lists' "Clear filters" link).
"""
from django.shortcuts import redirect

IGNORED = {"page", "format", "history_page"}


def restore_filters(request, key: str):
    """A redirect to the remembered filters of list ``key``, or None (the filters in the address are kept)."""
    session_key = f"filters:{key}"
    if "clear" in request.GET:
        request.session.pop(session_key, None)
        return redirect(request.path)
    params = request.GET.copy()
    for name in IGNORED:
        params.pop(name, None)
    chosen = {k: v for k, v in params.lists() if any(v)}
    if chosen:
        if request.session.get(session_key) != (wanted := params.urlencode()):
            request.session[session_key] = wanted  # a session write (and a cookie) only when they change
        return None
    if request.GET:  # only a page number: keep what is shown
        return None
    saved = request.session.get(session_key)
    return redirect(f"{request.path}?{saved}") if saved else None
