"""Notifications about requests for assistance: assigned (to the unit's programme managers),
answered (to the requesting State's readers). Connected in ``AssistanceConfig.ready``."""
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.core import events

ASSIGNED, ANSWERED = "assistance.assigned", "assistance.answered"
ANSWERS = ("accepted", "declined", "referred")


def _status_changed(sender, instance, created, **kwargs):
    from mandates.people.models import User

    from .models import AssistanceRequest

    if not created or instance.content_type.model_class() is not AssistanceRequest:
        return
    if instance.to_status != "assigned" and instance.to_status not in ANSWERS:
        return
    req = AssistanceRequest.objects.select_related("assigned_unit", "requesting_state").filter(
        pk=instance.object_id).first()
    if req is None:
        return
    url = reverse("assistance:detail", args=[req.pk])
    if instance.to_status == "assigned" and req.assigned_unit is not None:
        managers = User.objects.filter(role="programme_manager", is_active=True,
                                       work_unit__path__startswith=req.assigned_unit.path)
        events.emit(ASSIGNED, recipients=list(managers), actor=instance.changed_by, url=url,
                    title=_("Request %(ref)s was assigned to %(unit)s") % {"ref": req.reference,
                                                                           "unit": req.assigned_unit.name})
    elif instance.to_status in ANSWERS:
        readers = User.objects.filter(role="member_state_reader", is_active=True, country=req.requesting_state)
        events.emit(ANSWERED, recipients=list(readers), actor=instance.changed_by, url=url,
                    title=_("Request %(ref)s was answered: %(status)s") % {
                        "ref": req.reference, "status": req.get_status_display().lower()})


def connect():
    from mandates.core.models import StatusChange

    events.register_kind(ASSIGNED, gettext_lazy("A request for assistance is assigned to my unit"))
    events.register_kind(ANSWERED, gettext_lazy("A request for assistance of my State is answered"))
    post_save.connect(_status_changed, sender=StatusChange, dispatch_uid="assistance.events.status_changed")
