"""Writing many new rows of one model fast, each with its own audit entry (imports of thousands of lines).

``audit.bulk_create_audited`` goes through ``bulk_create``: a model instance per row and per audit entry,
every value compiled through the field machinery, and on SQLite one INSERT per ~50 rows (Django keeps
under 999 parameters a statement). In the profile of the ERP import of 25,000 lines that was 90 % of
the time: 918 statements, 3 s of ``model_instance_diff`` alone. :func:`insert_audited` writes the same
rows and the same audit entries from plain dicts:

- the primary keys are drawn up front (PostgreSQL: ``nextval`` of the table's own sequence, safe with
  concurrent writers; SQLite: after the table's AUTOINCREMENT counter, inside the caller's write
  transaction — the project's SQLite connections begin ``IMMEDIATE``), so the audit entries can name them;
- the rows go in as one ``executemany`` per batch on SQLite and one ``COPY … FROM STDIN`` on PostgreSQL;
- each audit entry holds what django-auditlog would have written for a created row: the same
  ``changes`` (``model_instance_diff(None, obj)``: every tracked field, ``["None", value]``), the same
  ``object_repr`` (the model's ``__str__``), actor and correlation id; one timestamp for the whole write
  (``bulk_create_audited`` took one per entry, microseconds apart).

The database still checks every key and constraint. Models whose audit needs more than this (masked or
JSON-stored changes, ``get_additional_data``, reverse relations among the tracked fields) fall back to
building the instance and calling auditlog's own diff.
"""
from __future__ import annotations

import json
import operator
import time
from datetime import UTC, date
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _json_text

from auditlog.cid import get_cid
from auditlog.diff import get_fields_in_model, model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.encoding import smart_str

#: Sent after ``insert_audited`` has written rows and their audit entries (``sender``: the model, ``count``).
audited_in_bulk = Signal()

# Fields whose Python values both drivers take as they are (Django registers SQLite's Decimal and date adapters).
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.DecimalField)
AUTO_FIELDS = (models.AutoField, models.BigAutoField, models.SmallAutoField)


class Row(dict):
    """A row to write, read like an instance (``row.segment``): a model's ``__str__`` runs on it without
    building the instance. Give relations both as objects (for ``__str__``) and as ``<name>_id`` to skip
    the per-row completion of the values."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class Encoded(str):
    """A JSON field's value already encoded as the field would encode it (written as it is)."""

    __slots__ = ()


def _convert(field):
    if isinstance(field, models.JSONField):
        def encode(value):
            if value is None:
                return None
            if type(value) is Encoded:
                return str.__str__(value)  # the plain text: drivers bind it without looking for an adapter
            return json.dumps(value, cls=field.encoder)
        return encode
    if isinstance(field, _PLAIN) or type(field) is models.DateField:
        return None
    last = [object(), None]  # rows of one batch share their timestamps: convert each value once

    def convert(value):
        if value is not last[0]:
            last[0], last[1] = value, field.get_db_prep_save(value, connection)
        return last[1]
    return convert


def _default(field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now
    if field.has_default() and callable(field.default):
        return field.get_default
    value = field.get_default()
    return lambda: value


class _Plan:
    """How to turn a dict into a row of ``model``: its columns, defaults and conversions, worked out once."""

    def __init__(self, model):
        meta = model._meta
        if not isinstance(meta.pk, AUTO_FIELDS):
            raise TypeError(f"{meta.label}: only tables with an automatic key are written in bulk")
        self.table, self.pk, self.pk_attname = meta.db_table, meta.pk.column, meta.pk.attname
        self.columns = [(f.name, f.attname, f.column, f.is_relation and f.attname != f.name, _default(f), _convert(f))
                        for f in meta.concrete_fields if not f.primary_key]
        self.get = operator.itemgetter(self.pk_attname, *(spec[1] for spec in self.columns))
        self.converted = [(i, spec[5]) for i, spec in enumerate(self.columns, start=1) if spec[5] is not None]

    def complete(self, row: dict) -> None:
        """Give the row every column's ``attname``: relations as ids, missing values their defaults."""
        for name, attname, _column, is_relation, default, _convert in self.columns:
            if attname in row:
                continue
            if name in row:
                value = row[name]
                row[attname] = (None if value is None else value.pk) if is_relation else value
            else:
                row[attname] = default()

    def fill(self, row: dict):
        """The row's values in column order (one C-level lookup when the row is complete)."""
        try:
            values = self.get(row)
        except KeyError:
            self.complete(row)
            values = self.get(row)
        if self.converted:
            values = list(values)
            for i, convert in self.converted:
                values[i] = convert(values[i])
        return values


_PLANS: dict[type, _Plan] = {}


def _plan(model) -> _Plan:
    if model not in _PLANS:
        _PLANS[model] = _Plan(model)
    return _PLANS[model]


def reserve_keys(model, count: int) -> list[int]:
    """``count`` new primary keys of ``model``'s table, never used before (call inside the write transaction)."""
    plan, quote = _plan(model), connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [quote(plan.table), plan.pk, count])
            return [key for (key,) in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(connection.vendor)
        # AUTOINCREMENT never reuses a key (a deleted row's audit entries keep naming it): start after the
        # counter, or after the largest key if rows were written with explicit keys.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [plan.table])
        found = cursor.fetchone()
        cursor.execute(f"SELECT MAX({quote(plan.pk)}) FROM {quote(plan.table)}")
        start = max(found[0] if found else 0, cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))


