"""Writes of the interop app: importing IATI files (streamed, in batches, idempotent by identifier)."""
import hashlib
from collections import Counter
from operator import itemgetter
from pathlib import Path

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as
from mandates.core.page_cache import count_commit_of_this_write

from . import reader, records
from .models import (
    ExternalActivity,
    ExternalBudget,
    ExternalCountry,
    ExternalOrganisation,
    ExternalRegion,
    ExternalSector,
    ExternalTransaction,
    ImportRecord,
)
from .reuse import Reuse

BATCH = 250
KEPT_PROBLEMS = 200
CHILDREN = (("countries", ExternalCountry), ("regions", ExternalRegion), ("sectors", ExternalSector),
            ("budgets", ExternalBudget), ("transactions", ExternalTransaction), ("participants", ExternalOrganisation))
FIELDS = ("reporting_org_ref", "reporting_org_name", "reporting_org_type", "title", "description", "status",
          "planned_start", "actual_start", "planned_end", "actual_end", "default_currency", "last_updated", "version",
          "names_office", "line", "issues", "source")


def _digest(handle) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        h.update(chunk)
        size += len(chunk)
    handle.seek(0)
    return h.hexdigest(), size


def import_file(source, *, by=None, name: str | None = None, strict: bool = False, progress=None,
                processes: int | None = None) -> ImportRecord:
    """Import one IATI file (a path, or a seekable binary file); returns its ``ImportRecord`` (the last import
    of a file of that name).

    A file refused as a whole (not XML, not IATI, version 1.x, DOCTYPE, not well-formed part-way)
    stores nothing. ``progress(done_bytes, total_bytes)`` is called as the file is read. ``processes``: as in
    ``reader.read`` (None: a second process for the checks when a CPU is free; 1: one process; 2: two).
    """
    if hasattr(source, "read"):
        return _import_handle(source, by=by, name=name or Path(getattr(source, "name", "") or "upload.xml").name,
                              strict=strict, progress=progress, processes=processes)
    with open(source, "rb") as handle:
        return _import_handle(handle, by=by, name=name or Path(source).name, strict=strict, progress=progress,
                              processes=processes)


def _import_handle(handle, *, by, name: str, strict: bool, progress, processes: int | None) -> ImportRecord:
    sha, size = _digest(handle)
    again = ExternalActivity.objects.filter(source__file_name=name[:255]).exists()  # activities of this file stored
    record, _created = ImportRecord.objects.update_or_create(
        file_name=name[:255], defaults={"sha256": sha, "size": size, "outcome": ImportRecord.Outcome.RUNNING,
                                        "reason": "", "stored": 0, "refused": 0, "warnings": 0, "problems": [],
                                        "by": by if getattr(by, "is_authenticated", False) else None,
                                        "finished_at": None, "version": ""})
    try:
        with acting_as(by), transaction.atomic():
            # other publishers' activities are not audited: the import moves the data version itself, so that
            # kept pages and shared parts showing them (the project page's panel) are dropped when it commits
            count_commit_of_this_write()
            _import(handle, record, strict, progress, size, again, processes)
    except reader.FileRefused as exc:
        record.outcome = ImportRecord.Outcome.REFUSED
        record.reason = str(exc)
        record.stored = record.refused = record.warnings = 0
    else:
        record.outcome = ImportRecord.Outcome.DONE
    record.finished_at = timezone.now()
    record.save()
    return record


def summary(record: ImportRecord) -> str:
    if record.outcome == ImportRecord.Outcome.REFUSED:
        return _("%(file)s was refused: %(reason)s") % {"file": record.file_name, "reason": record.reason}
    return _("%(file)s (IATI %(version)s): %(stored)d activities stored, %(refused)d refused, %(errors)d stored "
             "with codelist or rule errors.") % {"file": record.file_name, "version": record.version,
                                                 "stored": record.stored, "refused": record.refused,
                                                 "errors": record.warnings}


def import_job(*, params, input_file, by, progress):
    """The background job behind the upload page (``interop.iati_import``)."""
    record = import_file(input_file, by=by, name=str(params.get("file_name") or "upload.xml"),
                         strict=bool(params.get("strict")), progress=lambda done, total: progress(done, total))
    return summary(record)


