from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from mandates.people import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def querystring_with(context, **changes):
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def money(value, currency="USD"):
    if value is None:
        return "—"
    amount = Decimal(value).quantize(Decimal("0.01"))
    return f"{currency} {amount:,.2f}"


@register.simple_tag(takes_context=True)
def can(context, action, obj):
    return permissions.can(context["request"].user, action, obj)


@register.filter
def status_badge(obj):
    return format_html('<span class="badge badge--{}">{}</span>', obj.status, choice_label(obj, "status"))


def choice_label(obj, field_name: str):
    """``obj.get_<field_name>_display()`` from the field's labels translated once per language: Django's own
    builds the choices again and hashes every lazy label (a translation lookup each) on every call."""
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name, get_language() or "").get(value, value)


@lru_cache(maxsize=256)
def _choice_labels(model, field_name: str, language: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


HISTORY_PAGE_SIZE = 50


@register.simple_tag(takes_context=True)
def audit_rows(context, entries, limit=HISTORY_PAGE_SIZE):
    """One page (``?history_page=N``) of prepared audit rows (see core.audit.display_rows) for
    includes/history.html; ``history_page_obj`` is set in the context for the pager."""
    from django.core.paginator import Paginator

    from mandates.core.audit import display_rows

    request = context.get("request")
    number = request.GET.get("history_page") if request is not None else None
    if number in (None, "", "1"):
        # the first page, as most readers see it: its rows and one more tell whether there is a second page, so the
        # entries need no COUNT when they fit on one page (most histories)
        head = list(entries[:limit + 1])
        if len(head) <= limit:
            page = Paginator(head, limit).get_page(1)
        else:
            page = Paginator(entries, limit).get_page(1)  # the pager says how many: COUNT
            page.object_list = head[:limit]
    else:
        page = Paginator(entries, limit).get_page(number)
    context["history_page_obj"] = page
    return display_rows(page.object_list, limit=limit)


@register.simple_tag(takes_context=True)
def extension_panels(context, target, obj):
    """Render the panels other apps registered for ``target`` pages (core.extensions)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from mandates.core.extensions import panels_for

    request = context.get("request")
    user = getattr(request, "user", None)
    shared = context.get("shared_panels") or {}  # panels the view took from core.shared_parts: {template: HTML}
    parts = []
    for panel in panels_for(target, user, obj):
        flags = panel.flags(user, obj) if panel.flags else {}
        if panel.template in shared:
            from mandates.core.shared_parts import for_person

            parts.append(for_person(shared[panel.template], flags))
            continue
        values = {"object": obj, target: obj, "user": user, **(panel.context(user, obj) if panel.context else {}),
                  **flags}
        if context.template is not None:
            # Within the page's own context, as {% include %} does: the context processors (the header's
            # menus, permission scopes) are not run again for each panel — the implementation plan shows
            # one per row.
            with context.push(values):
                parts.append(context.template.engine.get_template(panel.template).render(context))
        else:
            parts.append(render_to_string(panel.template, values, request=request))
    return mark_safe("".join(parts))


@register.simple_tag(name="row_url")
def row_url_tag(viewname, *args):
    """As ``{% url viewname arg ... %}`` (escaped the same way), reversing the name once when the arguments are
    primary keys (``core.row_urls``): for links written on every row of a page."""
    from mandates.core.row_urls import row_url

    return row_url(viewname, *args)
