from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mandates.portal"
    verbose_name = "Public portal"

    def ready(self):
        from . import cache

        cache.connect_signals()
