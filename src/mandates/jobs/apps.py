from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "mandates.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Job

        auditlog.register(Job, exclude_fields=["done", "total", "message"])

        from . import attention

        attention.register()

        from . import schedule
        from .runner import fail_orphaned_jobs

        schedule.register("jobs.fail_orphaned", fail_orphaned_jobs, every_seconds=300)
