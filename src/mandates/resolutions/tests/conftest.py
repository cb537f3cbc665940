"""Fixtures of the resolutions tests: the seed texts, a small strategy tree built here (not read from
the strategy app's data), and the four seeds imported."""
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"

# A part of the 2008-2011 tree: enough for the suggestions to have something to choose from.
TREE = [
    ("1", "Rule of law", [
        ("1.1", "Ratification and implementation of conventions and protocols", [
            ("1.1.1", "Universal ratification of the international drug control conventions, the United Nations "
                      "Convention against Transnational Organized Crime and the Protocols thereto, the United Nations "
                      "Convention against Corruption and the relevant international conventions and protocols "
                      "relating to terrorism"),
            ("1.1.2", "Improved national capacity for the enactment of domestic legislation in line with the "
                      "above-mentioned conventions and protocols"),
        ]),
        ("1.2", "International cooperation in criminal justice matters", [
            ("1.2.1", "Enhanced capacity for international cooperation against crime, organized crime, corruption, "
                      "drug trafficking and terrorism"),
            ("1.2.2", "Strengthened capacity of Member States to establish comprehensive and effective regimes "
                      "against money-laundering and financing of terrorism in accordance with the relevant General "
                      "Assembly resolutions"),
            ("1.2.3", "Strengthened capacity of Member States to establish comprehensive and effective regimes "
                      "against money-laundering related to organized crime, drug trafficking and corruption"),
            ("1.2.8", "Enhanced capacity to protect witnesses"),
        ]),
        ("1.3", "Criminal justice systems: more accessible, accountable and effective", [
            ("1.3.2", "Enhanced capacity to respond to new and emerging forms of crime"),
        ]),
    ]),
    ("2", "Policy and trend analysis", [
        ("2.1", "Threat and risk analysis", [
            ("2.1.1", "Enhanced knowledge of trends including emerging trends in drug and specific crime issues "
                      "available to Member States and the international community"),
        ]),
    ]),
    ("3", "Prevention, treatment and reintegration, and alternative development", [
        ("3.2", "Corruption prevention", [
            ("3.2.1", "Effective development and implementation, by Member States, of preventive anti-corruption "
                      "policies in compliance with the United Nations Convention against Corruption"),
        ]),
        ("3.6", "Prison reform", [
            ("3.6.1", "Wide application of international standards and norms on the treatment of prisoners"),
        ]),
    ]),
]


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def strategy(db):
    """A strategy period 2008-2011 with themes, result areas and expected results."""
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy for 2008-2011", start_year=2008,
                                           end_year=2011)
    nodes = {}
    for theme_code, theme_title, areas in TREE:
        theme = StrategyNode.objects.create(period=period, level=0, code=theme_code, title=theme_title)
        for area_code, area_title, results in areas:
            area = StrategyNode.objects.create(period=period, level=1, parent=theme, code=area_code, title=area_title)
            for code, title in results:
                nodes[code] = StrategyNode.objects.create(period=period, level=2, parent=area, code=code, title=title)
    return {"period": period, "results": nodes}


@pytest.fixture
def seeds(db, strategy):
    """The four seed resolutions, imported as the demo does."""
    from mandates.resolutions.demo import load_seed_resolutions

    return {r.symbol: r for r in load_seed_resolutions()}
