"""Hostile query parameters on every page and API list that takes none in its path: a year of
10000, numbers beyond 64 bits, exponent notation, NUL bytes... answer 400 or an empty/ignored
filter, never a 500 (issue 14)."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE = ["10000", "-20857094404930330624", "1e309", "\x00"]
NAMES = ["year", "from", "to", "indicators", "indicator", "period", "country", "region", "work_unit", "theme",
         "programme", "project", "status", "body", "page", "page_size", "q", "donor", "currency", "kind",
         "start", "end", "date", "year_from", "year_to", "group", "instrument", "search", "ordering", "unit",
         "result", "biennium", "month", "due", "state"]


def _paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        pattern = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if pattern.startswith("admin/"):
                continue
            yield from _paths(entry, prefix + pattern)
        elif isinstance(entry, URLPattern):
            full = prefix + pattern
            if "<" in full or "(?P" in full or "docs" in full:
                continue
            full = full.replace("^", "").replace("$", "").replace("/?", "/").replace("\\", "")
            if "(" in full or "[" in full or "*" in full:
                continue
            yield "/" + full.lstrip("/")


def test_no_page_or_api_list_answers_500_to_hostile_query_parameters(client, users):
    """Every page and API list an administrator can open, each hostile value in every usual
    filter name at once (the administrator sees the most, so walks the most code)."""
    client.force_login(users["administrator"])
    client.raise_request_exception = False
    failures = []
    paths = sorted(set(_paths()))
    assert "/api/v1/deliveries/" in paths and "/resolutions/obligations/" in paths
    for path in paths:
        if "logout" in path:
            continue
        for value in HOSTILE:
            answer = client.get(path, {name: value for name in NAMES})
            if answer.status_code >= 500:
                failures.append((path, repr(value), answer.status_code))
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("path", ["/api/v1/deliveries/", "/api/v1/resolutions/", "/api/v1/resolutions/obligations/",
                                  "/api/v1/assistance-requests/", "/api/v1/finance/contributions/"])
@pytest.mark.parametrize("query", ["year=10000", "year=2e3", "year=-20857094404930330624",
                                   "indicators=-20857094404930330624", "year=1e309"])
def test_the_api_answers_400_or_an_empty_list_to_years_no_date_can_have(client, users, path, query):
    client.force_login(users["administrator"])
    answer = client.get(f"{path}?{query}")
    assert answer.status_code in (200, 400), answer.content[:300]
    if answer.status_code == 200:
        body = answer.json()
        assert (body.get("results", body) if isinstance(body, dict) else body) in ([], {}) or body.get("count") == 0
    else:
        assert answer["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("path", ["/resolutions/", "/resolutions/obligations/", "/results/deliveries/",
                                  "/finance/contributions/"])
def test_pages_show_nothing_for_a_year_no_date_can_have(client, users, path):
    client.force_login(users["administrator"])
    for query in ("year=10000", "year=-1", "year=99999999999999999999999"):
        assert client.get(f"{path}?{query}").status_code == 200
