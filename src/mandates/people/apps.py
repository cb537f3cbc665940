from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mandates.people"
    label = "people"
    verbose_name = "People, roles and permissions"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User

        auditlog.register(User, include_fields=["username", "email", "role", "work_unit", "country", "is_active"])

        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .auth_backends import forget_user

        post_save.connect(forget_user, sender=User, dispatch_uid="people.forget_user.save")
        post_delete.connect(forget_user, sender=User, dispatch_uid="people.forget_user.delete")
        for relation in (User.groups.through, User.user_permissions.through):
            m2m_changed.connect(forget_user, sender=relation, dispatch_uid=f"people.forget_user.{relation.__name__}")
