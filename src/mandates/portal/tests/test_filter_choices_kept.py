"""The filter sentence's choices, read once per portal version, data version and language for every visitor
(lists9): only countries with published work, the same options as computed each time, a publication seen at once."""
import re

import pytest
from django.core.cache import cache

from mandates.geography.models import Country
from mandates.portfolio.models import Project, ProjectLocation

pytestmark = pytest.mark.django_db


def _countries(html: str) -> list[str]:
    select = re.search(r'<select id="f-country" name="country">(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([A-Z]*)"', select)


def test_kept_choices_are_the_published_ones_and_a_publication_is_seen(client, world, settings):
    hidden = Project.objects.get(code="HIDDEN1")
    ProjectLocation.objects.create(project=hidden, country=Country.objects.get(iso3="NGA"))
    urls = ["/open/", "/open/projects/", "/fr/open/projects/?country=KEN", "/open/projects/?year=2010"]
    settings.SHARED_FIGURES = False
    plain = {url: client.get(url).content.decode() for url in urls}
    settings.SHARED_FIGURES = True
    cache.clear()
    for url in urls:
        assert client.get(url).content.decode() == plain[url], url  # computed once, then read by the others
    assert "NGA" not in _countries(client.get("/open/projects/?year=2009").content.decode())
    assert 'value="KEN" selected' in client.get("/open/projects/?country=KEN").content.decode()

    hidden.is_public = True
    hidden.save()  # the portal's version moves: pages and choices are read again
    assert "NGA" in _countries(client.get("/open/projects/?year=2009").content.decode())
