"""Request-level guards shared by every app."""
from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


class ApiBodyLimitMiddleware:
    """An API request whose body is over the limit gets a JSON 413, not Django's HTML 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "").replace("%00", "\x00") or any(
                "\x00" in v for values in request.GET.lists() for v in values[1]):
            message = _("A query parameter contains a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(message)
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return JsonResponse({"detail": _("The Content-Length header is not a number.")}, status=400)
            limit = min(settings.MANDATES_API_MAX_BODY, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or length)
            if length > limit:
                return JsonResponse(
                    {"detail": _("The request body is %(size)d bytes; the limit is %(limit)d bytes.")
                     % {"size": length, "limit": limit}}, status=413)
        return self.get_response(request)

