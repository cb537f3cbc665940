from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mandates.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in

        from mandates.core import events
        from mandates.jobs import schedule

        from . import changes, receivers, services
        from .models import Preference

        auditlog.register(Preference)
        events.event.connect(receivers.on_event, dispatch_uid="notifications.on_event")
        user_logged_in.connect(changes.record_visit, dispatch_uid="notifications.record_visit")
        changes.register()
        schedule.register("notifications.reminders", services.run_scheduled, every_seconds=3600)
