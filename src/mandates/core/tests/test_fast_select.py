"""FastSelect writes the same <select> as Django's templates (whitespace between tags aside)."""
import re

from django import forms

from mandates.core.fast_select import FastSelect, speed_up


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Any"), ("a", "A & <b>"), ("b", "B \"quoted\"")], required=False)
    grouped = forms.ChoiceField(choices=[("Africa", [("KEN", "Kenya"), ("UGA", "Uganda")]), ("X", "Other")])
    many = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two")], required=False)
    flagged = forms.ChoiceField(choices=[("1", "One")], widget=forms.Select(attrs={"disabled": True, "data-x": "y",
                                                                                "hidden": False}))


def _tidy(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_the_same_html_as_djangos_templates_selected_grouped_escaped_and_with_attributes():
    for data in ({}, {"plain": "a", "grouped": "UGA", "many": ["1", "2"], "flagged": "1"}):
        form = _Form(data)
        before = {name: _tidy(str(form[name])) for name in form.fields}
        speed_up(form)
        assert type(form.fields["plain"].widget) is FastSelect
        assert type(form.fields["many"].widget) is forms.SelectMultiple  # only plain selects are changed
        after = {name: _tidy(str(form[name])) for name in form.fields}
        assert after == before
    assert "A &amp; &lt;b&gt;" in after["plain"] and 'value="UGA" selected' in after["grouped"]
    assert "<optgroup label=\"Africa\">" in after["grouped"] and " disabled" in after["flagged"]
