from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "mandates.portal"
    verbose_name = "Public portal"

    def ready(self):
        from . import cache

        cache.connect_signals()
        try:  # the portal's rows in `make bench` (the benchmarks read every domain; none imports the portal)
            from .bench import register
        except ImportError:
            return
        register()
