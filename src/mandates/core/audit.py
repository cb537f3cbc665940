"""Audit trail helpers on top of django-auditlog.

Every write goes through a service; services wrap their writes in ``acting_as(user)`` so that the
audit entry names the person even outside a request (commands, imports, tests).
"""
from contextlib import contextmanager

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext


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


# Bookkeeping that is no one's change: flags for demo rows, timestamps, ids.
INTERNAL_FIELDS = {"id", "is_demo", "created_at", "updated_at", "created_by", "updated_by", "row_version"}


def _shown_to_people(field, name: str) -> bool:
    """Only a model's own editable fields are shown in a history; reverse relations, counters of other
    apps ("participant_rows"), timestamps and demo flags are not."""
    if field is None or name in INTERNAL_FIELDS:
        return False
    if getattr(field, "auto_created", False) and not getattr(field, "concrete", False):
        return False  # a reverse relation
    if getattr(field, "primary_key", False) or not getattr(field, "editable", True):
        return False
    return True


def display_rows(entries, limit: int = 100) -> list[dict]:
    """Audit entries ready to show people: field labels, choice labels and related objects' names
    instead of raw ids — resolved in one query per related model, not one per change."""
    from django.core.exceptions import FieldDoesNotExist

    entries = list(entries[:limit]) if hasattr(entries, "filter") else list(entries)[:limit]
    wanted: dict[type, set] = {}
    plans = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, change in (entry.changes_dict or {}).items():
            field = None
            if model is not None:
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    field = None
            if not _shown_to_people(field, name):
                continue
            label = str(getattr(field, "verbose_name", name))
            if isinstance(change, dict):  # many-to-many: {"type": "m2m", "operation": ..., "objects": [...]}
                verb = {"add": "added", "delete": "removed", "clear": "cleared"}.get(change.get("operation"), "")
                changes.append({"label": label, "before": verb, "after": ", ".join(map(str, change.get("objects", [])))})
                continue
            before, after = (list(change) + [None, None])[:2]
            related = getattr(field, "related_model", None) if getattr(field, "many_to_one", False) else None
            if related is not None:
                for value in (before, after):
                    if value not in (None, "None", ""):
                        wanted.setdefault(related, set()).add(value)
            choices = dict(field.flatchoices) if getattr(field, "choices", None) else None
            changes.append({"label": label, "before": before, "after": after, "related": related, "choices": choices,
                            "boolean": isinstance(field, models.BooleanField)})
        if entry.action == entry.Action.UPDATE and not changes:
            continue  # nothing a person changed (only internal fields)
        plans.append((entry, changes))
    names: dict[tuple[type, str], str] = {}
    for related, pks in wanted.items():
        valid = []
        for pk in pks:
            try:
                valid.append(related._meta.pk.to_python(pk))
            except Exception:  # noqa: BLE001 - legacy or malformed values stay as they are
                continue
        for obj in related._default_manager.filter(pk__in=valid):
            names[(related, str(obj.pk))] = str(obj)

    def show(value, change):
        if value in (None, "None", ""):
            return "—"
        if change.get("related") is not None:
            return names.get((change["related"], str(value)), f"(deleted #{value})")
        if change.get("choices"):
            return str(change["choices"].get(value, value))
        if change.get("boolean") and str(value) in ("True", "False"):  # the log keeps str(value)
            return gettext("Yes") if str(value) == "True" else gettext("No")
        return str(value)

    rows = []
    for entry, changes in plans:
        rows.append({
            "entry": entry,
            "changes": [
                {"label": c["label"], "before": c["before"] if "related" not in c else show(c["before"], c),
                 "after": c["after"] if "related" not in c else show(c["after"], c)}
                for c in changes
            ],
        })
    return rows


def bulk_create_audited(model, objects, *, by, batch_size: int = 1000) -> list:
    """``bulk_create`` for imports of thousands of rows, still with one audit entry per row.

    django-auditlog writes its entry from the ``post_save`` signal, which ``bulk_create`` does not
    send; here the entries (the same "created" diff, actor and correlation id) are written in bulk
    beside the rows, in the caller's transaction: two INSERTs per batch instead of two per row.
    """
    from auditlog.cid import get_cid
    from auditlog.diff import model_instance_diff

    objects = list(objects)
    if not objects:
        return []
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(model)
    cid = get_cid()
    saved = []
    for start in range(0, len(objects), batch_size):
        chunk = model.objects.bulk_create(objects[start:start + batch_size])
        LogEntry.objects.bulk_create([
            LogEntry(content_type=content_type, object_pk=str(obj.pk), object_id=obj.pk if isinstance(obj.pk, int)
                     else None, object_repr=str(obj)[:1000], action=LogEntry.Action.CREATE, actor=actor, cid=cid,
                     changes=model_instance_diff(None, obj),
                     additional_data=obj.get_additional_data() if hasattr(obj, "get_additional_data") else None)
            for obj in chunk])
        saved.extend(chunk)
    return saved