def insert(model, rows: list[dict]) -> None:
    """INSERT ``rows`` (dicts by field name or attname; each must hold its key under the pk's attname) in one
    statement: ``COPY`` on PostgreSQL, ``executemany`` elsewhere. No signals, no per-row ORM work."""
    if not rows:
        return
    plan = _plan(model)
    _write(plan, [plan.fill(row) for row in rows])


def _write(plan: _Plan, values: list) -> None:
    """INSERT rows already in column order (the key first), converted for the database."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in [plan.pk, *(spec[2] for spec in plan.columns)])
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql, started = f"COPY {quote(plan.table)} ({names}) FROM STDIN", time.monotonic()
            # the driver's COPY raises psycopg's errors: wrapped as Django's, as the INSERT's are
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for line in values:
                    copy.write_row(line)
            if connection.queries_logged:  # the driver's COPY bypasses Django's cursor: count it like a query
                connection.queries_log.append({"sql": f"{sql} -- {len(values)} rows",
                                               "time": f"{time.monotonic() - started:.3f}"})
        else:
            cursor.executemany(f"INSERT INTO {quote(plan.table)} ({names}) VALUES ({', '.join(['%s'] * len(values[0]))})",
                               values)


# --- the audit entry of a created row ----------------------------------------------------------------
class _Diff:
    """``model_instance_diff(None, obj)`` for a row given as a dict, when the model's audit allows it."""

    def __init__(self, model):
        options = auditlog.get_model_fields(model) or {}
        fields = get_fields_in_model(model())
        if options.get("include_fields"):
            fields = [f for f in fields if f.name in options["include_fields"]]
        if options.get("exclude_fields"):
            fields = [f for f in fields if f.name not in options["exclude_fields"]]
        self.fast = (not options.get("mask_fields") and not hasattr(model, "get_additional_data")
                     and not getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)
                     and not getattr(settings, "AUDITLOG_USE_FK_STRING_REPRESENTATION", False)
                     and all(getattr(f, "concrete", False) for f in fields))
        self.keys, self.values, self.others = [], [], []
        for f in fields:
            if isinstance(f, (models.DateTimeField, models.JSONField)):
                self.others.append((f.name, f.attname, f))
            elif f.many_to_one or f.one_to_one:
                self.keys.append((f.name, f.attname))
            else:
                self.values.append((f.name, f.attname))
        # each change's JSON up to its new value, as json.dumps writes it: '"name": ["None", '
        self.heads = [(f"{_json_text(name)}: [\"None\", ", attname) for name, attname in self.keys + self.values]
        self.key_count = len(self.keys)

    def changes(self, row: dict) -> dict | None:
        """As auditlog's ``get_field_value``: an unset "old" side reads "None"; a relation compares by its raw
        id (so an empty one is listed too, as ``["None", "None"]``), other fields by their text."""
        diff = {name: ("None", str(row.get(attname))) for name, attname in self.keys}
        for name, attname in self.values:
            value = row.get(attname)
            if value is None:
                continue
            kind = type(value)
            if kind is not str:  # smart_str without its per-call overhead: bytes decoded, lazy text resolved
                value = str(value) if kind in _STR else str(smart_str(value))
            if value != "None":
                diff[name] = ("None", value)
        for name, attname, field in self.others:
            value = field.to_python(row.get(attname))
            if isinstance(field, models.JSONField):
                value = json.dumps(value, sort_keys=True, cls=field.encoder)
            elif value is None:
                diff[name] = ("None", "None")
                continue
            else:
                if settings.USE_TZ and not timezone.is_naive(value):
                    value = timezone.make_naive(value, timezone=UTC)
                value = smart_str(value)
            if value != "None":
                diff[name] = ("None", value)
        return diff or None


    def encoded(self, row: dict) -> Encoded | None:
        """``json.dumps(self.changes(row))`` (LogEntry's encoder is the default one), written directly: the same
        text, without building the dict and its tuples first."""
        if self.others:
            changes = self.changes(row)
            return None if changes is None else Encoded(json.dumps(changes))
        # The text of a number, flag or date is plain ASCII with nothing to escape: quoted as it is.
        heads, get = self.heads, row.get
        parts = []
        for head, attname in heads[:self.key_count]:
            value = get(attname)
            parts.append(f'{head}"{value}"]' if value is None or type(value) is int else f"{head}{_json_text(str(value))}]")
        for head, attname in heads[self.key_count:]:
            value = get(attname)
            if value is None:
                continue
            kind = type(value)
            if kind in _STR:
                parts.append(f'{head}"{str(value)}"]')
                continue
            if kind is not str:
                value = str(smart_str(value))
            if value != "None":
                parts.append(f"{head}{_json_text(value)}]")
        return Encoded("{" + ", ".join(parts) + "}") if parts else None


