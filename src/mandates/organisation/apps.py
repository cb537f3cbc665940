from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "mandates.organisation"
    label = "organisation"
    verbose_name = "Organisation (work units)"

    def ready(self):
        from auditlog.registry import auditlog

        from mandates.people.permissions import Policy, register

        from .models import WorkUnit

        auditlog.register(WorkUnit, exclude_fields=["path", "depth", "numchild"])
        register(Policy(name="work_unit", model=WorkUnit, unit_lookup="", unit_of=lambda o: o))
