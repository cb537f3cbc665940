"""The fact engine on real treaty files and the finance demo: the figures of A/64/123, reconciled with
the other apps' pages and API, bounded queries, no data, bad input, permissions."""
from datetime import date
from decimal import Decimal

import pytest

from mandates.reporting import facts, periods
from mandates.reporting.facts import FactEngine

from .world import add_delivery

M = Decimal(1_000_000)
AS_OF = date(2009, 5, 31)


def engine(user, period="2008-2009", as_of=AS_OF):
    p, a = periods.resolve(period, as_of)
    return FactEngine(user, p, a)


@pytest.mark.django_db
def test_the_figures_of_a_64_123_come_from_the_data_and_reconcile(client, users, tc_data,
                                                                   django_assert_max_num_queries):
    from mandates.finance import selectors as finance
    from mandates.finance.models import Biennium

    e = engine(users["planning_officer"])
    assert [e.get(f"states_parties:{c}").value for c in ("XVIII-12", "XVIII-12-a", "XVIII-12-b")] == [149, 130, 119]
    # treaty facts = the treaties API (what its pages show)
    api = client.get("/api/v1/treaties/instruments", {"as_of": "2009-05-31"}).json()["results"]
    assert {r["code"]: r["parties"] for r in api} == {c: e.get(f"states_parties:{c}").value for c in
                                                      ("XVIII-12", "XVIII-12-a", "XVIII-12-b")}
    # "during the reporting period" (A/64/123 para. 2: 5 / 11 / 7) = since the previous report's as-at date
    # (data/previous_reports.csv, 30 June 2008), not since the biennium's start (that gives 11 / 15 / 10)
    codes = ("XVIII-12", "XVIII-12-a", "XVIII-12-b")
    assert e.since == date(2008, 6, 30)
    assert [e.get(f"ratified_in_period:{c}").value for c in codes] == [5, 11, 7]
    before = {r["code"]: r["parties"] for r in client.get("/api/v1/treaties/instruments",
                                                          {"as_of": "2008-06-30"}).json()["results"]}
    assert [e.get(f"ratified_in_period:{c}").value for c in codes] == [n - before[c] for c, n in
                                                                       zip(codes, (149, 130, 119))]
    assert e.get("ratified_in_period:XVIII-12").filters["since"] == "2008-06-30"
    assert "previous report" in e.get("ratified_in_period:XVIII-12").definition
    names = [row[0][0] for row in facts.records(e, "ratified_in_period:XVIII-12")["rows"]]
    assert names == ["Bahamas", "Indonesia", "Jordan", "Kazakhstan", "Syrian Arab Republic"]
    from_start = FactEngine(users["planning_officer"], e.period, AS_OF, since=date(2007, 12, 31))
    assert [from_start.get(f"ratified_in_period:{c}").value for c in codes] == [11, 15, 10]
    # funding facts = the finance projections to the cent
    b = Biennium.objects.get(code="2008-2009")
    crime = next(p for p in finance.projections(b, b.end_date) if p.code == "CPCJF-GP")
    assert (e.get("gp_income:CPCJF").value, e.get("gp_expenditure:CPCJF").value, e.get("gp_shortfall:CPCJF").value,
            e.get("gp_balance:CPCJF").value) == (crime.projected_income, crime.projected_uses, crime.shortfall,
                                                 crime.closing) == (Decimal("5.1") * M, Decimal("7.1") * M,
                                                                    Decimal("2.0") * M, Decimal("1.6") * M)
    assert e.get("gp_income:CPCJF").display() == "$5.1 million"
    assert e.get("gp_shortfall:CPCJF").display() == "$2.0 million"
    assert (e.get("apportionment_share:UNDCP").display(), e.get("apportionment_share:CPCJF").display()) == (
        "75 per cent", "25 per cent")
    # delivery facts = the deliveries API rows in the period up to the as-at date
    client.force_login(users["planning_officer"])
    rows = client.get("/api/v1/deliveries", {"page_size": 100}).json()["results"]
    inside = [r for r in rows if "2008-01-01" <= r["end_date"] <= "2009-05-31"]
    assert e.get("workshops").value == sum(r["kind"] == "workshop" for r in inside) == 2
    assert e.get("trainings").value == 2 and e.get("publications").value == 1
    assert e.get("officials_trained").value == sum(r["participants"] for r in inside
                                                   if r["kind"] in ("workshop", "training")) == 160
    assert e.get("countries_assisted").value == 2
    # the records behind a figure: as many rows as the figure counts
    data = facts.records(e, "states_parties:XVIII-12")
    assert len(data["rows"]) == 149
    assert len(facts.records(e, "workshops")["rows"]) == 2
    page = client.get(e.get("officials_trained").records_url)
    assert page.status_code == 200 and b"Witness protection workshop, Nairobi" in page.content
    # a member-State reader counts only what they may see
    officer, kenya = engine(users["planning_officer"]), engine(users["member_state_reader"])
    assert officer.get("officials_trained").value == 160
    assert kenya.get("officials_trained").value == 65  # the Kenyan project's workshop and training only
    assert kenya.get("countries_assisted").value == 1
    assert kenya.get("states_parties:XVIII-12").value == 149  # treaty status is public
    # the number of queries does not grow with the data; no data is said; bad input is refused
    keys = ["states_parties:XVIII-12", "ratified_in_period:XVIII-12-a", "workshops", "officials_trained",
            "countries_assisted", "publications", "gp_income:CPCJF", "gp_shortfall:CPCJF",
            "apportionment_share:UNDCP"]

    def run():
        e = engine(users["planning_officer"])
        return [e.get(k).value for k in keys]

    with django_assert_max_num_queries(60) as first:
        run()
    for i in range(30):
        add_delivery(tc_data["peru_project"], "workshop", date(2008, 10, 1), 10, None, f"More {i}")
    with django_assert_max_num_queries(len(first.captured_queries)):
        values = run()
    assert values[2] == 32
    # no data is said, not zero; bad input is a clear error
    e = engine(users["planning_officer"], "2010-2011", date(2010, 6, 30))
    assert e.get("workshops").status == facts.NO_DATA and e.get("workshops").display() == "[no data]"
    assert e.get("states_parties:XVIII-12").value >= 149
    with pytest.raises(periods.ReportError, match="no period “1999-2000”"):
        periods.resolve("1999-2000", None)
    with pytest.raises(periods.ReportError, match="before the first record"):
        periods.resolve("2008-2009", date(1900, 1, 1))
    with pytest.raises(periods.ReportError, match="not a date"):
        periods.resolve("2008-2009", "31/05/2009")
    with pytest.raises(periods.ReportError, match="Unknown fact"):
        e.get("made_up")
