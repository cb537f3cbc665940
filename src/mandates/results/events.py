"""Notifications about indicator values: submitted (to the planning officers), approved or
returned (to the person who submitted it). Connected in ``ResultsConfig.ready``."""
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.core import events

SUBMITTED, APPROVED, RETURNED = "results.value_submitted", "results.value_approved", "results.value_returned"


def _planners():
    from mandates.people.models import User

    return list(User.objects.filter(role="planning_officer", is_active=True))


def _value_saved(sender, instance, created, **kwargs):
    if created and instance.status == "submitted":
        events.emit(SUBMITTED, recipients=_planners(), actor=instance.submitted_by,
                    title=_("A value for “%(indicator)s” (%(year)s) waits for approval") % {
                        "indicator": instance.indicator.title[:120], "year": instance.year},
                    url=reverse("results:pending_values"))


def _status_changed(sender, instance, created, **kwargs):
    from .models import IndicatorValue

    if not created or instance.content_type.model_class() is not IndicatorValue:
        return
    value = IndicatorValue.objects.select_related("indicator", "submitted_by").filter(pk=instance.object_id).first()
    if value is None:
        return
    url = reverse("results:indicator_detail", args=[value.indicator_id])
    names = {"indicator": value.indicator.title[:120], "year": value.year}
    if instance.to_status == "approved":
        events.emit(APPROVED, recipients=[value.submitted_by], actor=instance.changed_by, url=url,
                    title=_("Your value for “%(indicator)s” (%(year)s) was approved") % names)
    elif instance.to_status == "returned":
        events.emit(RETURNED, recipients=[value.submitted_by], actor=instance.changed_by, url=url,
                    title=_("Your value for “%(indicator)s” (%(year)s) was returned: %(comment)s") % {
                        **names, "comment": instance.comment[:150]})
    elif instance.to_status == "submitted":
        events.emit(SUBMITTED, recipients=_planners(), actor=instance.changed_by, url=reverse("results:pending_values"),
                    title=_("A corrected value for “%(indicator)s” (%(year)s) waits for approval") % names)


def connect():
    from mandates.core.models import StatusChange

    from .models import IndicatorValue

    events.register_kind(SUBMITTED, gettext_lazy("An indicator value is submitted for approval (planning officers)"))
    events.register_kind(APPROVED, gettext_lazy("An indicator value I submitted is approved"))
    events.register_kind(RETURNED, gettext_lazy("An indicator value I submitted is returned for revision"))
    post_save.connect(_value_saved, sender=IndicatorValue, dispatch_uid="results.events.value_saved")
    post_save.connect(_status_changed, sender=StatusChange, dispatch_uid="results.events.status_changed")
