from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mandates.demo"
    label = "demo"
    verbose_name = "Demo data"
