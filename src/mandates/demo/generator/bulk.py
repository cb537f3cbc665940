"""Writing generated rows fast: plain rows, primary keys drawn up front, one statement per batch.

Django's ``bulk_create`` builds a model instance per row and compiles every value through the
field machinery (in the profile of one unit of scale on SQLite: 31 s of CPU, most of it there).
The generator writes rows it built itself and knows to be valid, so it skips both:

- a row is a :class:`Row` (a dict read like an object: ``row.code``, ``row.pk``), with foreign keys
  given as objects or ids;
- the primary keys are drawn before writing (PostgreSQL: ``nextval`` of the table's own sequence,
  so concurrent writers stay safe; SQLite: after the largest key, inside the generation's write
  transaction), so rows can refer to each other without reading anything back;
- the rows go in as one ``executemany`` per batch on SQLite and one ``COPY … FROM STDIN`` on
  PostgreSQL (psycopg 3 ``cursor.copy``).

Constraints still hold: foreign keys, unique and check constraints are enforced by the database
exactly as for ``bulk_create``. As with ``bulk_create``, no model signals fire (no audit entry per
row): the generator records one audit entry per generation.
"""
from __future__ import annotations

import json

from django.db import connection
from django.db.models import AutoField, BigAutoField, DateTimeField, JSONField, SmallAutoField
from django.utils import timezone

AUTO_FIELDS = (AutoField, BigAutoField, SmallAutoField)


def _constant(value):
    def default():
        return value
    return default


def _json(encoder):
    def convert(value):
        return None if value is None else json.dumps(value, cls=encoder)
    return convert


class Row(dict):
    """A generated row: a dict whose keys read as attributes (``row.code``; ``row.pk`` is its id)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self["id" if name == "pk" else name]
        except KeyError:
            raise AttributeError(name) from None


class Writer:
    """Inserts rows of any model through the fastest path of the current database."""

    def __init__(self):
        self.vendor = connection.vendor
        self.now = timezone.now()
        self._plans = {}

    def _plan(self, model):
        plan = self._plans.get(model)
        if plan is None:
            meta = model._meta
            if not isinstance(meta.pk, AUTO_FIELDS):
                raise TypeError(f"{meta.label}: only tables with an automatic key are written in bulk")
            columns = []
            for field in meta.concrete_fields:
                if field.primary_key:
                    continue
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    default = _constant(self.now)
                elif field.has_default() and callable(field.default):
                    default = field.get_default
                else:
                    default = _constant(field.get_default())
                convert = None
                if isinstance(field, JSONField):
                    convert = _json(field.encoder)
                elif isinstance(field, DateTimeField) and self.vendor == "sqlite":
                    convert = connection.ops.adapt_datetimefield_value
                is_relation = field.is_relation and field.attname != field.name
                columns.append((field.name, field.attname, field.column, is_relation, default, convert))
            plan = self._plans[model] = (meta.db_table, meta.pk.column, columns)
        return plan

    def _keys(self, table: str, pk: str, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [connection.ops.quote_name(table), pk, count])
                return [key for (key,) in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(pk)}), 0) FROM "
                           f"{connection.ops.quote_name(table)}")
            start = cursor.fetchone()[0] + 1
            return list(range(start, start + count))

    def insert(self, model, rows: list[Row]) -> list[Row]:
        """Write ``rows`` (in the current transaction); each gets its ``id`` and the ``*_id`` of its relations."""
        if not rows:
            return rows
        table, pk, columns = self._plan(model)
        values = []
        for key, row in zip(self._keys(table, pk, len(rows)), rows):
            row["id"] = key
            line = [key]
            for name, attname, _column, is_relation, default, convert in columns:
                if attname in row:
                    value = row[attname]
                elif name in row:
                    value = row[name]
                    if is_relation:
                        value = None if value is None else value.pk
                        row[attname] = value
                else:
                    value = row[attname] = default()
                line.append(value if convert is None else convert(value))
            values.append(line)
        quote = connection.ops.quote_name
        names = ", ".join(quote(c) for c in [pk, *(spec[2] for spec in columns)])
        connection.ensure_connection()
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for line in values:
                        copy.write_row(line)
        else:
            marks = ", ".join(["%s"] * len(values[0]))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)
        return rows
