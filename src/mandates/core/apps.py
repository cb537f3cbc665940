from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mandates.core"
    label = "core"
    verbose_name = "Core: audit, lifecycle, pages"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import StatusChange

        # a change of status is audited as given: who, the decision's date, the comment
        auditlog.register(StatusChange)
