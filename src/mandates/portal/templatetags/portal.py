"""Formatting for the portal in the reader's language (Babel's CLDR data): money, numbers, dates,
and country or area names from the UN M49 names in six languages."""
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import SimpleNamespace

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, parse_pattern
from django import template
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, to_locale

from mandates.core.templatetags.mandates_tags import choice_label, querystring_with
from mandates.geography.names import language_key, place_name

register = template.Library()


def babel_locale() -> str:
    locale = to_locale(get_language() or "en")
    return {"zh_Hans": "zh_Hans_CN"}.get(locale, locale)


@lru_cache(maxsize=16)
def _whole_dollars(name: str):
    """The locale and its currency pattern without cents, parsed once per language (not per figure)."""
    locale = Locale.parse(name)
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    pattern.frac_prec = (0, 0)  # whole dollars on pages; downloads keep the cents
    return locale, pattern


@lru_cache(maxsize=16)
def _whole_dollar_parts(name: str):
    """What the locale writes around the digits of a whole-dollar amount, and its grouping sign,
    read once from Babel's own output for 1,234,567 and -1,234,567; None when that cannot be split
    (then every figure goes through Babel). A page of 500 figures formatted by Babel's pattern
    engine spent most of its rendering there; ``test_usd_matches_babel`` holds the two equal."""
    locale, pattern = _whole_dollars(name)
    group = locale.number_symbols.get("latn", locale.number_symbols).get("group")
    if not group:
        return None
    digits = f"1{group}234{group}567"
    parts = {}
    for sign in (1, -1):
        text = pattern.apply(Decimal(sign * 1234567), locale, currency="USD", currency_digits=False)
        if text.count(digits) != 1:
            return None
        parts[sign] = tuple(text.split(digits))
    return group, parts


@register.filter
def usd(value):
    return usd_writer()(value)


def usd_writer():
    """``usd`` in the current language, its locale's parts looked up once (a table's rows call it per cell)."""
    name = babel_locale()
    fast = _whole_dollar_parts(name)

    def write(value):
        if value is None or value == "":
            return "—"
        whole = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        if fast is not None:
            group, parts = fast
            before, after = parts[-1 if whole < 0 else 1]
            return before + f"{abs(int(whole)):,}".replace(",", group) + after
        locale, pattern = _whole_dollars(name)
        return pattern.apply(whole, locale, currency="USD", currency_digits=False)
    return write


@register.filter
def usd_exact(value):
    if value is None or value == "":
        return "—"
    return format_currency(Decimal(value), "USD", locale=babel_locale())


@lru_cache(maxsize=16)
def _decimal_pattern(name: str):
    """The locale and its decimal pattern, parsed once per language: what ``format_decimal(value, locale=name)``
    parses on every call (open11: a project page's 90 indicator and participant figures)."""
    locale = Locale.parse(name)
    return locale, parse_pattern(locale.decimal_formats[None])


@register.filter
def number(value):
    """``format_decimal(value, locale=…)`` with its defaults, from the pattern parsed once (``test_portal_formats``
    holds the two equal)."""
    if value is None or value == "":
        return "—"
    locale, pattern = _decimal_pattern(babel_locale())
    return pattern.apply(value, locale, decimal_quantization=True, group_separator=True, numbering_system="latn")


@register.filter
def longdate(value):
    """``format_date(value, "long", locale=…)``, from the locale and pattern parsed once (``_long_date``)."""
    if not value:
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return value
    locale, pattern = _long_date(babel_locale())
    return pattern.apply(value, locale)


@lru_cache(maxsize=16)
def _long_date(name: str):
    """The locale and its long date pattern, parsed once per language: what ``format_date(day, "long", locale)``
    parses on every call (pages8: the 40-odd dates of a country's deliveries)."""
    from babel.dates import get_date_format
    from babel.dates import parse_pattern as parse_date_pattern

    locale = Locale.parse(name)
    return locale, parse_date_pattern(get_date_format("long", locale=locale))


