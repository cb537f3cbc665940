from .models import WorkUnit


def work_units():
    return WorkUnit.objects.select_related("country")


def unit_and_descendants(unit: WorkUnit):
    """The unit and every unit below it, as a queryset (path prefix, one query when evaluated)."""
    return WorkUnit.objects.filter(path__startswith=unit.path)


def indented_choices():
    """(id, label) pairs for select boxes, indented by depth, in tree order."""
    return [(u.pk, "\u2003" * (u.depth - 1) + u.name) for u in WorkUnit.objects.order_by("path")]
