"""The fund overview's figures are computed once per data version and shared by every person, the page
and the API (``core.shared_figures``, on with the page cache); any write shows at once."""
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import contribute
from .test_pages import filled  # noqa: F401  (fixture)

URL = "/api/v1/finance/funds?biennium=2008-2009"


def total_contributions(client) -> tuple[Decimal, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return Decimal(response.json()["total"]["contributions"]), len(queries)


@pytest.mark.django_db
def test_the_figures_are_shared_by_people_and_pages_and_a_write_shows_at_once(client, filled, users,  # noqa: F811
                                                                                structure, donors, settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    client.force_login(users["finance_officer"])
    first, computed = total_contributions(client)
    assert first == Decimal("101000.00")  # SEK 625,000 at 6.25 + USD 1,000

    client.force_login(users["administrator"])  # another person: the sums are not run again
    again, shared = total_contributions(client)
    assert again == first and shared <= computed - 5
    assert client.get("/finance/?biennium=2008-2009").status_code == 200  # the page reads the same figures

    contribute(structure, donors["kenya"], code="CPCJF-GP", reference="KE-GP-2", amount="500.00")
    after, recomputed = total_contributions(client)
    assert after == first + Decimal("500.00") and recomputed == computed


@pytest.mark.django_db
def test_off_by_default_so_the_benchmark_measures_the_computation(client, filled, users, settings):  # noqa: F811
    settings.SHARED_FIGURES = False
    cache.clear()
    client.force_login(users["finance_officer"])
    _, first = total_contributions(client)
    _, second = total_contributions(client)
    assert first == second


def region_chart(client) -> dict:
    import json
    import re

    body = client.get("/finance/?biennium=2008-2009").content.decode()
    charts = json.loads(re.search(r'<script id="finance-charts" type="application/json">(.*?)</script>', body,
                                  re.S).group(1))
    return dict(zip(charts["region"]["labels"], charts["region"]["values"], strict=True))


@pytest.mark.django_db
def test_delivery_figures_are_shared_only_by_people_who_see_the_same_projects(client, filled, users,  # noqa: F811
                                                                             settings):
    settings.SHARED_FIGURES = True
    cache.clear()
    client.force_login(users["finance_officer"])
    assert region_chart(client) == {"Africa": "75.0"}  # KEN01: 60,000 spent of 80,000
    client.force_login(users["programme_manager_hq"])  # leads GLO01 only: Kenya's money is not theirs to see
    assert "Africa" not in region_chart(client) or region_chart(client)["Africa"] is None
    client.force_login(users["administrator"])  # sees every project, as the finance officer does
    assert region_chart(client) == {"Africa": "75.0"}
