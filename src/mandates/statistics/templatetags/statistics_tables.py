"""Long lists of the statistics pages written in one tag each rather than by template loops: the series select
(258 options at N=20, on the map, country and link pages) and the map's table (one row per reporting country).
Each writes the same HTML as the loop it replaced, to the character (``tests/test_tables.py``)."""
from html import escape as html_escape
from urllib.parse import quote

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe

from ..models import StatArea

register = template.Library()

_PLACEHOLDER = "stats7-area-code"


@register.simple_tag
def series_options(series_groups, selected):
    """The ``<optgroup>``s and ``<option>``s of ``selectors.series_options``, ``selected`` (a series or None)
    marked."""
    chosen = getattr(selected, "pk", None)
    groups = []
    for indicator, options in series_groups:
        # Plain strings and integers escaped as Django's escape() does (html.escape), without its lazy wrapper:
        # 516 calls per page (pages7).
        items = "".join(f'<option value="{html_escape(str(pk))}"{" selected" if pk == chosen else ""}>'
                        f'{html_escape(str(label))}</option>' for pk, label in options)
        groups.append(f'<optgroup label="{html_escape(str(indicator))}">\n    {items}\n  </optgroup>')
    return mark_safe("".join(groups))  # noqa: S308 - every part escaped above


def _area_links():
    """code -> the country page's URL, as ``{% url 'statistics:area' code %}`` gives it, with one ``reverse``
    for the table rather than one per row (the URL only differs by the quoted code)."""
    before, after = reverse("statistics:area", args=[_PLACEHOLDER]).split(_PLACEHOLDER)

    def link(code):
        if not code or "/" in code:  # what the str converter refuses: let reverse say so
            return reverse("statistics:area", args=[code])
        return before + quote(code, safe=RFC3986_SUBDELIMS + "/~:@") + after
    return link


@register.simple_tag
def map_table_rows(rows, series):
    """The map table's body rows: each country or area with a link to its trend of ``series``, its kind when it is
    not a country, the value (``floatformat:"-2"|intcomma``, in the reader's language) and the source."""
    link = _area_links()
    kinds = {value: escape(str(label)) for value, label in StatArea.Kind.choices}  # translated once, not per row
    query = f"?series={escape(series.pk)}"
    out = []
    for row in rows:
        area = row.area
        # The database's plain strings escaped as Django's escape() does (html.escape), without its lazy wrapper.
        kind = "" if area.kind == "country" else f' <small class="muted">({kinds.get(area.kind) or html_escape(area.kind)})</small>'
        out.append(f'<tr><th scope="row"><a href="{html_escape(link(area.code))}{query}">{html_escape(area.name)}</a>{kind}'
                   f'</th><td class="num">{escape(intcomma(floatformat(row.value, "-2")))}</td>'
                   f'<td>{html_escape(row.source)}</td></tr>\n      ')
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
