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

        from auditlog.models import LogEntry
        from django.db.models.signals import post_save

        from .bulk import audited_in_bulk
        from .page_cache import count_commit_of_this_write

        # the data version's count of commits (page_cache.data_version): once per writing transaction
        post_save.connect(count_commit_of_this_write, sender=LogEntry, dispatch_uid="core.count_commit")
        audited_in_bulk.connect(count_commit_of_this_write, dispatch_uid="core.count_commit_bulk")
