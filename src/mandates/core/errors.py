"""Friendly error pages (no stack traces, a way back)."""
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _api(request):  # an address outside the API's routes (e.g. /api/v1/projects/0.5/) still answers JSON
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "core/error.html", {"title": "Not found",
                  "text": "There is nothing at this address, or you may not see it."}, status=404)


def forbidden(request, exception=None):
    # One behaviour for anonymous visitors on every page that is not public: the login page, saying why.
    # (The API answers 401/403 itself; non-GET requests keep their 403.)
    user = getattr(request, "user", None)
    if (user is not None and not user.is_authenticated and request.method in ("GET", "HEAD")
            and not request.path.startswith("/api/")):
        return redirect_to_login(request.get_full_path())
    return render(request, "core/error.html", {"title": "Not allowed",
                  "text": "Your role does not allow this. Ask an administrator if you need it."}, status=403)


def _database_gone() -> bool:
    import sys

    from django.db import InterfaceError, OperationalError

    return isinstance(sys.exc_info()[1], (OperationalError, InterfaceError))


def database_unavailable(request):
    """The database went away mid-request (restarted, network gone): 503 with Retry-After, a page that needs
    no database (no session, no menus) or JSON under /api/. Each write runs in one transaction, so nothing
    was half-saved."""
    from django.http import HttpResponse
    from django.utils.html import escape
    from django.utils.translation import gettext as _

    text = _("The database is not answering. Nothing you sent was half-saved; try again in a minute.")
    if _api(request):
        response = JsonResponse({"detail": text}, status=503)
    else:
        title = _("Temporarily unavailable")
        response = HttpResponse(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>", status=503)
    response["Retry-After"] = "30"
    return response


def server_error(request):
    if _database_gone():
        return database_unavailable(request)
    if _api(request):
        return JsonResponse({"detail": "Server error; it was logged."}, status=500)
    return render(request, "core/error.html", {"title": "Something went wrong",
                  "text": "The error was logged. Nothing you entered was half-saved."}, status=500)
