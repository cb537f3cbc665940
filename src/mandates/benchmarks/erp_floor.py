"""The floor of the ERP expenditure import: the bare work of storing the same lines in this schema.

The import writes each line into ``finance_expenditure`` and its audit entry into ``auditlog_logentry``;
the database maintains their indexes (9 and 7 besides the key) and checks their foreign keys (6 and 2) for
every row, whoever writes it. A floor that writes the same rows into bare tables measures work this schema
never allows (erp9 in BENCHMARKS.md). So :func:`floor` parses the same file, reads the same lookups with
one bare query each, and writes every line with all its columns and one audit row per line (the same
columns, a change list of the same fields) with one bare ``executemany`` (SQLite) or ``COPY`` (PostgreSQL)
per table — into **copies of the two real tables**: the same columns, checks, indexes and foreign keys,
taken from the real tables' own definitions in the database's catalogue when the floor runs (so they
follow every migration):

- SQLite: the stored ``CREATE TABLE`` and ``CREATE INDEX`` statements of the real table (``sqlite_master``),
  renamed;
- PostgreSQL: ``CREATE TABLE … (LIKE real INCLUDING ALL)`` (columns, defaults, checks, indexes, key), and
  each foreign key's own definition (``pg_get_constraintdef``), which ``LIKE`` does not copy.

The copies are ordinary tables created inside the floor's transaction, which is rolled back: neither
database lets a ``TEMPORARY`` table reference a permanent one (PostgreSQL: "constraints on temporary tables
may reference only temporary tables"; SQLite looks the parent up in the temporary schema), and the rollback
leaves nothing behind, as it does for the import the bench measures. The copies start empty (the real
``finance_expenditure`` holds 50,000 lines a unit of scale): that difference is still in the floor's favour.

:func:`bare_floor` is the floor used until erp9 (two tables with neither index nor foreign key, outside a
transaction), kept so that both figures can be reported.
"""
from __future__ import annotations

import csv
import json
import re
from decimal import Decimal

TABLES = ("finance_expenditure", "auditlog_logentry")
PREFIX = "bench_floor_"

EXPENDITURE_COLUMNS = ("id", "document_number", "line", "apportioned", "kind", "date", "currency", "amount", "rate",
                       "usd_amount", "psc_rate", "psc_amount", "description", "is_demo", "budget_class_id",
                       "contribution_id", "project_id", "work_unit_id", "segment_id", "batch_id")
ENTRY_COLUMNS = ("id", "object_pk", "object_id", "object_repr", "action", "timestamp", "actor_id", "content_type_id",
                 "remote_addr", "additional_data", "serialized_data", "cid", "changes_text", "changes", "remote_port",
                 "actor_email")
#: the audited fields of a line: every column (``id``, ``batch`` and ``is_demo`` included, as auditlog lists them)
CHANGED = tuple(c[:-3] if c.endswith("_id") else c for c in EXPENDITURE_COLUMNS)


class _RollBack(Exception):
    pass


def copy_name(table: str) -> str:
    return PREFIX + table


def copy_statements(cursor, table: str) -> list[str]:
    """The statements that create a copy of ``table`` (empty) with its columns, checks, indexes and foreign keys,
    read from the database's catalogue."""
    from django.db import connection

    copy, quote = copy_name(table), connection.ops.quote_name
    if connection.vendor == "sqlite":
        cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL "
                       "ORDER BY type = 'index', name", [table])
        out = []
        for kind, name, sql in cursor.fetchall():
            # the table's own name, quoted or not, where it is defined or indexed (never the tables it references)
            name_re = re.escape(table)
            own = re.compile(rf'(CREATE TABLE|ON)\s+("{name_re}"|{name_re})(\s*\()')
            sql = own.sub(lambda m: f"{m.group(1)} {quote(copy)}{m.group(3)}", sql, count=1)
            if kind == "index":
                sql = re.sub(r'^(CREATE (?:UNIQUE )?INDEX)\s+("[^"]+"|\S+)',
                             lambda m: f"{m.group(1)} {quote(PREFIX + name)}", sql, count=1)
            out.append(sql)
        if not out or not out[0].startswith("CREATE TABLE"):
            raise LookupError(f"no table {table}")
        return out
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    out = [f"CREATE TABLE {quote(copy)} (LIKE {quote(table)} INCLUDING ALL)"]
    cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname", [table])
    for i, (name, definition) in enumerate(cursor.fetchall()):  # numbered: a name cut at 63 characters stays unique
        out.append(f"ALTER TABLE {quote(copy)} ADD CONSTRAINT {quote(f'{PREFIX}{i}_{name}'[:63])} {definition}")
    return out


def create_copies(cursor) -> dict[str, str]:
    """Create the copies of the import's two tables (inside the caller's transaction); real name -> copy's name."""
    for table in TABLES:
        for sql in copy_statements(cursor, table):
            cursor.execute(sql)
    return {table: copy_name(table) for table in TABLES}


