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


_PLACEHOLDER = "pages7-instrument-code"
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~")  # unquoted by reverse


def _short_dates():
    """A date as ``|date:"j M Y"`` writes it in the active language (day, the month's abbreviation as Django's
    ``MONTHS_3``, four-digit year), with the twelve abbreviations translated once rather than per date."""
    from django.utils.dates import MONTHS_3

    months = {number: str(name).title() for number, name in MONTHS_3.items()}
    return lambda day: f"{day.day} {months[day.month]} {day.year:04d}"


@register.simple_tag(takes_context=True)
def instrument_rows(context, instruments, as_of, include_rei):
    """The body rows of the treaty list (``list.html``), written here rather than by a template loop: the loop's
    tags, filters and lookups were most of the page's rendering (53 instruments: the ``url`` tag, two ``date``
    filters and a ``get_group_display`` each). The same HTML as the loop it replaced, to the character
    (``tests/test_list_rows.py``)."""
    from html import escape

    from django.conf import settings
    from django.urls import reverse
    from django.utils.formats import localize
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    from mandates.core.templatetags.mandates_tags import choice_label

    request = context.get("request")
    query = ""
    if (request is not None and request.GET.get("as_of")) or include_rei:
        query = f"?as_of={as_of.year:04d}-{as_of.month:02d}-{as_of.day:02d}{'&amp;include_rei=on' if include_rei else ''}"
    before, after = reverse("treaties:detail", args=[_PLACEHOLDER]).split(_PLACEHOLDER)
    supplements, not_yet = escape(gettext("supplements")), escape(gettext("not yet in force"))
    short_date = _short_dates()
    number = localize if settings.USE_THOUSAND_SEPARATOR else str  # as ``{{ n }}`` writes an integer
    out = []
    for instrument in instruments:
        # The database's plain strings escaped as Django's escape() does (html.escape), without its lazy wrapper.
        parent = instrument.parent
        code = instrument.code
        # The detail URL differs only by the code: one ``reverse`` for the table (a code with a character
        # ``reverse`` would quote is reversed on its own).
        url = before + code + after if code and set(code) <= _SAFE else reverse("treaties:detail", args=[code])
        arrow = '<span class="muted" aria-hidden="true">↳ </span>' if parent else ""
        supplement = (f'<br><small class="muted">{supplements} <abbr title="{escape(parent.name)}">'
                      f'{escape(parent.short_name)}</abbr></small>') if parent else ""
        adopted = escape(short_date(instrument.adoption_date)) if instrument.adoption_date else "—"
        if instrument.adoption_place:
            adopted += f", {escape(instrument.adoption_place)}"
        force = instrument.entry_into_force
        if force:
            in_force = escape(short_date(force))
            if force > as_of:
                in_force += f' <span class="treaty-status treaty-status--none">{not_yet}</span>'
        else:
            in_force = "—"
        out.append(
            f"\n    <tr>\n      <td>{escape(code)}</td>\n      <td>{arrow}<a href=\"{escape(url)}{query}\">"
            f"<abbr title=\"{escape(instrument.name)}\">{escape(instrument.short_name)}</abbr></a>\n        {supplement}"
            f"</td>\n      <td>{escape(choice_label(instrument, 'group'))}</td>\n      <td>{adopted}</td>\n"
            f"      <td>{in_force}</td>\n      <td class=\"num\">{escape(number(instrument.signatories))}</td>\n"
            f"      <td class=\"num\"><strong>{escape(number(instrument.parties))}</strong></td>\n    </tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
