from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "mandates.interop"
    label = "interop"
    verbose_name = "Open data (IATI)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import panels, policies

        policies.register_all()
        panels.register()
        self._register_job()

    @staticmethod
    def _register_job():
        from django.utils.translation import gettext_lazy as _

        from mandates.jobs import registry
        from mandates.people import permissions

        from .forms import MAX_UPLOAD
        from .models import ImportRecord
        from .services import import_job

        registry.register("interop.iati_import", import_job, label=_("IATI import"),
                          allowed=lambda user: permissions.can(user, "add", ImportRecord), needs_file=True,
                          file_extensions=(".xml",), max_upload_bytes=MAX_UPLOAD)