def _import(handle, record: ImportRecord, strict: bool, progress, size: int, again: bool,
            processes: int | None = None) -> None:
    batch: list[tuple] = []
    reused: list[int] = []
    problems: list[dict] = []
    reasons: Counter = Counter()
    # A file imported before is most likely imported again with most activities unchanged: read in one process,
    # reusing the stored verdicts of the unchanged ones. A new file: its checks in a second process (``parallel``),
    # each activity's check key computed and stored for the next import.
    countries = _country_ids()  # read once: the check keys and the stored rows name the same ids
    reuse = Reuse(strict=strict, countries=countries, lookup=again)
    for item in reader.read(handle, strict=strict, reuse=reuse, processes=processes):
        if isinstance(item, tuple):
            record.version = item[1]["version"]
            if item[1]["kind"] != "iati-activities":
                record.problems = [{"line": item[1]["line"], "message": _(
                    "An organisation file: its organisations are checked, not stored.")}]
            continue
        if item.kind != "iati-activity":
            _count_organisation(item, record, problems)
            continue
        if not item.valid:
            record.refused += 1
            first_line, first = item.errors[0]
            reasons[first.split(":")[0][:80]] += 1
            if len(problems) < KEPT_PROBLEMS:
                problems.append({"identifier": (item.element.findtext("iati-identifier") or "").strip(),
                                 "line": first_line or item.line,
                                 "message": "; ".join(_("line %(line)s: %(message)s") % {"line": ln, "message": msg}
                                                      for ln, msg in item.errors[:5])})
            continue
        if item.reused is not None:  # unchanged since it was stored, checks and all: marked as imported again
            _key, pk, errors_found = item.reused
            record.warnings += errors_found
            reused.append(pk)
            if len(reused) >= BATCH:
                _mark_imported(reused, record, timezone.now())
                record.stored += len(reused)
                reused = []
            if progress:
                progress(min(handle.tell(), size), size)
            continue
        data = records.activity_record(item.element, version=item.version, line=item.line)
        data["issues"] = [{"severity": s, "line": ln, "message": m} for s, ln, m in item.findings[:50]]
        errors_found = any(severity == "error" for severity, _line, _message in item.findings)
        record.warnings += errors_found
        batch.append((data, item.key, errors_found))
        if len(batch) >= BATCH:
            _store(batch, record, countries)
            batch = []
        if progress:
            progress(min(handle.tell(), size), size)
    if batch:
        _store(batch, record, countries)
    if reused:
        _mark_imported(reused, record, timezone.now())
        record.stored += len(reused)
    record.problems = (record.problems or []) + problems
    if progress:
        progress(size, size)


def _count_organisation(item, record, problems) -> None:
    if item.valid:
        return
    record.refused += 1
    if len(problems) < KEPT_PROBLEMS:
        problems.append({"identifier": (item.element.findtext("organisation-identifier") or "").strip(),
                         "line": item.errors[0][0] or item.line,
                         "message": "; ".join(_("line %(line)s: %(message)s") % {"line": ln, "message": msg}
                                              for ln, msg in item.errors[:5])})


def _country_ids() -> dict[str, int]:
    from mandates.geography.models import Country

    return dict(Country.objects.values_list("iso2", "pk"))


# Fields whose Python values the database driver takes as they are (the rows are built from parsed text
# already typed by records.py: Decimal quantised, date): no per-value conversion through the field. Both
# drivers take Decimal and date (Django registers their SQLite adapters); an aware datetime (SQLite keeps
# naive UTC) and JSON go through the field.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey,
          models.DecimalField)


def _converter(field):
    if isinstance(field, _PLAIN) or type(field) is models.DateField:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _columns(model, *, with_pk: bool = False) -> list:
    return [(f, f.attname, f.get_default(), _converter(f)) for f in model._meta.concrete_fields
            if with_pk or not f.primary_key]


def _params(columns, rows: list[dict]) -> list[list]:
    return [[(convert(row.get(name, default)) if convert else row.get(name, default))
             for _field, name, default, convert in columns] for row in rows]


def _insert(model, rows: list[dict], *, with_pk: bool = False) -> None:
    """INSERT many rows with one prepared statement (executemany; on PostgreSQL one COPY): the parts of a batch
    of activities are many small rows, where the ORM's per-object work would cost more than the database's."""
    if rows:
        _insert_rows(model, _params(_columns(model, with_pk=with_pk), rows), with_pk=with_pk)


def _insert_rows(model, params: list, *, with_pk: bool = False) -> None:
    """``_insert`` of rows already given as parameters, in the order of ``_columns(model)``."""
    if not params:
        return
    columns = _columns(model, with_pk=with_pk)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f, *_ in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # COPY: the server takes the rows as one stream, not one by one
            # a COPY's errors come from psycopg itself: wrapped as Django's, as the INSERT's are
            with connection.wrap_database_errors, cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
                for values in params:
                    copy.write_row(values)
            return
        cursor.executemany(f"INSERT INTO {quote(model._meta.db_table)} ({names}) "
                           f"VALUES ({', '.join(['%s'] * len(columns))})", params)


