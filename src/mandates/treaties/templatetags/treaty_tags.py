from functools import lru_cache

from django import template

from .. import reference

register = template.Library()


@lru_cache(maxsize=1)
def _markers() -> dict[str, str]:
    return {kind: marker for marker, kind in reference.vocabulary().markers.items()}


@register.filter
def untc_marker(event) -> str:
    """The UN Treaty Collection's letter after a date: ``a`` accession, ``d`` succession, ``AA`` approval ..."""
    return _markers().get(getattr(event, "kind", ""), "") if event else ""


@register.filter
def untc_date(event) -> str:
    """``21 May 2004 AA``: a date as the UN Treaty Collection prints it."""
    if not event:
        return ""
    marker = untc_marker(event)
    return f"{event.date.day} {event.date:%b %Y}{' ' + marker if marker else ''}"
