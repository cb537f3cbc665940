from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    name = "mandates.treaties"
    label = "treaties"
    verbose_name = "Treaties (instruments, signatures, ratifications)"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models import Q

        from mandates.people.permissions import Policy, register

        from .models import Instrument, Participant, TreatyEvent

        auditlog.register(Instrument)
        auditlog.register(Participant)
        auditlog.register(TreatyEvent, m2m_fields={"assisted_by_projects", "assisted_by_activities"})
        # Treaty status is public information: the matrix decides who may read and who may import.
        for model in (Instrument, Participant, TreatyEvent):
            register(Policy(name="treaty", model=model, public_q=Q()))

        from . import jobs

        jobs.register()
