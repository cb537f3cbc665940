from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "mandates.partners"
    label = "partners"
    verbose_name = "Partners"

    def ready(self):
        from auditlog.registry import auditlog

        from mandates.people.permissions import Policy, register

        from .models import Partner

        auditlog.register(Partner)
        register(Policy(name="partner", model=Partner))

        from mandates.core import suggest

        from .selectors import suggest_partners

        suggest.register("partners", suggest_partners)
