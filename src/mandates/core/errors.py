"""Friendly error pages (no stack traces, a way back)."""
from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "core/error.html", {"title": "Not found",
                  "text": "There is nothing at this address, or you may not see it."}, status=404)


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"title": "Not allowed",
                  "text": "Your role does not allow this. Ask an administrator if you need it."}, status=403)


def server_error(request):
    return render(request, "core/error.html", {"title": "Something went wrong",
                  "text": "The error was logged. Nothing you entered was half-saved."}, status=500)
