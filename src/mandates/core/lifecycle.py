"""Running a lifecycle transition (django-fsm) with its record: who, when, comment."""
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

from .audit import acting_as
from .models import StatusChange


def available_transitions(obj, user=None):
    """Transition methods the object's current state allows, as (name, label) pairs."""
    transitions = obj.get_available_status_transitions()
    result = []
    for t in transitions:
        if user is None or has_transition_perm(getattr(obj, t.name), user):
            result.append((t.name, (t.custom or {}).get("label", t.name.replace("_", " "))))
    return result


def run_transition(obj, name: str, *, by, comment: str = "") -> StatusChange:
    method = getattr(obj, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise ValidationError({"transition": f"Unknown action “{name}”."})
    if not can_proceed(method):
        raise ValidationError(
            {"transition": f"“{name.replace('_', ' ')}” is not possible from status “{obj.get_status_display()}”."}
        )
    before = obj.status
    with transaction.atomic(), acting_as(by):
        try:
            method(by=by, comment=comment)
        except TransitionNotAllowed as exc:  # conditions not met
            raise ValidationError({"transition": str(exc)}) from exc
        obj.save()
        return StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(obj.__class__),
            object_id=obj.pk,
            from_status=before,
            to_status=obj.status,
            changed_by=by if getattr(by, "is_authenticated", False) else None,
            comment=comment,
        )


def status_changes_for(obj):
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj.__class__), object_id=obj.pk
    ).select_related("changed_by")
