from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "mandates.reporting"
    label = "reporting"
    verbose_name = "Reports to the governing bodies"

    def ready(self):
        from auditlog.registry import auditlog
        from django.utils.translation import gettext_lazy as _

        from mandates.jobs import registry
        from mandates.people.permissions import Policy, register

        from .models import Narrative, Report, ReportItem

        auditlog.register(Narrative)
        auditlog.register(Report)
        auditlog.register(ReportItem)
        register(Policy(name="report", model=Report))
        register(Policy(name="report", model=ReportItem))
        register(Policy(name="narrative", model=Narrative, unit_lookup="author__work_unit",
                        unit_of=lambda n: getattr(n.author, "work_unit", None)))
        from .output import render_job

        registry.register("reporting.render", render_job, label=_("Report document"),
                          allowed=permissions_can_view)


def permissions_can_view(user) -> bool:
    from mandates.people import permissions

    from .models import Report

    return permissions.can(user, "view", Report)
