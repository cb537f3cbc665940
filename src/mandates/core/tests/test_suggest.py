"""Type-ahead for growing choice lists: bounded, permission-scoped, and the filters still filter."""
import re

import pytest

from mandates.core.suggest import LIMIT
from mandates.demo.generator import generate
from mandates.portfolio.models import Programme, Project

pytestmark = pytest.mark.django_db


def _options(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<option value="([^"]*)">', response.content.decode())


def test_suggestions_are_bounded_scoped_and_feed_the_filter(client, users):
    generate(scale=2, seed=8, fraction=0.1)  # 10 programmes, 100 projects
    client.force_login(users["administrator"])
    everything = _options(client, "/suggest/projects/?field=q&q=G8-")
    assert len(everything) == LIMIT  # not every project: the first matches
    some = _options(client, "/suggest/programmes/?field=programme&programme=PR0000")
    assert some and all("PR0000" in code for code in some)
    # The project list offers programmes by type-ahead, not as an option per programme ...
    page = client.get("/projects/").content.decode()
    assert 'list="id_programme-choices"' in page and 'list="id_unit-choices"' in page
    assert f'<option value="{Programme.objects.first().code}"' not in page
    # ... and a typed programme code still filters the list.
    chosen = Programme.objects.filter(code__startswith="G8-").order_by("code").first()
    inside, outside = chosen.projects.order_by("code").first(), Project.objects.exclude(programme=chosen).filter(
        code__startswith="G8-").order_by("code").first()
    filtered = client.get("/projects/", {"programme": chosen.code}).content.decode()
    assert inside.code in filtered and outside.code not in filtered
    # A Kenyan reader is offered only what the permission matrix lets them see.
    client.force_login(users["member_state_reader"])
    from mandates.people import permissions

    theirs = _options(client, "/suggest/projects/?q=G8-")
    visible = set(permissions.visible(users["member_state_reader"], Project.objects.all()).values_list("code", flat=True))
    assert set(theirs) <= visible and len(visible & set(everything)) < LIMIT
    assert client.get("/suggest/nothing/?q=a").status_code == 404
    client.logout()
    assert client.get("/suggest/projects/?q=G8").status_code == 302
