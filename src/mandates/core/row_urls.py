"""Addresses of rows written many times on one page, reversed once per name (``{% row_url %}``).

``{% url %}`` resolves the name, checks every candidate pattern against its arguments and quotes them on each call:
about 30 µs, 40-80 times on a project page's first reading (each outcome's, output's and activity's links). For
arguments that are primary keys (non-negative ints) or lower-case words (``outcomes``) the address is the same string
around them whatever their values, so the name is reversed once with stand-ins, per URL configuration, script prefix
and language (the portal's addresses carry the language), and each later address is that string with the row's
values put in.
Anything else (other strings, a stand-in the address does not show exactly once, a name the stand-ins do not match)
goes through Django's ``reverse`` as before, which answers or raises as ``{% url %}`` would.
``str_urls`` does the same for the addresses of ``<str:…>`` segments (a country's ISO code, a strategy node's code),
with any value quoted as Django quotes it (the project list's places and expected results).
"""
import re
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import get_language

_PLAIN = re.compile(r"[a-z]+\Z")  # a word (``outcomes``) that every converter and pattern taking the stand-in takes
_MOST = 4
_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what Django's reverse leaves unquoted in a path (django.urls.resolvers)
_reversed: dict[tuple, tuple[str, ...] | None] = {}


def _stand_in(kind: type, position: int):
    return 9070501 + position if kind is int else "standin" + "abcd"[position]


def _pieces(viewname: str, kinds: tuple) -> tuple[str, ...] | None:
    """The address of ``viewname`` cut around its arguments (stand-ins of ``kinds``), or None when it cannot be."""
    stand_ins = [_stand_in(kind, n) for n, kind in enumerate(kinds)]
    try:
        sample = reverse(viewname, args=stand_ins)
    except NoReverseMatch:
        return None  # the caller's own reverse says why
    pieces, rest = [], sample
    for stand_in in map(str, stand_ins):
        if sample.count(stand_in) != 1:
            return None
        before, rest = rest.split(stand_in)
        pieces.append(before)
    return (*pieces, rest)


def _cut(viewname: str, kinds: tuple) -> tuple[str, ...] | None:
    """``_pieces``, once per name, kinds, URL configuration, script prefix and language."""
    key = (viewname, kinds, get_urlconf(), settings.ROOT_URLCONF, get_script_prefix(), get_language())
    try:
        return _reversed[key]
    except KeyError:
        pieces = _reversed[key] = _pieces(viewname, kinds)
        return pieces


def _cuttable(arg) -> bool:
    return (type(arg) is int and arg >= 0) or (isinstance(arg, str) and _PLAIN.match(arg) is not None)


def row_url(viewname: str, *args) -> str:
    """``reverse(viewname, args=args)``, from the name's address reversed once when every argument is a
    non-negative int or a lower-case word. (A pattern whose own expression takes the stand-ins but refuses some such
    values, e.g. ``[1-9][0-9]*``, would be given them: the project's patterns use ``<int:…>``, ``<str:…>`` and
    ``[0-9]+``.)"""
    if not args or len(args) > _MOST or not all(_cuttable(arg) for arg in args):
        return reverse(viewname, args=args)
    kinds = tuple(int if type(arg) is int else str for arg in args)  # a template's literal is a SafeString
    pieces = _cut(viewname, kinds)
    if pieces is None:
        return reverse(viewname, args=args)
    out = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        out += [str(arg), piece]
    return "".join(out)


def str_urls(name: str, count: int):
    """``reverse(name, args=...)`` as a function of the ``count`` arguments, for a URL of ``<str:…>`` segments (a
    country's, a strategy node's): cut once (``_cut``), the arguments then quoted as Django quotes them. A list writes
    ~100 of these links, and Django matches the URL patterns again for each (and reads the thread's prefix, URL conf
    and language each time: a tag reads them once for its links). An argument that is empty or holds a "/" (which
    ``<str:…>`` refuses), or a name that cannot be cut, goes to ``reverse`` itself, which says why it fails."""
    pieces = _cut(name, (str,) * count) if count <= _MOST else None

    def url(*args) -> str:
        values = [str(arg) for arg in args]
        if pieces is None or not all(values) or any("/" in value for value in values):
            return reverse(name, args=args)
        out = [pieces[0]]
        for value, after in zip(values, pieces[1:], strict=True):
            out += (quote(value, safe=_SAFE), after)
        return "".join(out)

    return url
