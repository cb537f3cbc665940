"""Fixtures for the treaty tests: the shipped UN Treaty Collection files, a project to link."""
from datetime import date

import pytest

from mandates.treaties import reference, services

UNTOC_FAMILY = ("XVIII-12", "XVIII-12-a", "XVIII-12-b")


def raw_file(code: str):
    """The shipped raw UNTC status file of an instrument (path from the catalogue, not hard-coded)."""
    return reference.DATA_DIR / reference.catalogue()[code]["raw_file"]


@pytest.fixture
def untoc(m49):
    """The Organized Crime Convention and two of its Protocols, imported from the shipped raw files."""
    return [services.import_status_path(raw_file(code), instrument=code, by=None) for code in UNTOC_FAMILY]


@pytest.fixture
def shipped(m49):
    return services.load_shipped_treaties(by=None)


@pytest.fixture
def project(units):
    from mandates.portfolio.models import Project
    from mandates.strategy.models import StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="UNODC strategy 2008-2011",
                                           start_year=2008, end_year=2011)
    return Project.objects.create(code="GLOT32", title="Global programme on the ratification of the Convention",
                                  objective="States ratify", strategy_period=period, lead_unit=units["DO-OCB"],
                                  start_date=date(2008, 1, 1), end_date=date(2011, 12, 31), status="in_implementation")
