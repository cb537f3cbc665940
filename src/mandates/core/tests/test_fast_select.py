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


def test_shared_choices_give_the_same_select_without_their_query(db, settings):
    """The project filters' countries: computed once per data version for everyone, the same HTML after."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandates.core.fast_select import share_choices
    from mandates.geography.models import Country
    from mandates.portfolio.filters import ProjectFilterSet

    Country.objects.create(iso3="ZZZ", iso2="ZZ", m49_code="999", name="Fredonia & <Freedonia>")
    settings.SHARED_FIGURES = True
    cache.clear()

    def rendered(**data):
        form = ProjectFilterSet(data).form
        return _tidy(str(form["country"])), form

    plain, _form = rendered(country="ZZZ")
    first, form = rendered(country="ZZZ")  # share_choices ran in .form: the choices were read once
    assert first == plain and 'value="ZZZ" selected>Fredonia &amp; &lt;Freedonia&gt;</option>' in first
    share_choices(form)  # lazy: read when the select is drawn, not when the form only validates (the API)
    with CaptureQueriesContext(connection) as queries:
        again = _tidy(str(form["country"]))
    assert queries and all("auditlog_logentry" in q["sql"] for q in queries)  # only the data version is read
    assert again == plain
    assert 'value="ZZZ" selected' not in rendered()[0]  # the selected option is still the asking page's
