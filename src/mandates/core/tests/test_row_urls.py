"""``{% row_url %}`` (core.row_urls) gives what ``reverse`` gives, or raises as it does, for every named address of the
project that takes arguments, in English, French and Arabic (the portal's addresses carry the language)."""
import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import translation

from mandates.core import row_urls
from mandates.core.row_urls import row_url

ARGUMENTS = [(0,), (7,), (5019,), (13, 4), (1, 2, 3), (5019, "outcomes", 77), ("activities",), ("KEN",), ("1.3.3",),
             ("2008-2011", "1.3.3"), (-1,), (True,), (4, "x y"), (1, 2, 3, 4, 5)]


def _named(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _named(pattern, namespace)
        elif pattern.name and pattern.pattern.regex.groups:
            yield prefix + pattern.name


def outcome(call):
    try:
        return call()
    except NoReverseMatch:
        return NoReverseMatch


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_every_named_address_is_what_reverse_gives(language):
    names = sorted(set(_named(get_resolver())))
    assert len(names) > 100 and "portfolio:logframe_delete" in names
    cut = 0
    with translation.override(language):
        for name in names:
            for args in ARGUMENTS:
                for _twice in range(2):  # the second time from the kept pieces
                    assert outcome(lambda: row_url(name, *args)) == outcome(lambda: reverse(name, args=args)), (name, args)
        cut = sum(1 for pieces in row_urls._reversed.values() if pieces is not None)
    assert cut > 100  # most addresses were cut once and then written from their pieces


def test_the_tag_escapes_as_url_does():
    template = Template("{% load mandates_tags %}{% row_url 'portfolio:logframe_delete' pk 'outputs' row %}|"
                        "{% url 'portfolio:logframe_delete' pk 'outputs' row %}")
    mine, django = template.render(Context({"pk": 12, "row": 345})).split("|")
    assert mine == django == "/projects/12/outputs/345/delete/"
    assert ("portfolio:logframe_delete", (int, str, int)) in {key[:2] for key in row_urls._reversed}  # cut, not reversed