def long_dates():
    """``longdate`` of a date in the current language, the locale and pattern looked up once (equal to the
    filter by ``test_portal_rows``)."""
    locale, pattern = _long_date(babel_locale())
    return lambda day: pattern.apply(day, locale) if isinstance(day, date) and not isinstance(day, datetime) \
        else longdate(day)


@register.filter
def monthyear(value):
    if not value:
        return "—"
    return format_date(value, format="MMMM y", locale=babel_locale())


_SLOT = "987654321"  # fits every converter of the portal's links (int and str)


@lru_cache(maxsize=64)
def _link_pattern(viewname: str, language: str, prefix: str) -> str:
    return reverse(viewname, args=[_SLOT])


_ROW_LINKS = {"donors": ("portal:donor", "donor", "pk"), "countries": ("portal:country", "country", "iso3"),
              "regions": ("portal:region", "area", "m49_code")}


@register.simple_tag
def row_link(name, row):
    """The link of a figures table's row, from one ``reverse`` per table kind and language (a page of 500
    rows reversed 500 times). Keys are numbers or codes of letters and digits, which reverse leaves as they are."""
    viewname, key, attr = _ROW_LINKS.get(name, ("portal:result", "node", "pk"))
    value = str(getattr(row[key], attr))
    if not value.isalnum():
        return reverse(viewname, args=[value])
    return _link_pattern(viewname, get_language() or "", get_script_prefix()).replace(_SLOT, value)


_ROW = "\n        <tr{m49} data-value=\"{value}\">\n          <th scope=\"row\">{head}</th>\n          {budget}\n          " \
       "<td class=\"num\">{spent}</td>\n        </tr>\n      "


@register.simple_tag
def figure_rows(name, rows, with_budget=False):
    """The body rows of a figures table (``_table.html``), written here rather than by a template loop: the
    overview's donor table alone is 3,500 rows at N=20, and the loop's tags and lookups were most of the
    page's rendering. The same HTML as the loop it replaces, to the character (``test_figure_rows``)."""
    # Every part is a plain string or number, escaped as Django's escape() does (html.escape), without its lazy
    # wrapper (pages8: two thirds of the calls of a country page's tables); the money written by ``usd``.
    from html import escape as plain_escape

    money = usd_writer()
    out = []
    for row in rows:
        if name == "years":
            head = plain_escape(str(row["year"]))
        elif name == "donors" and row.get("others"):  # the donors beyond the largest, added up (figures.largest)
            head = plain_escape(gettext("Other donors (%(count)s)") % {"count": number(row["others"])})
        elif name == "donors" and not row.get("donor"):
            head = plain_escape(gettext("Not attributed to a donor"))
        elif name in ("donors", "countries", "regions"):
            head = f'<a href="{plain_escape(row_link(name, row))}">{plain_escape(str(row["name"]))}</a>'
        else:
            node = row["node"]
            head = (f'<a href="{plain_escape(row_link(name, row))}">{plain_escape(str(node.code))} '
                    f'{plain_escape(str(node.short_title))}</a>')
        country = row.get("country")
        out.append(_ROW.format(
            m49=f' data-m49="{plain_escape(str(country.m49_code))}"' if country else "",
            value=plain_escape(plain(row["spent"])), head=head, spent=plain_escape(money(row["spent"])),
            budget=f'<td class="num" data-budget="{plain_escape(plain(row["budget"]))}">'
                   f'{plain_escape(money(row["budget"]))}</td>' if with_budget else ""))
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


@register.filter
def display(obj, field_name):
    """``obj.get_<field_name>_display()``, translated once per language (``core``'s ``choice_label``): 560
    lookups for the 90 projects and deliveries of a country page otherwise."""
    return choice_label(obj, field_name)


@register.filter
def place(value):
    return place_name(value)


@register.simple_tag
def country_options(countries, chosen):
    """As ``{% for c in countries %}<option value="{{ c.iso3 }}"{% if chosen == c %} selected{% endif %}>{{ c|place }}
    </option>{% endfor %}`` (without the line break), written in Python: the filter sentence of every portal list and
    overview lists the ~150 countries with published work, a few milliseconds of template nodes each time."""
    language = language_key()  # once, not once per country
    countries = list(countries)
    options = _country_options(language, tuple((c.pk, c.iso3, c.m49_code, c.name) for c in countries))
    return mark_safe("".join(  # noqa: S308 - every option escaped by _country_options
        option.replace(">", " selected>", 1) if chosen == c else option for c, option in zip(countries, options)))


