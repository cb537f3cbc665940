"""Language choice: the portal carries its language in the URL (/fr/open/...), so every view is a
stable, citable and cacheable link; other pages follow the person's choice (cookie) or browser."""
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        super().process_request(request)
        path = request.path_info
        if not path.startswith("/open/") and not translation.get_language_from_path(path):
            translation.activate(translation.get_language_from_request(request, check_path=False))
            request.LANGUAGE_CODE = translation.get_language()