def _insert(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    from django.db import connection

    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def _lookups(cursor, lines: list[dict], biennium: str) -> tuple[dict, dict, dict, int]:
    """One bare query per table: the segments (with their biennium's support-cost rate), projects and budget
    classes the file names, and the content type of an expenditure line."""
    def ids(sql, codes, *before):
        codes = sorted(codes)
        if not codes:
            return {}
        cursor.execute(sql.replace("IN (?)", f"IN ({', '.join(['%s'] * len(codes))})"), [*before, *codes])
        return {row[0]: row[1:] for row in cursor.fetchall()}

    segments = ids("SELECT s.code, s.id, b.psc_rate FROM finance_fundsegment s JOIN finance_biennium b "
                   "ON b.id = s.biennium_id WHERE b.code = %s AND s.code IN (?)", {r["fund_segment"] for r in lines}, biennium)
    projects = ids("SELECT code, id FROM portfolio_project WHERE code IN (?)", {r["project_code"] for r in lines})
    classes = ids("SELECT code, id FROM finance_budgetclass WHERE code IN (?)", {r["budget_class"] for r in lines})
    cursor.execute("SELECT id FROM django_content_type WHERE app_label = 'finance' AND model = 'expenditure'")
    return segments, projects, classes, cursor.fetchone()[0]


def floor(path, biennium: str = "2010-2011") -> int:
    """Parse the file at ``path`` (lines of one ``biennium``, one special-purpose segment each) and write what the
    import stores into copies of the real tables; roll back. Returns the number of lines written."""
    from django.db import connection, transaction
    from django.utils import timezone

    written = 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            tables = create_copies(cursor)
            with open(path, newline="", encoding="utf-8") as handle:
                lines = list(csv.DictReader(handle))
            segments, projects, classes, content_type = _lookups(cursor, lines, biennium)
            now = timezone.now()
            stamp = connection.ops.adapt_datetimefield_value(now)
            cursor.execute('INSERT INTO finance_importbatch (kind, file_name, sha256, "rows", created, updated, '
                           "unchanged, imported_at) VALUES ('expenditure', 'floor', '', %s, %s, 0, 0, %s) RETURNING id",
                           [len(lines), len(lines), stamp])
            batch = cursor.fetchone()[0]
            rows, entries = [], []
            for key, r in enumerate(lines, start=1):
                amount = Decimal(r["amount"])
                segment, psc_rate = segments[r["fund_segment"]]
                psc_rate = Decimal(str(psc_rate))  # SQLite hands a NUMERIC back as a float
                psc = (amount * psc_rate / 100).quantize(Decimal("0.01"))
                row = (key, r["document_number"], int(r["line"]), False, r["kind"], r["date"], r["currency"], amount,
                       Decimal(1), amount, psc_rate, psc, r["description"], False, classes[r["budget_class"]][0], None,
                       projects[r["project_code"]][0], None, segment, batch)
                rows.append(row)
                changes = json.dumps({name: ["None", str(value)] for name, value in zip(CHANGED, row)})
                entries.append((key, str(key), key, f"{r['document_number']}/{r['line']} {r['fund_segment']} USD "
                                f"{amount:,.2f}", 0, stamp, None, content_type, None, None, None, None, "", changes,
                                None, None))
            _insert(cursor, tables["finance_expenditure"], EXPENDITURE_COLUMNS, rows)
            _insert(cursor, tables["auditlog_logentry"], ENTRY_COLUMNS, entries)
            written = len(rows)
            raise _RollBack
    except _RollBack:
        pass
    return written


def bare_floor(path) -> None:
    """The floor until erp9: the same parse, and a subset of the columns written into two temporary tables with
    neither index nor foreign key, each statement in its own transaction."""
    from django.db import connection

    rows, audit = [], []
    with open(path, newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            amount = Decimal(r["amount"])
            rows.append((r["document_number"], int(r["line"]), r["date"], r["kind"], r["fund_segment"],
                         r["project_code"], r["budget_class"], r["currency"], amount, Decimal(1), amount,
                         Decimal("13.00"), (amount * Decimal("0.13")).quantize(Decimal("0.01")),
                         r["description"]))
            audit.append((f"{r['document_number']}/{r['line']}", json.dumps({"amount": ["None", r["amount"]]})))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_erp (doc VARCHAR(40), line INTEGER, day DATE, kind VARCHAR(20), "
                       "segment VARCHAR(20), project VARCHAR(40), class VARCHAR(30), currency VARCHAR(3), "
                       "amount NUMERIC, rate NUMERIC, usd NUMERIC, psc_rate NUMERIC, psc NUMERIC, "
                       "description VARCHAR(300))")
        cursor.execute("CREATE TEMPORARY TABLE bench_audit (object VARCHAR(60), changes TEXT)")
        cursor.executemany("INSERT INTO bench_erp VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                           rows)
        cursor.executemany("INSERT INTO bench_audit VALUES (%s, %s)", audit)
        cursor.execute("DROP TABLE bench_erp")
        cursor.execute("DROP TABLE bench_audit")
