"""Loading the UN M49 table (idempotent: running it twice changes nothing)."""
import csv
from pathlib import Path

from django.db import transaction

from .models import Area, Country

M49_FILE = Path(__file__).resolve().parent / "data" / "m49_overview.csv"


AREA_FIELDS = {"region", "sub_region", "intermediate_region"}


def _differs(obj, field: str, value) -> bool:
    if field in AREA_FIELDS:
        return getattr(obj, f"{field}_id") != (value.pk if value else None)
    return getattr(obj, field) != value


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_m49(path: Path = M49_FILE) -> tuple[int, int]:
    """Create or update areas and countries from an M49 overview CSV. Returns (areas, countries).

    Idempotent, and a constant number of queries: existing rows are read once, new ones
    bulk-created, changed ones bulk-updated.
    """
    rows = _read(path)
    areas = {a.m49_code: a for a in Area.objects.all()}
    levels = (
        ("Global", Area.Level.WORLD),
        ("Region", Area.Level.REGION),
        ("Sub-region", Area.Level.SUB_REGION),
        ("Intermediate Region", Area.Level.INTERMEDIATE),
    )
    # Areas, level by level so that parents exist before their children.
    for depth, (prefix, level) in enumerate(levels):
        wanted: dict[str, tuple[str, str | None]] = {}
        for row in rows:
            code = row[f"{prefix} Code"]
            if not code:
                continue
            parent = next((row[f"{p} Code"] for p, _ in reversed(levels[:depth]) if row[f"{p} Code"]), None)
            wanted[code] = (row[f"{prefix} Name"], parent)
        new, changed = [], []
        for code, (name, parent_code) in wanted.items():
            parent = areas.get(parent_code) if parent_code else None
            area = areas.get(code)
            if area is None:
                new.append(Area(m49_code=code, name=name, level=level, parent=parent))
            elif (area.name, area.level, area.parent_id) != (name, level, parent.pk if parent else None):
                area.name, area.level, area.parent = name, level, parent
                changed.append(area)
        Area.objects.bulk_create(new)
        Area.objects.bulk_update(changed, ["name", "level", "parent"])
        areas.update({a.m49_code: a for a in Area.objects.filter(m49_code__in=[a.m49_code for a in new])})

    existing = {c.m49_code: c for c in Country.objects.all()}
    fields = ["iso2", "iso3", "name", "region", "sub_region", "intermediate_region", "is_ldc", "is_lldc", "is_sids"]
    new, changed = [], []
    for row in rows:
        values = {
            "iso2": row["ISO-alpha2 Code"],
            "iso3": row["ISO-alpha3 Code"],
            "name": row["Country or Area"],
            "region": areas.get(row["Region Code"]),
            "sub_region": areas.get(row["Sub-region Code"]),
            "intermediate_region": areas.get(row["Intermediate Region Code"]),
            "is_ldc": row["Least Developed Countries (LDC)"] == "x",
            "is_lldc": row["Land Locked Developing Countries (LLDC)"] == "x",
            "is_sids": row["Small Island Developing States (SIDS)"] == "x",
        }
        country = existing.get(row["M49 Code"])
        if country is None:
            new.append(Country(m49_code=row["M49 Code"], **values))
        elif any(_differs(country, f, v) for f, v in values.items()):
            for f, v in values.items():
                setattr(country, f, v)
            changed.append(country)
    Country.objects.bulk_create(new)
    Country.objects.bulk_update(changed, fields)
    return len(areas), len(rows)
