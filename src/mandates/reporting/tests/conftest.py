"""Fixtures for the report tests: the Organized Crime Convention and two Protocols from the shipped UN
Treaty Collection files, the finance demo (A/64/123 para. 72), two projects and their deliveries."""
from datetime import date

import pytest

UNTOC_FAMILY = ("XVIII-12", "XVIII-12-a", "XVIII-12-b")


@pytest.fixture
def strategy(db):
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008,
                                           end_year=2011)
    theme = StrategyNode.objects.create(period=period, level=0, code="1", title="Rule of law")
    area = StrategyNode.objects.create(period=period, level=1, code="1.1", title="Conventions", parent=theme)
    result = StrategyNode.objects.create(period=period, level=2, code="1.1.1", title="Ratification", parent=area)
    return {"period": period, "result": result}


def add_delivery(project, kind, end, participants=0, country=None, title=""):
    from mandates.results.models import Delivery

    return Delivery.objects.create(project=project, kind=kind, title=title or f"{kind} {end}", start_date=end,
                                   end_date=end, participants=participants, country=country)


@pytest.fixture
def tc_data(users, units, strategy):
    """What the technical-cooperation report of 2008-2009 as at 31 May 2009 needs."""
    from mandates.finance.services.demo import load_finance_demo
    from mandates.geography.models import Country
    from mandates.portfolio.services import create_project
    from mandates.treaties import reference, services

    for code in UNTOC_FAMILY:
        services.import_status_path(reference.DATA_DIR / reference.catalogue()[code]["raw_file"], instrument=code,
                                    by=None)
    load_finance_demo()
    kenya, peru = Country.objects.get(iso3="KEN"), Country.objects.get(iso3="PER")
    ken = create_project(by=None, code="KENX01", title="Witness protection in Kenya", objective="Witnesses protected",
                         strategy_period=strategy["period"], lead_unit=units["ROEA"],
                         start_date=date(2008, 1, 1), end_date=date(2010, 12, 31), results=[strategy["result"]],
                         locations=[{"country": kenya}])
    per = create_project(by=None, code="PERX02", title="Trafficking in persons in Peru", objective="Victims assisted",
                         strategy_period=strategy["period"], lead_unit=units["DO-JUS"], start_date=date(2008, 1, 1),
                         end_date=date(2010, 12, 31), results=[strategy["result"]], locations=[{"country": peru}])
    made = [
        add_delivery(ken, "workshop", date(2008, 7, 9), 40, kenya, "Witness protection workshop, Nairobi"),
        add_delivery(ken, "training", date(2008, 11, 21), 25, kenya),
        add_delivery(per, "workshop", date(2008, 9, 25), 60, peru),
        add_delivery(per, "training", date(2009, 3, 2), 35, peru),
        add_delivery(per, "publication", date(2009, 2, 1), 0, None, "Good practices for the protection of witnesses"),
        add_delivery(per, "workshop", date(2009, 6, 15), 99, peru),  # after the as-at date: not counted
        add_delivery(per, "workshop", date(2007, 12, 1), 77, peru),  # before the period: not counted
    ]
    return {"kenya_project": ken, "peru_project": per, "deliveries": made}
