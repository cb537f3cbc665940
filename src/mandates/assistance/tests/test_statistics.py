"""Response-time statistics, checked against figures worked out here from the requests the test creates."""
import datetime
import statistics
from collections import defaultdict

import pytest

from mandates.assistance import selectors, services
from mandates.geography.models import Country

D = datetime.date
AS_OF = D(2010, 1, 31)
# (State, received, responded or None, response, work unit code or None)
CASES = [
    ("KEN", D(2009, 1, 10), D(2009, 1, 20), "decline", "ROEA"),
    ("KEN", D(2009, 2, 1), D(2009, 4, 12), "refer", "ROEA"),
    ("SYC", D(2009, 3, 1), D(2009, 3, 4), "refer", "ROEA"),
    ("FJI", D(2009, 5, 1), D(2009, 9, 28), "decline", "DO-OCB"),
    ("NGA", D(2008, 6, 1), D(2008, 6, 26), "refer", "DO-JUS"),
    ("NGA", D(2008, 7, 1), D(2008, 8, 30), "decline", "DO-JUS"),
    ("NGA", D(2008, 9, 1), D(2008, 9, 2), "decline", "DO-JUS"),
    ("SEN", D(2009, 12, 20), None, None, None),  # under triage, 42 days old
    ("GHA", D(2010, 1, 20), None, None, None),  # just received, 11 days old
    ("FJI", D(2008, 11, 1), None, None, "DO-OCB"),  # assigned, long open
    ("KEN", D(2010, 3, 1), None, None, None),  # received after the "as at" date: not counted
]


@pytest.fixture
def requests_made(make_request, users, units, partner):
    by = users["planning_officer"]
    made = []
    for iso3, received, responded, response, unit in CASES:
        req = make_request(iso3=iso3, received=received)
        if unit or response:
            services.triage(req, by=by)
        if unit:
            services.assign(req, by=by, unit=units[unit])
        if response:
            services.respond(req, response, by=by, responded_on=responded, partner=partner,
                             reason="Another donor already assists")
        made.append(req)
    return made


def expected(cases, key):
    """Median, mean, shares within 30/90 days and open counts per group, worked out in Python."""
    groups = defaultdict(list)
    for case in cases:
        if case[1] <= AS_OF:
            groups[key(case)].append(case)
    out = {}
    for group, rows in groups.items():
        days = [(responded - received).days for _, received, responded, _, _ in rows if responded]
        ages = [(AS_OF - received).days for _, received, responded, _, _ in rows if not responded]
        shares = {}
        for n in (30, 90):
            due = len(days) + len([a for a in ages if a > n])
            shares[n] = 100 * len([d for d in days if d <= n]) / due if due else None
        out[group] = {
            "total": len(rows), "answered": len(days),
            "median": statistics.median(days) if days else None,
            "mean": statistics.mean(days) if days else None,
            "share_30": shares[30], "share_90": shares[90],
            "open": len(ages), "oldest": max(ages) if ages else None,
        }
    return out


def assert_row(row, exp):
    assert row["total"] == exp["total"] and row["answered"] == exp["answered"]
    for mine, theirs in (("median_days", "median"), ("mean_days", "mean"), ("share_within_30", "share_30"),
                         ("share_within_90", "share_90")):
        if exp[theirs] is None:
            assert row[mine] is None
        else:
            assert abs(float(row[mine]) - exp[theirs]) < 0.051, (mine, row[mine], exp[theirs])
    assert row["open_count"] == exp["open"] and row["open_max_age"] == exp["oldest"]


@pytest.mark.django_db
def test_overall_and_per_year(requests_made, users):
    stats = selectors.response_statistics(users["reader"], as_of=AS_OF)
    assert_row(stats["overall"], expected(CASES, lambda c: "all")["all"])
    per_year = expected(CASES, lambda c: str(c[1].year))
    assert [row["label"] for row in stats["by_year"]] == sorted(per_year)
    for row in stats["by_year"]:
        assert_row(row, per_year[row["label"]])


@pytest.mark.django_db
def test_per_region_and_per_work_unit(requests_made, users, units):
    stats = selectors.response_statistics(users["reader"], as_of=AS_OF)
    region_of = {c.iso3: c.region.name for c in Country.objects.filter(iso3__in={c[0] for c in CASES})}
    per_region = expected(CASES, lambda c: region_of[c[0]])
    assert {row["label"] for row in stats["by_region"]} == set(per_region)
    for row in stats["by_region"]:
        assert_row(row, per_region[row["label"]])
    per_unit = expected(CASES, lambda c: units[c[4]].name if c[4] else "")
    assert {row["label"] for row in stats["by_work_unit"]} == set(per_unit)
    for row in stats["by_work_unit"]:
        assert_row(row, per_unit[row["label"]])


@pytest.mark.django_db
def test_oldest_open_requests_and_their_age(requests_made, users):
    stats = selectors.response_statistics(users["reader"], as_of=AS_OF)
    open_cases = sorted((c[1], c[0]) for c in CASES if c[2] is None and c[1] <= AS_OF)
    assert [(r.received_on, r.requesting_state.iso3) for r in stats["oldest_open"]] == open_cases
    assert [r.age for r in stats["oldest_open"]] == [(AS_OF - received).days for received, _ in open_cases]


@pytest.mark.django_db
def test_filters_and_state_reader_narrow_the_statistics(requests_made, users):
    kenya_cases = [c for c in CASES if c[0] == "KEN"]
    exp = expected(kenya_cases, lambda c: "all")["all"]
    for_reader = selectors.response_statistics(users["member_state_reader"], as_of=AS_OF)
    filtered = selectors.response_statistics(
        users["reader"], selectors.RequestFilters(state=Country.objects.get(iso3="KEN")), as_of=AS_OF)
    assert_row(for_reader["overall"], exp)
    assert_row(filtered["overall"], exp)


@pytest.mark.django_db
def test_statistics_endpoint_and_page(client, requests_made, users):
    client.force_login(users["planning_officer"])
    body = client.get(f"/api/v1/assistance-requests/statistics?as_of={AS_OF.isoformat()}").json()
    exp = expected(CASES, lambda c: "all")["all"]
    assert body["overall"]["answered"] == exp["answered"]
    assert abs(body["overall"]["median_days"] - exp["median"]) < 0.051
    assert client.get("/api/v1/assistance-requests/statistics?as_of=31/01/2010").status_code == 400
    assert client.get("/api/v1/assistance-requests/statistics?state=XXX").status_code == 400
    page = client.get(f"/assistance/statistics/?as_of={AS_OF.isoformat()}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "response-chart" in html and "vendor/chart.umd.js" in html
    assert client.get("/assistance/statistics/?as_of=nonsense&year=abc").status_code == 200


@pytest.mark.django_db
def test_statistics_with_no_request(users):
    stats = selectors.response_statistics(users["reader"], as_of=AS_OF)
    assert stats["overall"] is None and stats["by_year"] == [] and stats["oldest_open"] == []
