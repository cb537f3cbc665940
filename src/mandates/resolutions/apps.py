from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "mandates.resolutions"
    label = "resolutions"
    verbose_name = "Mandates (resolutions, operative paragraphs, obligations)"

    def ready(self):
        from auditlog.registry import auditlog

        from mandates.people.permissions import Policy, register

        from .models import ImportDraft, Obligation, Paragraph, Resolution, ResultLink

        auditlog.register(Resolution, exclude_fields=["source_text", "updated_at"])
        # A draft's corrections are audited as the list of what was corrected (not the whole split).
        auditlog.register(ImportDraft, exclude_fields=["source_text", "paragraphs", "updated_at"])
        auditlog.register(Paragraph)
        auditlog.register(Obligation, m2m_fields={"programmes", "projects"}, exclude_fields=["updated_at"])
        auditlog.register(ResultLink)
        # Resolutions are public documents: the matrix lets everyone read them; the parts follow.
        for model in (Resolution, Paragraph, Obligation, ResultLink):
            register(Policy(name="resolution", model=model))

        from . import jobs

        jobs.register()

        from . import attention

        attention.register()

        from . import reminders

        reminders.register()

        from mandates.jobs import schedule

        from . import importing

        schedule.register("resolutions.expire_drafts", importing.expire_drafts, every_seconds=6 * 3600)
