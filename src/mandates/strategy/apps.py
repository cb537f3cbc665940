from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "mandates.strategy"
    label = "strategy"
    verbose_name = "Strategy (periods, themes, result areas, expected results)"

    def ready(self):
        from auditlog.registry import auditlog

        from mandates.people.permissions import Policy, register

        from .models import StrategyNode, StrategyPeriod

        auditlog.register(StrategyPeriod)
        auditlog.register(StrategyNode)
        register(Policy(name="strategy", model=StrategyPeriod))
        register(Policy(name="strategy", model=StrategyNode))
