"""Type-ahead for choice lists that grow with the data (programmes, projects, work units, donors).

A filter whose choices are rows of a growing table (fifty programmes at UNODC's size, a thousand at
twenty times it) is not rendered as a ``<select>`` with every row: it is a text input bound to a
``<datalist>`` that htmx fills, as the person types, from ``/suggest/<kind>/`` — at most ``LIMIT``
matches, narrowed by the permission matrix like the list itself. The input submits the same value
(a code) that the select did, so the list views, their URLs and their validation are unchanged.

Apps register their kinds in ``ready()`` (``register("programmes", fn)``): ``fn(user, text)``
returns a queryset or iterable of ``(value, label)`` pairs for ``text``; core never imports them.
"""
from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

LIMIT = 20

_kinds: dict[str, Callable] = {}


def register(kind: str, suggest: Callable) -> None:
    _kinds[kind] = suggest


def suggestions(kind: str, user, text: str) -> list[tuple[str, str]]:
    if kind not in _kinds:
        raise KeyError(kind)
    return list(_kinds[kind](user, (text or "").strip()[:100])[:LIMIT])


@login_required
def suggest(request, kind):
    """The ``<option>``s of a datalist: the matches of what the person typed (``q`` or the field named
    by ``field``), at most ``LIMIT``, among the rows they may see."""
    field = request.GET.get("field", "q")
    text = request.GET.get(field, "") if field else ""
    try:
        options = suggestions(kind, request.user, text)
    except KeyError:
        raise Http404 from None
    return render(request, "core/_suggestions.html", {"options": options})


class TypeAhead(forms.TextInput):
    """A text input offering the matches of ``/suggest/<kind>/`` as the person types."""

    template_name = "core/widgets/typeahead.html"
    input_type = "search"

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs)
        self.kind = kind

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        list_id = f"{widget['attrs'].get('id') or name}-choices"
        widget["attrs"].update({
            "list": list_id, "autocomplete": "off",
            "hx-get": reverse("core:suggest", args=[self.kind]), "hx-target": f"#{list_id}",
            "hx-trigger": "input changed delay:250ms, focus once", "hx-vals": f'{{"field": "{name}"}}',
        })
        widget["list_id"] = list_id
        return context
