from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "mandates.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio (programmes, projects, logical frameworks)"

    def ready(self):
        from . import policies

        policies.register_all()

        from . import attention, panels

        attention.register()
        panels.register()
