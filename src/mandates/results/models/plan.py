"""The implementation plan of a strategy period, as an object of the permission matrix.

A proxy of ``strategy.StrategyPeriod`` (no table of its own): the plan is computed, not stored
(see ``results/plan/``); the proxy lets the matrix say who may see it (object ``implementation_plan``).
"""
from mandates.strategy.models import StrategyPeriod


class ImplementationPlan(StrategyPeriod):
    class Meta:
        proxy = True
        verbose_name = "implementation plan"
