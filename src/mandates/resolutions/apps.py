from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "mandates.resolutions"
    label = "resolutions"
