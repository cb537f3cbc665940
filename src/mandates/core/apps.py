from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mandates.core"
    label = "core"
    verbose_name = "Core: audit, lifecycle, pages"
