"""Fixtures for the strategy tests: the shipped strategy, made-up strategies of other shapes, a portfolio."""
import datetime
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
from mandates.core.testing import SEEDS_DIR as SEEDS  # noqa: E402

SEED_2007_12 = SEEDS / "002_551a3a6519d84cb6.txt"


@pytest.fixture
def shipped(db):
    """The strategy 2008-2011 as shipped, loaded the way the application loads it."""
    from mandates.strategy.services import load_shipped_strategies

    (summary,) = [s for s in load_shipped_strategies() if s.period.code == "2008-2011"]
    return summary.period


@pytest.fixture
def four_levels(db):
    from mandates.strategy.services import load_strategy

    return load_strategy(DATA / "strategy_4_levels.yaml", by=None).period


@pytest.fixture
def two_levels(db):
    from mandates.strategy.services import load_strategy

    return load_strategy(DATA / "strategy_2_levels.csv", by=None).period


@pytest.fixture
def make_project(units):
    """Create a project linked to strategy nodes directly, through an outcome and/or through an output."""
    from mandates.portfolio.models import Outcome, Output, Project

    counter = {"n": 0}

    def make(period, *, results=(), outcome_results=(), output_results=(), status="in_implementation",
             is_public=True, unit="ROEA", code=None):
        counter["n"] += 1
        project = Project.objects.create(
            code=code or f"TST{counter['n']:04d}", title=f"Test project {counter['n']}", objective="Test",
            strategy_period=period, lead_unit=units[unit], start_date=datetime.date(2009, 1, 1),
            end_date=datetime.date(2011, 12, 31), status=status, is_public=is_public,
        )
        project.results.set(results)
        if outcome_results or output_results:
            outcome = Outcome.objects.create(project=project, code="OC1", title="Outcome")
            outcome.results.set(outcome_results)
            output = Output.objects.create(outcome=outcome, code="OP1.1", title="Output")
            output.results.set(output_results)
        return project

    return make


@pytest.fixture
def make_programme(units):
    from mandates.portfolio.models import Programme

    counter = {"n": 0}

    def make(period, *, results=(), status="in_implementation", is_public=True, unit="DO-JUS"):
        counter["n"] += 1
        programme = Programme.objects.create(
            code=f"PRG{counter['n']:03d}", title=f"Test programme {counter['n']}", kind="thematic",
            strategy_period=period, start_date=datetime.date(2009, 1, 1), end_date=datetime.date(2011, 12, 31),
            status=status, is_public=is_public, lead_unit=units[unit],
        )
        programme.results.set(results)
        return programme

    return make
