"""The tags that write a portal page's project rows and delivery list give the HTML of the template loops they
replaced (pages7), in every language the portal speaks."""
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from mandates.geography.models import Country
from mandates.portal.selectors import public
from mandates.portfolio.models import Project
from mandates.results.models import Delivery

FORMER_PROJECTS = Template(
    "{% load i18n portal %}{% for project in projects %}\n"
    '    <tr><th scope="row"><a href="{% url \'portal:project\' project.code %}">{{ project.code }}</a> '
    "{{ project.title }}</th>\n"
    '      <td>{{ project|display:"status" }}</td><td>{{ project.start_date.year }}–{{ project.end_date.year }}</td>'
    "</tr>\n  {% endfor %}")
PROJECTS = Template("{% load portal %}{% project_rows projects %}")
FORMER_DELIVERIES = Template(
    '{% load portal %}{% for d in deliveries %}<li>{{ d.end_date|longdate }}: {{ d.title }} ({{ d|display:"kind" }}, '
    "<a href=\"{% url 'portal:project' d.project.code %}\">{{ d.project.code }}</a>)</li>{% endfor %}")
DELIVERIES = Template("{% load portal %}{% delivery_items deliveries %}")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es", "ar", "ru", "zh-hans"])
def test_project_rows_and_delivery_items_write_the_former_loops_html(world, language):
    ken = Country.objects.get(iso3="KEN")
    open1 = Project.objects.get(code="OPEN1")
    # a code reverse quotes, a title to escape, two deliveries on one day
    Project.objects.filter(code="OPEN2").update(code="OPEN 2é", title='Courts & "prisons" <reform>')
    Delivery.objects.create(kind="workshop", title="Judges' <workshop> & review", project=open1,
                            start_date=date(2009, 3, 1), end_date=date(2009, 3, 5), country=ken, participants=5)
    Delivery.objects.create(kind="training", title="Another", project=open1, start_date=date(2010, 1, 1),
                            end_date=date(2010, 12, 31), country=ken, participants=5)
    projects = list(public.projects().order_by("code"))
    deliveries = list(public.deliveries().filter(country=ken).select_related("project")
                      .only("end_date", "title", "kind", "project__code").order_by("-end_date", "-id"))
    assert len(projects) >= 2 and len(deliveries) == 3
    with translation.override(language):
        context = Context({"projects": projects, "deliveries": deliveries})
        rows = PROJECTS.render(context)
        assert rows == FORMER_PROJECTS.render(context)
        assert rows.count("<tr>") == len(projects)
        items = DELIVERIES.render(context)
        assert items == FORMER_DELIVERIES.render(context)
        assert items.count("<li>") == 3
        context = Context({"projects": [], "deliveries": []})
        assert PROJECTS.render(context) == FORMER_PROJECTS.render(context) == ""
        assert DELIVERIES.render(context) == FORMER_DELIVERIES.render(context) == ""
    assert "&amp; &quot;prisons&quot; &lt;reform&gt;" in rows and "/OPEN%202%C3%A9/" in rows
