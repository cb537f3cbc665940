from django.apps import AppConfig


class TreatiesConfig(AppConfig):
    name = "mandates.treaties"
    label = "treaties"
