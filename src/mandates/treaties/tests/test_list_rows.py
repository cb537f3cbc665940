"""The tag that writes the treaty list's rows gives the HTML of the template loop it replaced (pages7)."""
from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from mandates.people.models import User
from mandates.treaties import selectors
from mandates.treaties.models import Instrument

FORMER_ROWS = Template(
    "{% load i18n %}{% for instrument in instruments %}\n    <tr>\n      <td>{{ instrument.code }}</td>\n"
    '      <td>{% if instrument.parent %}<span class="muted" aria-hidden="true">↳ </span>{% endif %}<a href="'
    "{% url 'treaties:detail' instrument.code %}{% if request.GET.as_of or include_rei %}?as_of={{ as_of|date:'Y-m-d' }}"
    '{% if include_rei %}&amp;include_rei=on{% endif %}{% endif %}"><abbr title="{{ instrument.name }}">'
    "{{ instrument.short_name }}</abbr></a>\n        {% if instrument.parent %}<br><small class=\"muted\">"
    '{% translate "supplements" %} <abbr title="{{ instrument.parent.name }}">{{ instrument.parent.short_name }}'
    "</abbr></small>{% endif %}</td>\n      <td>{{ instrument.get_group_display }}</td>\n"
    '      <td>{{ instrument.adoption_date|date:"j M Y"|default:"—" }}{% if instrument.adoption_place %}, '
    "{{ instrument.adoption_place }}{% endif %}</td>\n"
    '      <td>{% if instrument.entry_into_force %}{{ instrument.entry_into_force|date:"j M Y" }}'
    '{% if instrument.entry_into_force > as_of %} <span class="treaty-status treaty-status--none">'
    '{% translate "not yet in force" %}</span>{% endif %}{% else %}—{% endif %}</td>\n'
    '      <td class="num">{{ instrument.signatories }}</td>\n'
    '      <td class="num"><strong>{{ instrument.parties }}</strong></td>\n    </tr>\n  {% endfor %}')
ROWS = Template("{% load treaty_tags %}{% instrument_rows instruments as_of include_rei %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en-gb", "fr", "ar", "zh-hans"])
def test_instrument_rows_write_the_former_loops_html(untoc, language):
    Instrument.objects.filter(code="XVIII-12-a").update(
        adoption_place="Palermo & <Rome>", entry_into_force=date(2030, 12, 1), adoption_date=date(2000, 1, 9))
    Instrument.objects.filter(code="XVIII-12-b").update(code="XVIII 12 b", adoption_date=None, entry_into_force=None)
    admin = User.objects.create_superuser("root", "root@example.org", "x")
    for as_of in (date(2009, 5, 31), date(2004, 3, 1)):
        for include_rei in (False, True):
            for read in (selectors.instruments_with_counts, selectors.instrument_list):  # the page reads the second
                rows = list(read(admin, as_of=as_of, include_rei=include_rei))
                assert {i.parent_id is not None for i in rows} == {True, False}
                for query in ("", f"?as_of={as_of}"):
                    request = RequestFactory().get(f"/treaties/{query}")
                    with translation.override(language):
                        context = Context({"instruments": rows, "as_of": as_of, "include_rei": include_rei,
                                           "request": request})
                        new = ROWS.render(context)
                        assert new == FORMER_ROWS.render(context)
                    assert new.count("<tr>") == len(rows)
                    assert ("?as_of=" in new) == bool(query or include_rei)
    assert "XVIII%2012%20b/" in new and "Palermo &amp; &lt;Rome&gt;" in new
