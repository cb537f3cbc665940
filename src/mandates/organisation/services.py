"""Writes to the work-unit tree."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .models import WorkUnit

FIELDS = ("code", "name", "kind", "location", "country", "is_demo")


@transaction.atomic
def create_work_unit(*, by, parent: WorkUnit | None = None, **data) -> WorkUnit:
    code = (data.get("code") or "").strip()
    if not code:
        raise ValidationError({"code": _("A work unit needs a code.")})
    if WorkUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A work unit with code “%(code)s” already exists.") % {"code": code}})
    if not data.get("name"):
        raise ValidationError({"name": _("A work unit needs a name.")})
    values = {k: data[k] for k in FIELDS if k in data}
    values["code"] = code
    with acting_as(by):
        if parent is not None:
            unit = WorkUnit.objects.add_child(parent, values)
        else:
            unit = WorkUnit.objects.add_root(values)
    return unit


@transaction.atomic
def update_work_unit(unit: WorkUnit, *, by, **data) -> WorkUnit:
    code = data.get("code", unit.code)
    if WorkUnit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": _("A work unit with code “%(code)s” already exists.") % {"code": code}})
    for key in FIELDS:
        if key in data:
            setattr(unit, key, data[key])
    with acting_as(by):
        unit.save()
    return unit
