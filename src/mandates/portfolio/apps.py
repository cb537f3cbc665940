from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    name = "mandates.portfolio"
    label = "portfolio"
    verbose_name = "Portfolio (programmes, projects, logical frameworks)"

    def ready(self):
        from . import policies

        policies.register_all()

        from mandates.core import suggest

        from . import selectors

        suggest.register("programmes", selectors.suggest_programmes)
        suggest.register("projects", selectors.suggest_projects)

        from . import attention, panels

        attention.register()
        panels.register()
