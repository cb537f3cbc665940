"""A ``<select>`` whose options are written in Python, not by one template rendering per option.

Django renders each ``<option>`` of a Select through ``select_option.html`` and ``attrs.html``: on the
project list's eleven filters (~300 countries, regions and strategy nodes) that was over a third of
the page's time. The HTML is the same as Django's templates give (``test_fast_select`` compares them).
"""
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    # as django/forms/widgets/attrs.html: in order, False left out, True a bare attribute
    return "".join(format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
                   for name, value in attrs.items() if value is not False)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            for option in options:  # conditional_escape, not format_html: a few hundred options per list page
                parts.append(f'<option value="{conditional_escape(str(option["value"]))}"'
                             f'{_attrs(option["attrs"]) if option["attrs"] else ""}>{conditional_escape(option["label"])}</option>')
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))


def speed_up(form) -> None:
    """Make the plain Select widgets of ``form`` FastSelects (same choices, attributes and output)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = FastSelect


class _SharedChoices(BaseChoiceIterator):  # kept lazy by the widget (normalize_choices)
    """A FastSelect's choices, read from the shared cache when the select is drawn (not when the form
    only validates, as the API's filters do)."""

    def __init__(self, form, name, field):
        self.form, self.name, self.field = form, name, field
        self.read = None

    def _choices(self) -> list:
        if self.read is None:
            self.read = self._shared()
        return self.read

    def _shared(self) -> list:
        from .shared_figures import kept

        field = self.field
        parts = ("choices", type(self.form).__name__, self.name, type(field).__name__, str(field.queryset.query),
                 getattr(field, "to_field_name", None), str(getattr(field, "empty_label", "")),
                 str(field.shown.query) if getattr(field, "shown", None) is not None else "")
        return kept(parts, lambda: [(str(value), str(label)) for value, label in field.choices])

    def __iter__(self):
        return iter(self._choices())

    def __len__(self):
        return len(self._choices())


def share_choices(form) -> None:
    """Give the FastSelects of ``form`` whose choices come from a queryset (countries, regions, strategy
    nodes) the choices computed once per data version for everyone (core.shared_figures): the same
    options, without their query and model instances on each list. Validation still reads the field's
    queryset; the key is the queryset's SQL, so a person whose choices differ gets their own."""
    for name, field in form.fields.items():
        if type(field.widget) is FastSelect and getattr(field, "queryset", None) is not None:
            field.widget.choices = _SharedChoices(form, name, field)
