"""Running a lifecycle transition (django-fsm) with its record: who, when, comment."""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
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


def check_decision_date(decided_on):
    """The date of the meeting or decision behind a change: a date, not in the future."""
    if decided_on in (None, ""):
        return None
    if isinstance(decided_on, str):
        try:
            decided_on = datetime.date.fromisoformat(decided_on)
        except ValueError:
            raise ValidationError({"decided_on": _("Give the date as YYYY-MM-DD.")}) from None
    if isinstance(decided_on, datetime.datetime):
        decided_on = decided_on.date()
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The date of the decision cannot be in the future.")})
    return decided_on


def run_transition(obj, name: str, *, by, comment: str = "", decided_on=None) -> StatusChange:
    """Run step ``name`` and record it; ``decided_on`` is the date of the meeting or decision that made the
    change (recorded as given, beside the moment it was recorded)."""
    decided_on = check_decision_date(decided_on)
    method = getattr(obj, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise ValidationError({"transition": _("Unknown action “%(name)s”.") % {"name": name}})
    if not can_proceed(method):
        raise ValidationError(
            {"transition": _("“%(action)s” is not possible from status “%(status)s”.")
             % {"action": name.replace("_", " "), "status": obj.get_status_display()}}
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
            decided_on=decided_on,
        )


def status_changes_for(obj):
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj.__class__), object_id=obj.pk
    ).select_related("changed_by")
