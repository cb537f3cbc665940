from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "mandates.organisation"
    label = "organisation"
    verbose_name = "Organisation (work units)"

    def ready(self):
        from auditlog.registry import auditlog

        from mandates.people.permissions import Policy, register

        from .models import WorkUnit

        auditlog.register(WorkUnit, exclude_fields=["path", "depth", "numchild"])
        register(Policy(name="work_unit", model=WorkUnit, unit_lookup="", unit_of=lambda o: o))

        from mandates.core import suggest

        suggest.register("work-units", _suggest_units)


def _suggest_units(user, text):
    """Type-ahead (``core.suggest``): work units whose code or name holds ``text`` (every signed-in
    person may read the organisation chart)."""
    from django.db.models import Q

    from .models import WorkUnit

    qs = WorkUnit.objects.all()
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(name__icontains=text))
    return qs.order_by("path").values_list("code", "name")
