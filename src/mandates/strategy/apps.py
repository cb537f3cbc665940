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
        # The sort key is derived from the code, position and parent: not a change people make.
        auditlog.register(StrategyNode, exclude_fields=["sort_key"])
        register(Policy(name="strategy", model=StrategyPeriod))
        register(Policy(name="strategy", model=StrategyNode))
