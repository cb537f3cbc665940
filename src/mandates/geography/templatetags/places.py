"""``{{ programme.countries.all|by_name }}``: countries or areas in the order of the names the reader sees."""
from django import template

from ..names import by_name as _by_name

register = template.Library()


@register.filter
def by_name(places):
    return _by_name(places or [])
