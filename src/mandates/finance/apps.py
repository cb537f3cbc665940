from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "mandates.finance"
    label = "finance"
    verbose_name = "Finance (funds, contributions, budgets, expenditure)"

    def ready(self):
        from . import policies

        policies.register_all()

        from . import panels

        panels.register()

        from . import jobs

        jobs.register()

        from . import attention

        attention.register()
