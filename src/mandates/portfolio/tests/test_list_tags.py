"""The project list's places and results, written in Python (``portfolio_tags``), give the same HTML as the
includes they replace, in English and in another language."""
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from mandates.geography.models import Area, Country
from mandates.portfolio.models import ProjectLocation

pytestmark = pytest.mark.django_db

INCLUDES = Template('{% include "portfolio/_where.html" with locations=p.locations.all %}|'
                    '{% include "portfolio/_results.html" with results=p.results.all %}')
TAGS = Template("{% load portfolio_tags %}{% where p.locations.all %}|{% result_tags p.results.all %}")


def both(project) -> tuple[str, str]:
    def norm(html):
        return " ".join(html.split()).replace("> <", "><").replace(" |", "|").replace("| ", "|")

    return norm(INCLUDES.render(Context({"p": project}))), norm(TAGS.render(Context({"p": project})))


def test_the_tags_write_what_the_includes_wrote(project, strategy):
    ProjectLocation.objects.filter(project=project).delete()
    ProjectLocation.objects.create(project=project, country=Country.objects.get(iso3="KEN"), percentage=Decimal("62.50"))
    ProjectLocation.objects.create(project=project, area=Area.objects.get(level="world"), percentage=Decimal("30"))
    ProjectLocation.objects.create(project=project, area=Area.objects.exclude(level="world").order_by("pk").first())
    project.results.add(strategy["1.1.1"], strategy["2.1.1"])
    for language in ("en", "fr"):
        with translation.override(language):
            includes, tags = both(project)
            assert includes == tags, language
    includes, tags = both(project)
    assert "62.50 %" in tags and "/countries/KEN/" in tags and 'class="tag"' in tags
    ProjectLocation.objects.filter(project=project).delete()
    project.results.clear()
    includes, tags = both(project)
    assert includes == tags and "—" in tags


@pytest.mark.parametrize("name,args", [
    ("geography:detail", ["KEN"]), ("geography:detail", ["é ?#%x"]), ("strategy:node", ["2008-2011", "1.2.1"]),
    ("strategy:node", ["a b", "c&d=e;f"]), ("strategy:node", ["x/y", "z"]), ("strategy:node", ["", "z"]),
])
def test_links_reversed_once_are_those_reverse_writes(name, args, settings):
    """prog11: ``_urls`` writes what ``reverse`` writes (quoting included) and fails where it fails."""
    from django.urls import NoReverseMatch, reverse, set_script_prefix

    from mandates.core.row_urls import str_urls as _urls

    for language, prefix in (("en", "/"), ("fr", "/"), ("en", "/mandates/")):
        set_script_prefix(prefix)
        try:
            with translation.override(language):
                try:
                    expected = reverse(name, args=args)
                except NoReverseMatch:
                    with pytest.raises(NoReverseMatch):
                        _urls(name, len(args))(*args)
                    continue
                assert _urls(name, len(args))(*args) == expected
                assert _urls(name, len(args))(*args) == expected  # and again, from what was reversed once
        finally:
            set_script_prefix("/")
