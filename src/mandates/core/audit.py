"""Audit trail helpers on top of django-auditlog.

Every write goes through a service; services wrap their writes in ``acting_as(user)`` so that the
audit entry names the person even outside a request (commands, imports, tests).
"""
from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


@contextmanager
def acting_as(user):
    """Attribute every audited write inside the block to ``user`` (None: the system)."""
    if user is not None and getattr(user, "is_authenticated", False):
        with set_actor(user):
            yield
    else:
        yield


def history_for(*objects_or_groups):
    """Audit entries for the given objects, newest first, in one query.

    Accepts model instances or iterables of instances (e.g. a project and its logframe rows).
    """
    by_type: dict[int, set[str]] = {}
    for item in objects_or_groups:
        items = item if isinstance(item, (list, tuple, set)) else [item]
        for obj in items:
            ct = ContentType.objects.get_for_model(obj.__class__)
            by_type.setdefault(ct.pk, set()).add(str(obj.pk))
    if not by_type:
        return LogEntry.objects.none()
    from django.db.models import Q

    query = Q()
    for ct_id, pks in by_type.items():
        query |= Q(content_type_id=ct_id, object_pk__in=pks)
    return (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )
