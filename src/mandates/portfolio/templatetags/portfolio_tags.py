"""A project's places and expected results in one line, written in Python: the project list shows fifty
rows, and two template includes per row were half of the page's rendering. The HTML is the same as
``portfolio/_where.html`` and ``portfolio/_results.html`` give (``test_performance`` compares them)."""
from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from mandates.core.row_urls import str_urls as _urls
from mandates.core.shared_figures import kept

register = template.Library()

def _place(loc, country_url) -> str:
    if loc.country_id:
        text = format_html('<a href="{}">{}</a>', country_url(loc.country.iso3),
                           loc.country.local_name)
    elif loc.area.level == "world":
        text = format_html("{}", gettext("Global"))
    else:
        text = format_html("{}", loc.area.local_name)
    if loc.percentage is not None:
        text = format_html('{} <span class="muted">({} %)</span>', text, floatformat(loc.percentage, "-2"))
    return text


@register.simple_tag
def where(locations):
    """As ``{% include "portfolio/_where.html" with locations=... %}``."""
    locations = list(locations)
    country_url = _urls("geography:detail", 1) if locations else None
    places = [_place(loc, country_url) for loc in locations]
    return mark_safe(", ".join(places)) if places else mark_safe('<span class="muted">—</span>')


@register.simple_tag
def result_tags(results):
    """As ``{% include "portfolio/_results.html" with results=... %}``."""
    results = list(results)
    if not results:
        return ""
    node_url = _urls("strategy:node", 2)
    items = format_html_join("", '<li><a class="tag" href="{}" title="{}">{}</a></li>',
                             ((node_url(r.period.code, r.code), r.title, r.code)
                              for r in results))
    return format_html('<ul class="tags">{}</ul>', items)


@register.simple_tag
def filter_fields(form):
    """The fields of a list's filter form (``portfolio/_filter_fields.html``). A portfolio filter set's form says
    what its HTML depends on (``BaseFilterSet.kept_parts``: the query string and the SQL of every field's choices,
    the person's narrowing included); with that and the language and data version the same HTML is kept for
    everyone (``core.shared_figures``): its ~300 options and eleven fields were a third of a list's first reading.
    A form not kept whole is put together from its fields, each kept under its own part of that key (its values
    and choices): a list filtered by one field renders that field only, the ten others are those of any earlier
    list that left them as they are (a field's HTML and errors depend on nothing else of the form)."""
    template = get_template("portfolio/_filter_fields.html")

    def html(fields):
        return template.render({"filter_form": fields}).removesuffix("\n")

    parts = getattr(form, "kept_parts", None)
    if parts is None or not getattr(settings, "SHARED_FIGURES", False):
        return mark_safe(html(form))
    parts = parts()
    head, fields = parts[:-len(form.fields)], parts[-len(form.fields):]

    def by_field():
        return "".join(kept(("portfolio.filter_field", *head, field), lambda name=field[0]: html([form[name]]))
                       for field in fields)

    return mark_safe(kept(("portfolio.filter_fields", *parts), by_field))
