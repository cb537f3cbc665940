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
        suggest.register("projects-to-change", selectors.suggest_projects_to_change)

        from . import attention, panels

        attention.register()
        panels.register()
