from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "mandates.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        from . import providers

        providers.register_all()
