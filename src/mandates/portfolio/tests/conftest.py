"""Fixtures for the portfolio tests: two strategy periods with different trees, partners, a regional
programme and projects built through the services."""
import datetime
from decimal import Decimal

import pytest

from mandates.geography.models import Area, Country
from mandates.portfolio import services


def _node(period, code, title, parent=None, track="results"):
    from mandates.strategy.models import StrategyNode

    level = 0 if parent is None else parent.level + 1
    return StrategyNode.objects.create(period=period, track=track, parent=parent, level=level, code=code,
                                       title=title)


@pytest.fixture
def strategy(db):
    """Strategy 2008-2011 (theme > result area > expected result) and a later period whose tree has two
    levels with other names and other codes: nothing may assume the 2008-2011 shape."""
    from mandates.strategy.models import StrategyPeriod

    old = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008, end_year=2011)
    rule = _node(old, "1", "Rule of law")
    coop = _node(old, "1.1", "International cooperation in criminal justice matters", rule)
    cap = _node(old, "1.2", "Capacity of criminal justice systems", rule)
    trends = _node(old, "2", "Policy and trend analysis")
    data = _node(old, "2.1", "Data collection and analysis", trends)
    nodes = {
        "1": rule, "1.1": coop, "1.2": cap, "2": trends, "2.1": data,
        "1.1.1": _node(old, "1.1.1", "Ratification of the Organized Crime Convention", coop),
        "1.1.2": _node(old, "1.1.2", "Capacity for international cooperation", coop),
        "1.2.1": _node(old, "1.2.1", "Capacity to counter illicit trafficking", cap),
        "2.1.1": _node(old, "2.1.1", "Reliable data on drugs and crime", data),
        "M.1": _node(old, "M.1", "Results-based management", track="management"),
    }
    new = StrategyPeriod.objects.create(code="2012-2015", title="Strategic framework 2012-2015", start_year=2012,
                                        end_year=2015, level_names=["subprogramme", "expected accomplishment"])
    sp = _node(new, "SP1", "Countering transnational organized crime")
    nodes["SP1"] = sp
    nodes["SP1.a"] = _node(new, "SP1.a", "Increased capacity to implement the Convention", sp)
    nodes["SP1.b"] = _node(new, "SP1.b", "Improved international cooperation", sp)
    return {"period": old, "new_period": new, **nodes}


@pytest.fixture
def partners(db):
    from mandates.partners.models import Partner

    return {
        "UNDP": Partner.objects.create(name="United Nations Development Programme", acronym="UNDP", kind="un_entity"),
        "INTERPOL": Partner.objects.create(name="International Criminal Police Organization", acronym="INTERPOL",
                                           kind="intergovernmental"),
    }


def country(iso3):
    return Country.objects.get(iso3=iso3)


def area(m49):
    return Area.objects.get(m49_code=m49)


@pytest.fixture
def programme(strategy, units, users):
    """The regional programme for Eastern Africa, led by the regional office, in consultation."""
    made = services.create_programme(
        by=users["planning_officer"], code="RP-EAF", title="Rule of Law and Human Security in Eastern Africa",
        kind="regional", strategy_period=strategy["period"], start_date=datetime.date(2009, 12, 1),
        end_date=datetime.date(2012, 12, 31), lead_unit=units["ROEA"], countries=[country("KEN"), country("SOM")],
        areas=[area("014")], results=[strategy["1.2.1"]],
    )
    services.add_component(made, by=users["planning_officer"], code="SP1", title="Countering illicit trafficking")
    return made


@pytest.fixture
def make_project(strategy, units, users):
    """Build a project through the service; keyword arguments override the defaults."""

    def make(code, *, by=None, **fields):
        values = {
            "title": f"Project {code}", "objective": "Stronger criminal justice institutions",
            "strategy_period": strategy["period"], "lead_unit": units["ROEA"],
            "start_date": datetime.date(2009, 1, 1), "end_date": datetime.date(2011, 12, 31),
            "results": [strategy["1.1.1"]], "locations": [{"country": country("KEN")}],
        }
        values.update(fields)
        return services.create_project(by=by or users["planning_officer"], code=code, **values)

    return make


def add_logframe(project, by, *, strategy=None, cost=Decimal("12500.00")):
    outcome = services.add_outcome(project, by=by, code="OC1", title="Courts try cases fairly",
                                   results=[strategy["1.1.1"]] if strategy else [])
    output = services.add_output(outcome, by=by, code="OP1.1", title="Prosecutors trained")
    activity = services.add_activity(output, by=by, code="A1.1.1", title="Training of prosecutors in Mombasa",
                                     country=country("KEN"), start_date=datetime.date(2009, 3, 2),
                                     end_date=datetime.date(2009, 3, 6), planned_cost=cost)
    return outcome, output, activity


@pytest.fixture
def project(make_project, programme, partners, strategy, users):
    """A draft project of the regional office in Kenya, with partners and a logframe."""
    made = make_project(
        "XEAX20", programme=programme, component=programme.components.get(code="SP1"),
        title="Maritime crime programme: piracy trials support",
        partners=[(partners["UNDP"], "implementing"), (partners["INTERPOL"], "cooperating")],
    )
    add_logframe(made, users["planning_officer"], strategy=strategy)
    return made
