from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "mandates.geography"
    label = "geography"
    verbose_name = "Geography (UN M49)"

    def ready(self):
        from mandates.people.permissions import Policy, register

        from .models import Area, Country

        register(Policy(name="country", model=Country))
        register(Policy(name="country", model=Area))
