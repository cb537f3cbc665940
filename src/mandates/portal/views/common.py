"""What every portal page shares: the language links, the "data as of" line, bad-input handling."""
from functools import wraps
from urllib.parse import unquote, urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import get_language, get_language_bidi, override
from django.utils.translation import gettext as _

from .. import cache as portal_cache
from ..filters import BadFilter
from ..selectors.figures import data_as_of


def languages(request) -> list[dict]:
    current = get_language()
    path = request.get_full_path()
    urls = _translated_urls(path, [code for code, _name in settings.LANGUAGES])
    return [{"code": code, "name": name, "url": urls[code],
             "current": current == code or (code == "en" and current.startswith("en"))}
            for code, name in settings.LANGUAGES]


def _translated_urls(url: str, codes: list[str]) -> dict[str, str]:
    """``translate_url(url, code)`` for each language, with the path resolved once rather than once per language
    (pages8: six resolves of every portal page's address); the same addresses (``test_languages``)."""
    parsed = urlsplit(url)
    try:
        match = resolve(unquote(parsed.path))
    except Resolver404:
        return dict.fromkeys(codes, url)
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    urls = {}
    for code in codes:
        with override(code):
            try:
                path = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                urls[code] = url
            else:
                urls[code] = urlunsplit((parsed.scheme, parsed.netloc, path, parsed.query, parsed.fragment))
    return urls


def as_of() -> dict:
    key = f"portal:{portal_cache.version()}:as-of"
    value = cache.get(key)
    if value is None:
        value = data_as_of()
        cache.set(key, value, portal_cache.TIMEOUT)
    return value


def page(request, template: str, context: dict, status: int = 200):
    context = {"languages": languages(request), "as_of": as_of(), "rtl": get_language_bidi(), **context}
    return render(request, template, context, status=status)


def bad_input(view):
    """A query string the portal cannot use gets a 400 page saying why — never a server error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadFilter as error:
            return page(request, "portal/bad_request.html", {"message": str(error)}, status=400)
        except Http404:
            return page(request, "portal/not_found.html",
                        {"message": _("This page does not exist or is not published.")}, status=404)

    return wrapper
