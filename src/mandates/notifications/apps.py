from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mandates.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from auditlog.registry import auditlog

        from mandates.core import events
        from mandates.jobs import schedule

        from . import receivers, services
        from .models import Preference

        auditlog.register(Preference)
        events.event.connect(receivers.on_event, dispatch_uid="notifications.on_event")
        schedule.register("notifications.reminders", services.run_scheduled, every_seconds=3600)
