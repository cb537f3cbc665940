from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "mandates.results"
    label = "results"
    verbose_name = "Results (indicators, deliveries, the implementation plan)"

    def ready(self):
        from . import policies

        policies.register_all()

        from . import panels

        panels.register()

        from . import jobs

        jobs.register()

        from . import attention

        attention.register()

        from . import events

        events.connect()

        from . import reminders

        reminders.register()

        from .plan import stored

        stored.connect()  # every write queues the refresh of the stored plan summaries
