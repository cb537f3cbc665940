from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "mandates.assistance"
    label = "assistance"
    verbose_name = "Requests for technical assistance"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models import Q

        from mandates.people.permissions import Policy, register

        from .models import AssistanceRequest

        auditlog.register(AssistanceRequest, m2m_fields={"results"}, exclude_fields=["created_at", "updated_at"])
        # A Member State reader sees the requests of their own State, and nothing is public.
        register(Policy(
            name="assistance_request", model=AssistanceRequest,
            unit_lookup="assigned_unit", unit_of=lambda o: o.assigned_unit,
            country_q=lambda country: Q(requesting_state=country), public_q=None,
        ))

        from . import attention

        attention.register()

        from . import events

        events.connect()
