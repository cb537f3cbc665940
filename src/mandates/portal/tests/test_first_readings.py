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


@pytest.mark.django_db
def test_a_country_pages_first_reading_sums_the_ledger_by_contribution_without_a_join(client, world,
                                                                                     django_assert_max_num_queries):
    # open11: 12, as before (the donors' query became the contributions' with their donors). The data version, the country, its projects, their spending by contribution (no
    # join: the contributions and their donors read after, in one query), budget, places' shares, the latest
    # deliveries, the statistics; the "data as of" line (three queries, then kept)
    with django_assert_max_num_queries(12) as captured:
        response = client.get("/open/countries/KEN/")
    assert response.status_code == 200
    ledger = [q["sql"] for q in captured.captured_queries if 'FROM "finance_expenditure"' in q["sql"]
              and "GROUP BY" in q["sql"]]
    assert len(ledger) == 1 and "finance_contribution" not in ledger[0]
    assert len([q for q in captured.captured_queries if 'FROM "finance_donor"' in q["sql"]]) == 0  # read with them
    text = response.content.decode()
    assert "SECRET" not in text and "HIDDEN" not in text
