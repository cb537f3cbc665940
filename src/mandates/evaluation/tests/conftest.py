"""Fixtures for the evaluation tests (the strategy tree and project builder of the results tests)."""
from datetime import date

import pytest

from mandates.evaluation import services
from mandates.results.tests.conftest import DEFAULT_TREE, Builder, make_period


@pytest.fixture
def strategy(db):
    period, nodes = make_period(tree=DEFAULT_TREE)
    return {"period": period, **nodes}


@pytest.fixture
def build(users, strategy):
    return Builder(users["planning_officer"], strategy["period"])


@pytest.fixture
def projects(build, units, strategy):
    from mandates.geography.models import Country

    kenya = build.project("XEAK10", units["ROEA"], results=[strategy["1.4.3"]],
                          countries=[Country.objects.get(iso3="KEN")])
    build.logframe(kenya, results=[strategy["1.4.3"]])
    peru = build.project("XLAP20", units["DO-JUS"], results=[strategy["1.1.2"]],
                         countries=[Country.objects.get(iso3="PER")])
    return {"kenya": kenya, "peru": peru}


@pytest.fixture
def evaluation(projects, users, units):
    ev = services.save_evaluation(
        by=users["planning_officer"], title="Independent evaluation of the counter-terrorism project in Kenya",
        subject="project", modality="independent", project=projects["kenya"], status="completed",
        start_date=date(2010, 1, 10), completion_date=date(2010, 6, 30), managed_by=units["HQ"],
    )
    services.add_finding(ev, by=users["planning_officer"], text="Training reached judges but few prosecutors.")
    return ev
