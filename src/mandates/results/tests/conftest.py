"""Fixtures for the results tests: a small strategy tree and a builder of projects with logframes.

Projects and logframes are created through ``mandates.portfolio.services`` when it offers them,
else through the ORM.
"""
from datetime import date
from decimal import Decimal

import pytest

from mandates.portfolio import services as portfolio


def make_period(code="2008-2011", start=2008, end=2011, tree=None, levels=None):
    """A strategy period and its results tree: {code: (title, children)}; returns (period, {code: node})."""
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    levels = levels or ["theme", "result area", "expected result"]
    period = StrategyPeriod.objects.create(code=code, title=f"Strategy {code}", start_year=start, end_year=end,
                                           level_names=levels)
    nodes = {}

    def add(items, parent, level):
        for node_code, (title, children) in items.items():
            nodes[node_code] = StrategyNode.objects.create(period=period, parent=parent, level=level, code=node_code,
                                                           title=title)
            add(children, nodes[node_code], level + 1)

    add(tree, None, 0)
    return period, nodes


DEFAULT_TREE = {
    "1": ("Rule of law", {
        "1.1": ("Ratification and implementation of conventions", {
            "1.1.1": ("Universal ratification", {}),
            "1.1.2": ("Improved national capacity for legislation", {}),
        }),
        "1.4": ("Terrorism prevention", {
            "1.4.3": ("Enhanced legal knowledge through training", {}),
        }),
    }),
    "2": ("Policy and trend analysis", {
        "2.1": ("Threat and risk analysis", {
            "2.1.1": ("Enhanced knowledge of trends", {}),
        }),
    }),
}


@pytest.fixture
def strategy(db):
    period, nodes = make_period(tree=DEFAULT_TREE)
    return {"period": period, **nodes}


class Builder:
    """Creates projects and their logframes, through the portfolio services when available."""

    def __init__(self, by, period):
        self.by, self.period = by, period

    def project(self, code, unit, *, results=(), countries=(), areas=(), start=date(2008, 1, 1),
                end=date(2011, 12, 31), status="in_implementation", is_public=True):
        from mandates.portfolio.models import Project, ProjectLocation

        locations = [{"country": c} for c in countries] + [{"area": a} for a in areas]
        fields = dict(code=code, title=f"Project {code}", objective="Strengthen capacity", strategy_period=self.period,
                      lead_unit=unit, start_date=start, end_date=end, is_public=is_public)
        if hasattr(portfolio, "create_project"):
            project = portfolio.create_project(by=self.by, results=list(results), locations=locations, **fields)
        else:
            project = Project.objects.create(**fields)
            project.results.set(results)
            for loc in locations:
                ProjectLocation.objects.create(project=project, **loc)
        Project.objects.filter(pk=project.pk).update(status=status)  # lifecycle is not under test here
        project.refresh_from_db()
        return project

    def outcome(self, project, code="OC1", results=()):
        from mandates.portfolio.models import Outcome

        if hasattr(portfolio, "add_outcome"):
            return portfolio.add_outcome(project, by=self.by, code=code, title=f"Outcome {code}", results=results)
        outcome = Outcome.objects.create(project=project, code=code, title=f"Outcome {code}")
        outcome.results.set(results)
        return outcome

    def output(self, outcome, code="OP1", results=()):
        from mandates.portfolio.models import Output

        if hasattr(portfolio, "add_output"):
            return portfolio.add_output(outcome, by=self.by, code=code, title=f"Output {code}", results=results)
        output = Output.objects.create(outcome=outcome, code=code, title=f"Output {code}")
        output.results.set(results)
        return output

    def activity(self, output, code="A1", *, cost="0", currency="USD", country=None, area=None, unit=None,
                 start=None, end=None):
        from mandates.portfolio.models import Activity

        fields = dict(code=code, title=f"Activity {code}", country=country, area=area, responsible_unit=unit,
                      planned_cost=Decimal(cost), currency=currency, start_date=start, end_date=end)
        if hasattr(portfolio, "add_activity"):
            return portfolio.add_activity(output, by=self.by, **fields)
        return Activity.objects.create(output=output, **fields)

    def logframe(self, project, *, results=(), cost="0", country=None, unit=None):
        """One outcome, one output naming ``results``, one activity; returns the output."""
        outcome = self.outcome(project)
        output = self.output(outcome, results=results)
        self.activity(output, cost=cost, country=country, unit=unit)
        return output


@pytest.fixture
def build(users, strategy):
    return Builder(users["planning_officer"], strategy["period"])


@pytest.fixture
def country():
    from mandates.geography.models import Country

    return lambda iso3: Country.objects.get(iso3=iso3)


@pytest.fixture
def kenya_project(build, units, strategy, country):
    """A project of the Regional Office for Eastern Africa in Kenya, serving 1.4.3, with one output."""
    project = build.project("XEAK01", units["ROEA"], results=[strategy["1.4.3"]], countries=[country("KEN")])
    output = build.logframe(project, results=[strategy["1.4.3"]], cost="120000", country=country("KEN"),
                            unit=units["ROEA"])
    return project, output
