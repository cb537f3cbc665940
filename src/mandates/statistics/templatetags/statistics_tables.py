"""Long lists of the statistics pages written in one tag each rather than by template loops: the series select
(258 options at N=20, on the map, country and link pages) and the map's table (one row per reporting country).
Each writes the same HTML as the loop it replaced, to the character (``tests/test_tables.py``)."""
import re
from decimal import ROUND_HALF_UP, Context, Decimal, getcontext
from html import escape as html_escape
from urllib.parse import quote

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape as escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from ..models import Series, StatArea

register = template.Library()

_PLACEHOLDER = "stats7-area-code"


def _escaped(texts: list[str]) -> list[str]:
    """``html.escape`` (what Django's ``escape`` does to a plain string) of each string, in one call for all of them
    (map9: one call per label, name and source was a tenth of the map page's rendering). The strings are joined by
    a NUL, which ``html.escape`` leaves alone, unless one of them holds a NUL."""
    if not texts:
        return []
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [html_escape(text) for text in texts]
    return html_escape(joined).split("\x00")


def _conditional(text):
    """Django's ``conditional_escape`` of a string (safe strings kept), without its lazy wrapper."""
    return text.__html__() if hasattr(text, "__html__") else html_escape(str(text))


@register.simple_tag
def series_options(series_groups, selected):
    """The ``<optgroup>``s and ``<option>``s of ``selectors.series_options``, ``selected`` (a series or None)
    marked."""
    chosen = getattr(selected, "pk", None)
    # Plain strings and integers escaped as Django's escape() does (html.escape), without its lazy wrapper: 516
    # calls per page (pages7); the labels all in one call, and the integer keys not at all (map9).
    labels = iter(_escaped([str(label) for _indicator, options in series_groups for _pk, label in options]))
    groups = []
    for indicator, options in series_groups:
        items = "".join(f'<option value="{pk if type(pk) is int else html_escape(str(pk))}"'
                        f'{" selected" if pk == chosen else ""}>{next(labels)}</option>' for pk, _label in options)
        groups.append(f'<optgroup label="{html_escape(str(indicator))}">\n    {items}\n  </optgroup>')
    return mark_safe("".join(groups))  # noqa: S308 - every part escaped above


def _area_links():
    """code -> the country page's URL, as ``{% url 'statistics:area' code %}`` gives it, with one ``reverse``
    for the table rather than one per row (the URL only differs by the quoted code)."""
    before, after = reverse("statistics:area", args=[_PLACEHOLDER]).split(_PLACEHOLDER)

    def link(code):
        if not code or "/" in code:  # what the str converter refuses: let reverse say so
            return reverse("statistics:area", args=[code])
        if _UNQUOTED.fullmatch(code):  # ISO codes, M49_nnn, GBR_E_W...: what quote() leaves as it is (map9)
            return before + code + after
        return before + quote(code, safe=RFC3986_SUBDELIMS + "/~:@") + after
    return link


_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]+")  # urllib.parse's always-safe characters


_CENT = Decimal("0.01")


def two_places():
    """A function writing a value as ``{{ value|floatformat:"-2"|intcomma }}`` does in the current language, with the
    language's separators read once rather than six times per value (pages8: the filters were a fifth of the map
    page's CPU). Decimals take the short road; anything else, or a setting that changes the filters' road (grouping
    by default), goes through the filters themselves. Equal to the filters on every stored value in every language
    (``tests/test_tables.py``)."""
    if settings.USE_THOUSAND_SEPARATOR:
        return _filters
    decimal_sep, grouping = get_format("DECIMAL_SEPARATOR"), get_format("NUMBER_GROUPING")
    thousand_sep = get_format("THOUSAND_SEPARATOR")

    def write(value):
        if type(value) is not Decimal or not value.is_finite():
            return _filters(value)
        _sign, digits, exponent = value.as_tuple()
        if len(digits) + abs(exponent) > 200:  # floatformat's own cut-off
            return _filters(value)
        whole = int(value)
        if whole == value:  # floatformat: "%d", then intcomma groups the integer in the language's way
            return numberformat.format(whole, decimal_sep, None, grouping, thousand_sep, force_grouping=True,
                                       use_l10n=True)
        units = len(digits) - exponent  # floatformat's precision, so that quantize never raises
        rounded = value.quantize(_CENT, ROUND_HALF_UP, Context(prec=max(getcontext().prec, units + 3)))
        text = f"{rounded:f}"
        if text[0] == "-" and not rounded:  # floatformat drops the sign of a value rounded to zero
            text = text[1:]
        integer, cents = text.split(".")
        # intcomma cannot read "1234.57" (or "1234,57") as an integer: it puts a comma every three digits of the
        # integer part, whatever the language.
        sign = "-" if integer[0] == "-" else ""
        integer = integer.lstrip("-")
        head = len(integer) % 3 or 3
        integer = ",".join([integer[:head], *(integer[i:i + 3] for i in range(head, len(integer), 3))])
        return f"{sign}{integer}{decimal_sep}{cents}"
    return write