@lru_cache(maxsize=32)
def _country_options(language: str, countries: tuple) -> tuple:
    """Each country's ``<option>`` unselected, written once per language and list of countries (pub12: the ~150
    names looked up and escaped again on every portal list and overview otherwise); its key is every column an option
    writes, so a renamed country is a new key."""
    return tuple(f'<option value="{escape(iso3)}">{escape(place_name(SimpleNamespace(m49_code=m49, name=name), language))}'
                 "</option>" for _pk, iso3, m49, name in countries)


@register.filter
def plain(value):
    """A Decimal as plain digits for machine use (charts, data attributes)."""
    return "" if value is None else format(Decimal(value), "f")


# The current query string with some parameters changed (None removes one): the staff pages' tag.
register.simple_tag(querystring_with, takes_context=True, name="with_params")


@register.filter
def dimension(code):
    """A disaggregation dimension's name (results/data/disaggregation.yaml)."""
    from mandates.results.dimensions import dimension_name

    return dimension_name(code)


@register.filter
def category(code, dimension_code):
    from mandates.results.dimensions import category_name

    return category_name(dimension_code, code)


_UNQUOTED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")  # reverse leaves them


def _links(viewname: str):
    """code -> ``{% url viewname code %}``, from one ``reverse`` per language (a code with a character ``reverse``
    would quote is reversed on its own)."""
    pattern = _link_pattern(viewname, get_language() or "", get_script_prefix())

    def link(code):
        code = str(code)
        if code and set(code) <= _UNQUOTED:
            return pattern.replace(_SLOT, code)
        return reverse(viewname, args=[code])
    return link


@register.simple_tag
def project_rows(projects):
    """The rows of ``_projects.html`` without figures (a country's, region's, donor's, programme's or result's
    published projects), written here rather than by a template loop (the ``url`` tag and the ``display``
    filter per project). The same HTML as the loop it replaced, to the character (``test_portal_rows``); an
    empty list writes nothing (the template says so)."""
    from html import escape as plain_escape

    from mandates.core.templatetags.mandates_tags import _choice_labels
    from mandates.portfolio.models import Project

    link = _links("portal:project")
    # ``choice_label``'s labels, looked up once: the rows may be tuples read by name (the country page's, pages8).
    statuses = _choice_labels(Project, "status", get_language() or "")
    out = []
    for project in projects:
        start, end = project.start_date, project.end_date
        out.append(
            f'\n    <tr><th scope="row"><a href="{plain_escape(link(project.code))}">{plain_escape(project.code)}</a> '
            f'{plain_escape(project.title)}</th>\n      <td>{escape(statuses.get(project.status, project.status))}</td>'
            f'<td>{start.year if start else ""}–{end.year if end else ""}</td></tr>\n  ')
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


@register.simple_tag
def delivery_items(deliveries):
    """The ``<li>``s of a country page's latest deliveries (date, title, kind, project), as the template loop
    wrote them, to the character (``test_portal_rows``); each date formatted once."""
    from html import escape as plain_escape

    from mandates.core.templatetags.mandates_tags import _choice_labels
    from mandates.results.models import Delivery

    link = _links("portal:project")
    long_date = long_dates()
    # ``choice_label``'s labels, looked up once: the items may be tuples read by name (the country page's, pages8).
    kinds = _choice_labels(Delivery, "kind", get_language() or "")
    dates = {}
    out = []
    for delivery in deliveries:
        day = delivery.end_date
        if day not in dates:
            dates[day] = plain_escape(str(long_date(day)))
        code = delivery.project.code
        out.append(f"<li>{dates[day]}: {plain_escape(delivery.title)} ({plain_escape(str(kinds.get(delivery.kind, delivery.kind)))}, "
                   f'<a href="{plain_escape(link(code))}">{plain_escape(code)}</a>)</li>')
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
