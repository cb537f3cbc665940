"""A portal project page's and list's first reading reads only what they show (pub10): their query bounds, and the
project page's title."""
import re

import pytest


@pytest.mark.django_db
def test_a_project_pages_first_reading_reads_only_what_it_shows(client, world, django_assert_max_num_queries):
    # 23 before pub10. The data version, the project, its spending, budget and donors (no places or results: the page has no table
    # of them), its places, partners, expected results, indicators (with targets, approved values, breakdowns),
    # deliveries (with participants) and evaluations; the "data as of" line (three queries, then kept)
    with django_assert_max_num_queries(18) as captured:
        response = client.get("/open/projects/OPEN1/")
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert len([q for q in sql if "strategy_strategynode" in q]) == 1  # the expected results listed, not every node
    assert len([q for q in sql if "FROM \"portfolio_projectlocation\"" in q]) == 1  # the places listed, no shares
    text = response.content.decode()
    assert "Judges trained in fair trials" in text
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert title.startswith("OPEN1 Project OPEN1") and "<" not in title and "Evaluations" not in title


@pytest.mark.django_db
def test_the_project_list_reads_its_rows_money_without_places_or_results(client, world, django_assert_max_num_queries):
    # 18 before pub10: the expected results' links, every node of the strategy, the places and their countries
    with django_assert_max_num_queries(15) as captured:
        assert client.get("/open/projects/?country=KEN").status_code == 200
    assert not [q for q in captured.captured_queries if "portfolio_project_results" in q["sql"]]