def _filters(value):
    return intcomma(floatformat(value, "-2"))


@register.simple_tag
def map_table_rows(rows, series):
    """The map table's body rows: each country or area with a link to its trend of ``series``, its kind when it is
    not a country, the value (``floatformat:"-2"|intcomma``, in the reader's language) and the source."""
    link = _area_links()
    kinds = {value: escape(str(label)) for value, label in StatArea.Kind.choices}  # translated once, not per row
    query = f"?series={escape(series.pk)}"
    number = two_places()
    # The database's plain strings escaped as Django's escape() does (html.escape), all names and all sources in
    # one call each (map9).
    names, sources = _escaped([row.area.name for row in rows]), _escaped([row.source for row in rows])
    out = []
    for row, name, source in zip(rows, names, sources):
        area = row.area
        kind = "" if area.kind == "country" else f' <small class="muted">({kinds.get(area.kind) or html_escape(area.kind)})</small>'
        out.append(f'<tr><th scope="row"><a href="{html_escape(link(area.code))}{query}">{name}</a>{kind}'
                   f'</th><td class="num">{_conditional(number(row.value))}</td>'
                   f'<td>{source}</td></tr>\n      ')
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


def _integer():
    """A function writing an integer as ``{{ n }}`` does (localized, escaped): ``str`` unless integers are grouped."""
    if settings.USE_THOUSAND_SEPARATOR:
        return lambda n: escape(localize(n))
    return str


@register.simple_tag
def year_options(years, year):
    """The year select's ``<option>``s, ``year`` selected (map9: a loop of 28 options, two lookups and a test each)."""
    integer = _integer()
    return mark_safe("".join(  # noqa: S308 - integers only
        f'<option value="{integer(y)}"{" selected" if y == year else ""}>{integer(y)}</option>' for y in years))


@register.simple_tag
def region_rows(aggregates):
    """The body rows of the regions' table (``selectors.aggregates``): the computed figure, the countries reporting
    (and those without a population), the share of the population covered, and the published estimates with their
    collection, each written as the template loop it replaced wrote it (map9, ``tests/test_tables.py``)."""
    number, integer = two_places(), _integer()
    of = html_escape(gettext("of")).replace("%%", "%")
    labels = {value: escape(str(label)) for value, label in Series.Collection.choices}  # translated once
    out = []
    for a in aggregates:
        share = a.population_share
        value = "—" if a.value is None else escape(number(a.value))
        without = ""
        if a.without_population:
            n = a.without_population
            without = (' <small class="muted">('
                       + ngettext("%(n)s without population", "%(n)s without population", n) % {"n": integer(n)}
                       + ")</small>")
        published = "; ".join(f'{escape(number(p.value))} <small class="muted">('
                              f'{labels.get(p.collection) or escape(p.collection)})</small>' for p in a.published)
        gap = ' class="row--gap"' if share is not None and share < 50 else ""
        out.append(f'<tr{gap}>\n'
                   f'      <th scope="row">{html_escape(a.name)}</th>\n'
                   f'      <td class="num">{value}</td>\n'
                   f'      <td class="num">{integer(a.reporting)} {of} {integer(a.countries)}{without}</td>\n'
                   f'      <td class="num">{"—" if share is None else floatformat(share, 0) + " %"}</td>\n'
                   f'      <td>{published or "—"}</td>\n'
                   f'    </tr>')
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
