from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "mandates.statistics"
    label = "statistics"
    verbose_name = "Crime and criminal justice statistics"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models import Q

        from mandates.people.permissions import Policy, register

        from . import panels
        from .models import ImportRun, IndicatorLink, Series, StatArea, Value

        # Values change in bulk through imports, which keep their own log (ImportRun, ValueChange);
        # the hand-made links between result indicators and series are audited one by one.
        auditlog.register(IndicatorLink)
        # Statistics are public reference data: the matrix decides who may read and who may import.
        for name, model in (("statistic", Series), ("statistic_value", Value), ("statistic_area", StatArea),
                            ("statistic_import", ImportRun)):
            register(Policy(name=name, model=model, public_q=Q()))
        register(Policy(name="statistic_link", model=IndicatorLink, public_q=Q()))
        panels.register()

        from mandates.jobs import registry as jobs
        from mandates.people import permissions

        from .services import MAX_UPLOAD, import_job

        jobs.register("statistics.import", import_job, label="Import statistics",
                      allowed=lambda user: permissions.can(user, "add", ImportRun), needs_file=True,
                      file_extensions=(".csv", ".xlsx"), max_upload_bytes=MAX_UPLOAD)
