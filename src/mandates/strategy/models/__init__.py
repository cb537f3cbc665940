from .node import StrategyNode, Track
from .period import StrategyPeriod

__all__ = ["StrategyNode", "StrategyPeriod", "Track"]
