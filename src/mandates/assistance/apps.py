from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "mandates.assistance"
    label = "assistance"
