from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "mandates.evaluation"
    label = "evaluation"
    verbose_name = "Evaluation (recommendations, management responses, follow-up, lessons learned)"

    def ready(self):
        from . import policies

        policies.register_all()

        from . import panels

        panels.register()

        from . import attention

        attention.register()

        from . import reminders

        reminders.register()
