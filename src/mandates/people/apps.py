from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mandates.people"
    label = "people"
    verbose_name = "People, roles and permissions"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User

        auditlog.register(User, include_fields=["username", "email", "role", "work_unit", "country", "is_active"])
