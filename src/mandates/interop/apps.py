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
