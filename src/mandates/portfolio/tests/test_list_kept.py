"""The project list's rows and filter form kept for everyone whose list and form are the same (lists9): the same
HTML as computed for each person, never a row or an option someone may not see, a write seen at once."""
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from mandates.portfolio.filters import ProjectFilterSet, _declared_sql, _sql

from .conftest import area, country

pytestmark = pytest.mark.django_db

URLS = ["/projects/", "/projects/?status=draft", "/projects/?country=KEN", "/projects/?country=XXX",
        "/projects/?region=002", "/projects/?theme=1", "/projects/?programme=NOPE", "/projects/?q=Nigeria"]


def _body(client, url) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|name="csrf-token" content="|X-CSRFToken": ")[^"]*', "",
                  client.get(url).content.decode())


@pytest.fixture
def portfolio(make_project, programme):
    return {"kenya": make_project("XKEN01", programme=programme),
            "region": make_project("XEAF02", locations=[{"area": area("014")}]),
            "nigeria": make_project("XNGA03", title="Nigeria border posts", locations=[{"country": country("NGA")}])}


def test_each_person_gets_the_page_computed_for_them(client, users, portfolio, settings):
    people = ["planning_officer", "administrator", "reader", "member_state_reader"]
    settings.SHARED_FIGURES = False
    plain = {}
    for role in people:
        client.force_login(users[role])
        plain[role] = {url: _body(client, url) for url in URLS}
    assert "XNGA03" in plain["reader"]["/projects/"] and "XNGA03" not in plain["member_state_reader"]["/projects/"]

    settings.SHARED_FIGURES = True
    cache.clear()
    for role in people:  # the planner computes and keeps; the others read what is kept for their own query
        client.force_login(users[role])
        for url in URLS:
            assert _body(client, url) == plain[role][url], (role, url)


def test_a_second_person_reads_no_project_row_and_the_member_state_reader_their_own(client, users, portfolio,
                                                                                     settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    client.force_login(users["planning_officer"])
    client.get("/projects/?status=draft")
    client.force_login(users["reader"])
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/projects/?status=draft").content.decode()
    assert "XNGA03" in page
    assert not [q for q in captured if "portfolio_projectlocation" in q["sql"] or "COUNT(" in q["sql"]]

    client.force_login(users["member_state_reader"])  # Kenya: another query, its own rows and count
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/projects/?status=draft").content.decode()
    assert "XKEN01" in page and "XEAF02" in page and "XNGA03" not in page
    assert [q for q in captured if "portfolio_projectlocation" in q["sql"]]


def test_a_write_is_seen_at_once(client, users, portfolio, make_project, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    client.force_login(users["reader"])
    assert "XUGA04" not in client.get("/projects/").content.decode()
    make_project("XUGA04", locations=[{"country": country("UGA")}])
    assert "XUGA04" in client.get("/projects/").content.decode()


def test_the_form_key_names_what_differs_between_people(users, portfolio):
    def parts(role, query):
        filterset = ProjectFilterSet(QueryDict(query), user=users[role])
        filterset.selector_kwargs()
        return filterset.kept_parts()

    # The same form for people who may see the same programmes; another for the Member State reader, whose
    # programme choices (and so the errors a programme code may get) are narrowed to their country.
    assert parts("planning_officer", "programme=XYZ") == parts("reader", "programme=XYZ")
    assert parts("planning_officer", "programme=XYZ") != parts("member_state_reader", "programme=XYZ")
    assert parts("reader", "status=draft") != parts("reader", "status=approved")

    # The choices taken from the class once per process are those of the form's own fields, for everyone.
    for role in ("administrator", "member_state_reader"):
        filterset = ProjectFilterSet(QueryDict("country=KEN"), user=users[role])
        declared = _declared_sql(ProjectFilterSet)
        for name, field in filterset.form.fields.items():
            if name in declared and name not in filterset.own_choices:
                assert declared[name][0] == _sql(field.queryset), name


def test_a_form_not_kept_whole_renders_only_the_fields_that_differ(client, users, portfolio, settings):
    """prog11: the filter form is put together from fields kept each under its own values and choices."""
    from django.test.signals import template_rendered

    settings.SHARED_FIGURES = True
    cache.clear()
    rendered = []

    def seen(sender, template, context, **kwargs):
        if template.name == "portfolio/_filter_fields.html":
            rendered.append([field.name for field in context["filter_form"]])

    template_rendered.connect(seen)
    try:
        client.force_login(users["reader"])
        client.get("/projects/?status=")
        assert len(rendered) == 11 and rendered[0] == ["q"]  # the first form: every field, one by one
        rendered.clear()
        page = _body(client, "/projects/?status=draft")
        assert rendered == [["status"]]  # the ten others are those of the first form
        rendered.clear()
        client.force_login(users["member_state_reader"])  # other programmes to choose from: that field anew
        client.get("/projects/?status=draft")
        assert rendered == [["programme"]]
    finally:
        template_rendered.disconnect(seen)

    settings.SHARED_FIGURES = False
    client.force_login(users["reader"])
    assert _body(client, "/projects/?status=draft") == page