_STR = frozenset({int, bool, float, Decimal, date})
_DIFFS: dict[type, _Diff] = {}


def _instance(model, row: dict):
    """The model instance of a row (relations given as objects stay objects: no query to describe it)."""
    kwargs = {}
    for field in model._meta.concrete_fields:
        if field.name in row and (row[field.name] is not None or not field.is_relation):
            kwargs[field.name] = row[field.name]
        elif field.attname in row:
            kwargs[field.attname] = row[field.attname]
    return model(**kwargs)


def insert_audited(model, rows: list[dict], *, by, batch_size: int = 5000) -> list[int]:
    """Create ``rows`` of ``model`` (dicts by field name, relations as objects or ``<name>_id``) with one
    audit entry each — the entry ``bulk_create_audited`` writes — in the caller's transaction, a fixed
    number of statements per ``batch_size`` rows. Returns the new keys, in the rows' order."""
    if not rows:
        return []
    if model not in _DIFFS:
        _DIFFS[model] = _Diff(model)
    diff, plan = _DIFFS[model], _plan(model)
    actor = by.pk if by is not None and getattr(by, "is_authenticated", False) else None
    content_type = ContentType.objects.get_for_model(model).pk
    cid, now = get_cid(), timezone.now()  # one moment for the whole write, as one transaction
    create = LogEntry.Action.CREATE
    entry_plan = _plan(LogEntry)
    blank = {spec[1]: spec[4]() for spec in entry_plan.columns}  # the entry's defaults, as LogEntry() has them
    # an entry of this write in column order, converted: each entry is a copy with its five own values set
    common = {**blank, "content_type_id": content_type, "action": create, "actor_id": actor, "cid": cid,
              "timestamp": now, "additional_data": None}
    template = list(entry_plan.fill({**common, "id": 0, "object_pk": "", "object_id": 0, "object_repr": "",
                                     "changes": None}))
    names = [entry_plan.pk_attname, *(spec[1] for spec in entry_plan.columns)]
    at_pk, at_object_pk, at_object_id, at_repr, at_changes = (
        names.index(name) for name in ("id", "object_pk", "object_id", "object_repr", "changes"))
    keys = []
    for start in range(0, len(rows), batch_size):
        chunk = rows[start:start + batch_size]
        for key, row in zip(reserve_keys(model, len(chunk)), chunk):
            row[plan.pk_attname] = key
            keys.append(key)
        insert(model, chunk)
        entries = []
        for key, row, entry_key in zip(keys[start:], chunk, reserve_keys(LogEntry, len(chunk))):
            obj = None
            try:
                text = str(model.__str__(row if type(row) is Row else Row(row)))
            except AttributeError:  # __str__ needs more than the row holds: build the instance
                obj = _instance(model, row)
                text = str(obj)
            if diff.fast:  # no additional data (``fast`` excludes it): the template's other values hold
                changes = diff.encoded(row)
                values = template.copy()
                values[at_pk], values[at_object_pk], values[at_object_id] = entry_key, str(key), key
                values[at_repr], values[at_changes] = text[:1000], None if changes is None else str.__str__(changes)
                entries.append(values)
                continue
            obj = obj or _instance(model, row)
            entries.append(entry_plan.fill({
                **common, "id": entry_key, "object_pk": str(key), "object_id": key, "object_repr": text[:1000],
                "changes": model_instance_diff(None, obj),
                "additional_data": obj.get_additional_data() if hasattr(obj, "get_additional_data") else None}))
        _write(entry_plan, entries)
    # the entries were written without Model.save(): say once that the data changed, for what listens to new
    # audit entries (the implementation plan's stored summaries queue their refresh on it)
    audited_in_bulk.send(sender=model, count=len(keys))
    return keys
