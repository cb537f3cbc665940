"""Fixtures for the assistance tests: a small strategy, a project with an activity, a partner, requests."""
import datetime

import pytest

from mandates.assistance import services
from mandates.geography.models import Country


@pytest.fixture
def strategy(db):
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008,
                                           end_year=2011)
    theme = StrategyNode.objects.create(period=period, level=0, code="1", title="Rule of law")
    area = StrategyNode.objects.create(period=period, parent=theme, level=1, code="1.1",
                                       title="International cooperation in criminal justice matters")
    result = StrategyNode.objects.create(period=period, parent=area, level=2, code="1.1.1",
                                         title="Improved ratification of the Organized Crime Convention")
    other = StrategyNode.objects.create(period=period, parent=area, level=2, code="1.1.2",
                                        title="Enhanced capacity for international cooperation")
    management = StrategyNode.objects.create(period=period, track="management", level=0, code="M.1",
                                             title="Results-based management")
    return {"period": period, "theme": theme, "area": area, "result": result, "other": other,
            "management": management}


@pytest.fixture
def project(strategy, units):
    from mandates.portfolio.models import Activity, Outcome, Output, Project

    proj = Project.objects.create(code="XEAX20", title="Maritime crime programme: piracy trials support",
                                  objective="Fair and efficient piracy trials in the region",
                                  strategy_period=strategy["period"], lead_unit=units["ROEA"],
                                  start_date=datetime.date(2009, 1, 1), end_date=datetime.date(2011, 12, 31))
    outcome = Outcome.objects.create(project=proj, code="OC1", title="Courts try piracy cases fairly")
    output = Output.objects.create(outcome=outcome, code="OP1.1", title="Prosecutors trained")
    activity = Activity.objects.create(output=output, code="A1.1.1", title="Training of prosecutors in Mombasa")
    other = Project.objects.create(code="GLOU40", title="Global programme on money-laundering",
                                   objective="Stronger regimes", strategy_period=strategy["period"],
                                   lead_unit=units["DO-OCB"], start_date=datetime.date(2008, 1, 1),
                                   end_date=datetime.date(2011, 12, 31))
    return {"project": proj, "activity": activity, "other": other}


@pytest.fixture
def partner(db):
    from mandates.partners.models import Partner

    return Partner.objects.create(name="International Criminal Police Organization", acronym="INTERPOL",
                                  kind="intergovernmental")


@pytest.fixture
def make_request(users):
    """Create a request through the service (as the planning officer unless told)."""
    counter = {"n": 0}

    def make(iso3="KEN", received=datetime.date(2009, 3, 2), by=None, **extra):
        counter["n"] += 1
        data = {"subject": f"Request {counter['n']}", "channel": "note_verbale", "urgency": "routine", **extra}
        return services.save_request(by=by or users["planning_officer"],
                                     requesting_state=Country.objects.get(iso3=iso3), received_on=received,
                                     **data)

    return make