def _update(model, rows: list[dict]) -> None:
    """UPDATE many rows by primary key with one prepared statement."""
    if not rows:
        return
    columns = _columns(model)
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(f.column)} = %s' for f, *_ in columns)} "
           f"WHERE {quote(model._meta.pk.column)} = %s")
    params = _params(columns, rows)
    for values, row in zip(params, rows, strict=True):
        values.append(row["id"])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _delete_parts(ids: list[int]) -> None:
    """The parts of activities about to be replaced: one DELETE per kind of part (no ORM collector: nothing
    else points at them, see the models)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for _name, model in CHILDREN:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote('activity_id')} IN "
                           f"({', '.join(['%s'] * len(ids))})", ids)


def _fingerprint(data: dict) -> str:
    """What is stored for one activity, hashed: every value and part ``records`` read (with its findings, line and
    version), and its countries' ids as resolved now. The same fingerprint means the same rows (the ``repr`` of
    str, Decimal, date, datetime, bool, None, list and dict is exact, and ``records`` builds its dicts in a
    fixed order)."""
    return hashlib.blake2b(repr(data).encode(), digest_size=16).hexdigest()


def _part_rows(model, parts: list[tuple[int, list[dict]]]) -> list[tuple]:
    """The parameters of the parts' INSERT, in the model's column order: the values ``records`` gave (every
    column of a part is among them, already typed for the driver) picked in C by an ``itemgetter``."""
    names = [name for _field, name, _default, _convert in _columns(model)]
    pick = itemgetter(*names)
    out = []
    for activity_id, values in parts:
        for part in values:
            part["activity_id"] = activity_id
            out.append(pick(part))
    return out


def _store(batch: list[tuple[dict, str, bool]], record: ImportRecord, countries: dict[str, int]) -> None:
    """Create or update a batch of activities by identifier and replace their parts, in bulk: a fixed number
    of statements per batch, whatever its size (no query per activity). An activity stored before with the
    same fingerprint is only marked as imported again (its source and time): its rows would be written back
    the same. ``batch``: (the activity's values from ``records``, its check key, whether it has rule errors);
    ``countries``: ISO code -> country id, read once per import."""
    identifiers = [d["identifier"] for d, _key, _errors in batch]
    existing = {identifier: (pk, fingerprint, (key, errors_found)) for identifier, pk, fingerprint, key, errors_found
                in ExternalActivity.objects.filter(identifier__in=identifiers).values_list(
                    "identifier", "pk", "fingerprint", "check_key", "errors_found")}
    now = timezone.now()
    rows, changed, unchanged, rekeyed = [], [], [], []
    for data, key, errors_found in batch:
        for values in data["countries"]:
            values["country_id"] = countries.get(values["code"])
        fingerprint = _fingerprint(data)
        row = {**{f: data[f] for f in FIELDS if f != "source"}, "identifier": data["identifier"],
               "source_id": record.pk, "imported_at": now, "fingerprint": fingerprint, "check_key": key,
               "errors_found": errors_found}
        pk, stored, stored_key = existing.get(data["identifier"], (None, None, None))
        row["id"] = pk
        if pk is not None and stored == fingerprint:
            unchanged.append(pk)
            if stored_key != (key, errors_found):
                rekeyed.append((key, errors_found, pk))
        else:
            rows.append((data, row))
            if pk is not None:
                changed.append(row)
    if unchanged:
        _mark_imported(unchanged, record, now)
    if rekeyed:
        _rekey(rekeyed)
    if changed:  # updated in place, keeping their primary keys (stable links); their parts are replaced
        _delete_parts([row["id"] for row in changed])
        _update(ExternalActivity, changed)
    new = [row for _data, row in rows if row["id"] is None]
    if new:
        _insert(ExternalActivity, new)
        ids = dict(ExternalActivity.objects.filter(identifier__in=[row["identifier"] for row in new])
                   .values_list("identifier", "pk"))
        for row in new:
            row["id"] = ids[row["identifier"]]
    for name, model in CHILDREN:
        _insert_rows(model, _part_rows(model, [(row["id"], data[name]) for data, row in rows]))
    record.stored += len(batch)


def _mark_imported(ids: list[int], record: ImportRecord, now) -> None:
    field = ExternalActivity._meta.get_field("imported_at")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {quote(ExternalActivity._meta.db_table)} SET {quote('source_id')} = %s, "
                       f"{quote(field.column)} = %s WHERE {quote('id')} IN ({', '.join(['%s'] * len(ids))})",
                       [record.pk, field.get_db_prep_save(now, connection), *ids])


def _rekey(rows: list[tuple[str, bool, int]]) -> None:
    """Unchanged activities checked again (another day, other checks): their new check key, one statement."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(ExternalActivity._meta.db_table)} SET {quote('check_key')} = %s, "
                           f"{quote('errors_found')} = %s WHERE {quote('id')} = %s", rows)
