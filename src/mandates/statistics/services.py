"""Writes for statistics: importing files (all or nothing, idempotent, logged) and linking indicators."""
import csv
import hashlib
import time
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .models import (
    ImportRun,
    IndicatorLink,
    PopulationEstimate,
    Series,
    StatArea,
    Value,
    ValueChange,
)
from .models.series import COUNTS, RATE
from .parsing import COLLECTION, DATA, Problems, open_layout

MAX_UPLOAD = 50 * 1024 * 1024
BATCH = 2000
# Count/rate pairs the population behind a coverage share is derived from, best first.
POPULATION_ANCHORS = [
    ("cts", "Persons held", "Total", "Total", "Total", "Total"),
    ("gsh2019", "Victims of intentional homicide", "Total", "Total", "Total", "Total"),
    ("cts", "Victims of intentional homicide", "Total", "Total", "Total", "Total"),
]


@lru_cache(maxsize=1)
def aliases() -> dict:
    with open(DATA / "areas.csv", encoding="utf-8") as handle:
        return {row["name_or_code"].lower(): row for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def known_conflicts() -> dict:
    with open(DATA / "known_conflicts.csv", encoding="utf-8") as handle:
        return {(row["iso3"], row["indicator"], row["dimension"], row["category"], row["sex"], row["age"],
                 int(row["year"]), row["unit"]): row["note"] for row in csv.DictReader(handle)}


def _as_stored(text: str) -> Decimal:
    number = Decimal(text)
    return number.quantize(Decimal("1e-15")) if number.as_tuple().exponent < -15 else number


def _conflict_key(code, series, year):
    return (code, *series[1:6], year, series[6])


class AreaResolver:
    """Matches codes and names in a file to M49 countries, UNODC special codes or M49 aggregates."""

    def __init__(self):
        from mandates.geography.models import Area, Country

        countries = list(Country.objects.all())
        self.by_iso3 = {c.iso3: c for c in countries}
        self.by_name = {c.name.lower(): c for c in countries}
        self.areas = {a.name.lower(): a for a in Area.objects.all()}
        self.areas_by_code = {a.m49_code: a for a in self.areas.values()}
        self.specs: dict[tuple, dict] = {}

    def resolve(self, code: str, name: str, level: str, region: str = "", subregion: str = "") -> dict:
        key = (code, name, level)
        if key in self.specs:
            return self.specs[key]
        spec = self._resolve(code, name, level)
        spec.setdefault("unodc_region", region)
        spec.setdefault("unodc_subregion", subregion)
        self.specs[key] = spec
        return spec

    def _resolve(self, code, name, level):
        alias = aliases().get(code.lower()) if code else None
        alias = alias or aliases().get(name.lower())
        if alias:
            if alias["kind"] == "country":
                return self._country(self.by_iso3[alias["code"]])
            parent = self.by_iso3.get(alias["parent_iso3"]) if alias["parent_iso3"] else None
            area = self.areas_by_code.get(alias["m49_area"]) if alias["m49_area"] else None
            return {"code": alias["code"], "name": alias["name"], "kind": alias["kind"],
                    "country_id": parent.pk if parent else None, "m49_area_id": area.pk if area else None}
        if level:
            plain = name.removesuffix(" (UN)").strip().lower()
            area = self.areas.get(plain)
            if area:
                return {"code": f"M49_{area.m49_code}", "name": area.name, "kind": StatArea.Kind.AGGREGATE,
                        "country_id": None, "m49_area_id": area.pk}
            return {"code": f"AGG:{name}"[:60], "name": name, "kind": StatArea.Kind.AGGREGATE,
                    "country_id": None, "m49_area_id": None, "unmatched": True}
        country = self.by_iso3.get(code) if code else None
        country = country or (self.by_name.get(name.lower()) if not code else None)
        if country:
            return self._country(country)
        return {"code": (code or f"NAME:{name}")[:60], "name": name or code, "kind": StatArea.Kind.SPECIAL,
                "country_id": None, "m49_area_id": None, "unmatched": True}

    @staticmethod
    def _country(country):
        return {"code": country.iso3, "name": country.name, "kind": StatArea.Kind.COUNTRY,
                "country_id": country.pk, "m49_area_id": None}


def _raise(problems: Problems, name: str):
    messages = list(problems.errors)
    if problems.error_count > len(messages):
        messages.append(_("… and %(n)s more problems.") % {"n": problems.error_count - len(messages)})
    raise ValidationError({"file": [f"{name}: {m}" for m in messages]})


def import_file(name: str, data: bytes, *, by=None, progress=None) -> ImportRun:
    """Import one statistics file. All or nothing: any problem raises ValidationError, listing lines.

    Re-importing updates changed values (each change is logged in ValueChange) and counts the rest."""
    if len(data) > MAX_UPLOAD:
        raise ValidationError({"file": [_("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": MAX_UPLOAD >> 20}]})
    problems = Problems()
    layout, records = open_layout(name, data, problems)
    if layout is None:
        _raise(problems, name)
    resolver = AreaResolver()
    conflicts = known_conflicts()
    seen: dict[tuple, tuple] = {}
    set_aside: dict[tuple, list] = defaultdict(list)
    duplicates = 0
    count = 0
    for record in records:
        count += 1
        if progress and count % 5000 == 0:
            progress(count, None)
        spec = resolver.resolve(record.area_code, record.area_name, record.aggregate_level, record.region,
                                record.subregion)
        key = (spec["code"], record.series, record.year)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = (record.line, record.text, record.value, record.source)
            continue
        if earlier[2] == record.value:
            duplicates += 1
            continue
        known = _conflict_key(record.area_code, record.series, record.year)
        if known in conflicts:
            set_aside[key].append(record.line)
            continue
        problems.error(record.line, _(
            "the same %(area)s, %(series)s, %(year)s as line %(first)s but a different value (%(a)s, not %(b)s)") % {
            "area": spec["code"], "series": " / ".join(record.series[1:]), "year": record.year,
            "first": earlier[0], "a": record.text, "b": earlier[1]})
    if problems.error_count:
        _raise(problems, name)
    if not seen:
        problems.error(None, _("no values in the file"))
        _raise(problems, name)
    for key, lines in set_aside.items():
        first = seen.pop(key)
        problems.warn(_("set aside lines %(lines)s: %(note)s") % {
            "lines": ", ".join(str(n) for n in [first[0], *lines]),
            "note": conflicts[_conflict_key(key[0], key[1], key[2])]})
    if duplicates:
        problems.warn(_("%(n)s repeated rows with the same value were read once") % {"n": duplicates})
    kept = sorted({(s["code"], s["name"], s["kind"]) for s in resolver.specs.values()
                   if s["kind"] != StatArea.Kind.COUNTRY and not (s["kind"] == StatArea.Kind.AGGREGATE and s["m49_area_id"])})
    for code, area_name, kind in kept:
        problems.warn(_("kept %(code)s (%(name)s): %(kind)s") % {
            "kind": StatArea.Kind(kind).label, "code": code, "name": area_name})
    matched = {s["code"] for s in resolver.specs.values() if s["kind"] == StatArea.Kind.AGGREGATE and s["m49_area_id"]}
    if matched:
        problems.warn(_("%(n)s published aggregates matched to M49 areas: %(codes)s") % {
            "n": len(matched), "codes": ", ".join(sorted(matched))})
    with transaction.atomic(), acting_as(by):
        run = ImportRun.objects.create(
            file_name=Path(name).name[:255], sha256=hashlib.sha256(data).hexdigest(), layout=layout,
            collection=COLLECTION[layout], rows=count, set_aside=sum(len(v) + 1 for v in set_aside.values()),
            notes=problems.warnings, by=by if getattr(by, "is_authenticated", False) else None)
        _write(run, seen, resolver, progress)
        if any(key[1][:6] in POPULATION_ANCHORS for key in seen):  # only count/rate anchors move it
            refresh_population()
    return run


def _write(run, seen, resolver, progress):
    series_ids = _ensure_series({key[1] for key in seen})
    area_ids = _ensure_areas(resolver.specs.values())
    existing = {}
    for pk, series_id, area_id, year, text, source, run_id in Value.objects.filter(
            series_id__in=set(series_ids.values())).values_list(
            "pk", "series_id", "area_id", "year", "text", "source", "run_id").iterator(chunk_size=5000):
        existing[(series_id, area_id, year)] = (pk, text, source, run_id)
    new, changed, changes = [], [], []
    total = len(seen)
    for done, ((area_code, series_key, year), (_line, text, value, source)) in enumerate(seen.items(), start=1):
        key = (series_ids[series_key], area_ids[area_code], year)
        old = existing.get(key)
        if old is None:
            new.append((key[0], key[1], year, value, text, source, run.pk))
        elif _as_stored(old[1]) != value or old[2] != source:
            changed.append(Value(pk=old[0], value=value, text=text, source=source, run=run))
            changes.append(ValueChange(run=run, value_id=old[0], old_text=old[1], new_text=text,
                                       old_source=old[2], new_source=source, old_run_id=old[3]))
        if progress and done % 10000 == 0:
            progress(done, total)
    _insert_values(new)
    Value.objects.bulk_update(changed, ["value", "text", "source", "run"], batch_size=BATCH)
    ValueChange.objects.bulk_create(changes, batch_size=BATCH)
    run.created, run.updated = len(new), len(changed)
    run.unchanged = total - len(new) - len(changed)
    run.save(update_fields=["created", "updated", "unchanged"])
    if progress:
        progress(total, total)


def _insert_values(rows) -> None:
    """Plain INSERTs (executemany; ``COPY`` on PostgreSQL): the ORM's per-object work would dominate an import
    of 100,000 values, and on PostgreSQL so did the 86 round trips of ``executemany`` (14 s of a 43 s import)."""
    _insert_rows(Value, ["series_id", "area_id", "year", "value", "text", "source", "run_id"], rows)


def _insert_rows(model, names, rows) -> None:
    """``rows`` (tuples in the order of the column ``names``) into ``model``'s table, as ``_insert_values`` says."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(names)
    marks = ", ".join(["%s"] * len(names))
    if rows and connection.vendor == "postgresql":
        sql, started = f"COPY {table} ({columns}) FROM STDIN", time.monotonic()
        connection.ensure_connection()
        # the driver's COPY raises psycopg's errors: wrapped as Django's, as the INSERT's are
        with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
        if connection.queries_logged:  # the driver's COPY bypasses Django's cursor: count it like a query
            connection.queries_log.append({"sql": f"{sql} -- {len(rows)} rows",
                                           "time": f"{time.monotonic() - started:.3f}"})
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[start:start + BATCH])


def _ensure_series(keys) -> dict:
    fields = ["collection", "indicator", "dimension", "category", "sex", "age", "unit"]
    have = {s.key: s.pk for s in Series.objects.filter(collection__in={k[0] for k in keys})}
    Series.objects.bulk_create([Series(**dict(zip(fields, k))) for k in keys if k not in have], batch_size=BATCH)
    return {s.key: s.pk for s in Series.objects.filter(collection__in={k[0] for k in keys})}


def _ensure_areas(specs) -> dict:
    wanted = {s["code"]: s for s in specs}
    have = dict(StatArea.objects.values_list("code", "pk"))
    fields = ["code", "name", "kind", "country_id", "m49_area_id", "unodc_region", "unodc_subregion"]
    StatArea.objects.bulk_create([StatArea(**{f: s.get(f) or ("" if f in ("unodc_region", "unodc_subregion") else s.get(f))
                                              for f in fields})
                                  for code, s in wanted.items() if code not in have], batch_size=BATCH)
    return dict(StatArea.objects.values_list("code", "pk"))


def import_path(path, *, by=None, progress=None) -> ImportRun:
    path = Path(path)
    return import_file(path.name, path.read_bytes(), by=by, progress=progress)


def refresh_population() -> int:
    """Re-derive the population of each country and year from count and rate pairs (count x 100,000 / rate).

    Per country and year the first anchor pair that has both numbers wins (the UN-CTS persons held total,
    then the homicide total); its basis is stored beside the estimate."""
    wanted = {}
    anchors = {}
    for s in Series.objects.filter(unit__in=[COUNTS, RATE]):
        key = s.key[:6]
        if key in POPULATION_ANCHORS:
            anchors.setdefault(key, {})[s.unit] = s
    best: dict[tuple, tuple] = {}
    for rank, key in enumerate(POPULATION_ANCHORS):
        pair = anchors.get(key, {})
        if len(pair) < 2:
            continue
        basis = f"{key[1]} ({pair[COUNTS].get_collection_display()})"
        counts = {(a, y): v for a, y, v in Value.objects.filter(
            series=pair[COUNTS], area__kind=StatArea.Kind.COUNTRY).values_list("area_id", "year", "value")}
        for area_id, year, rate in Value.objects.filter(
                series=pair[RATE], area__kind=StatArea.Kind.COUNTRY).values_list("area_id", "year", "value"):
            count = counts.get((area_id, year))
            if not count or not rate or (area_id, year) in best:
                continue
            best[(area_id, year)] = (int(count * 100000 / rate), basis)
    for (area_id, year), (population, basis) in best.items():
        wanted[(area_id, year)] = (area_id, year, population, basis[:200])
    PopulationEstimate.objects.all().delete()
    # Plain INSERTs as for the values: bulk_create's per-object work was 0.3-0.4 s of each import's refresh.
    _insert_rows(PopulationEstimate, ["area_id", "year", "population", "basis"], list(wanted.values()))
    return len(wanted)


def link_indicator(*, indicator, series, area, by) -> IndicatorLink:
    """Let a result or project indicator take its actual values from a statistics series for one area."""
    if series.unit not in (COUNTS, RATE) and not series.unit.startswith("Percentage"):
        raise ValidationError({"series": _("This series has no unit an indicator can use.")})
    with transaction.atomic(), acting_as(by):
        link, _created = IndicatorLink.objects.update_or_create(indicator=indicator,
                                                                defaults={"series": series, "area": area})
    return link


def unlink_indicator(*, indicator, by) -> None:
    with transaction.atomic(), acting_as(by):
        for link in IndicatorLink.objects.filter(indicator=indicator):
            link.delete()


def import_job(*, params, input_file, by, progress):
    """The background job (mandates.jobs) behind the import page: one uploaded file, all or nothing."""
    name = params.get("file_name") or getattr(input_file, "name", "upload.csv")
    run = import_file(name, input_file.read(), by=by, progress=lambda done, total: progress(done, total))
    return _("%(name)s: %(rows)s rows, %(new)s new, %(changed)s changed, %(same)s unchanged, %(aside)s set aside.") % {
        "name": run.file_name, "rows": run.rows, "new": run.created, "changed": run.updated, "same": run.unchanged,
        "aside": run.set_aside}
