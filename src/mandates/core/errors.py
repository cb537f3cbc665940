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


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Server error; it was logged."}, status=500)
    return render(request, "core/error.html", {"title": "Something went wrong",
                  "text": "The error was logged. Nothing you entered was half-saved."}, status=500)
