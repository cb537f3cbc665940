"""Facts that cite a statistic of the ``statistics`` app: ``{{fact:stat:homicide_rate:KEN:2017}}`` is the
value of a series (an alias in data/stat_series.csv, or a series id) for an area (ISO alpha-3 of a country,
or the M49 code of a region or the world, e.g. 002) and a year. A country's value is the imported value; a
region's is the published aggregate when the data has one, else the statistics app's population-weighted
aggregate of the reporting countries. Either way the document adds a footnote with the source and, for a
region, the coverage (countries reporting, share of the population)."""
import csv
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

STAT_KINDS = {"stat"}
DEFINITION = gettext_lazy(
    "A value of a series of the crime and criminal justice statistics for an area and a year, as imported "
    "(source and file in the footnote). For a region: the published estimate when there is one, else the "
    "population-weighted mean (rates) or the sum (counts) of the countries reporting, with its coverage.")
SERIES_FILE = Path(__file__).parent / "data" / "stat_series.csv"


@lru_cache
def aliases() -> dict:
    with SERIES_FILE.open(encoding="utf-8", newline="") as fh:
        return {row["alias"]: row for row in csv.DictReader(fh)}


def _series(name: str):
    from mandates.statistics.models import Series

    row = aliases().get(name)
    if row:
        return Series.objects.filter(collection=row["collection"], indicator=row["indicator"],
                                     dimension=row["dimension"], category=row["category"], sex=row["sex"],
                                     age=row["age"], unit=row["unit"]).first()
    return Series.objects.filter(pk=int(name)).first() if name.isdigit() else None


def _parse(arg: str):
    from .periods import ReportError

    parts = arg.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        raise ReportError(_("A statistic is cited as stat:SERIES:AREA:YEAR (e.g. stat:homicide_rate:KEN:2017), "
                            "not “%(arg)s”.") % {"arg": arg})
    return parts[0], parts[1].upper(), int(parts[2])


def lookup(engine, arg: str) -> dict:
    key = f"stat:{arg}"
    if key in engine._groups:
        return engine._groups[key]
    from mandates.geography.models import Area
    from mandates.statistics import selectors
    from mandates.statistics.models import StatArea, Value

    name, area_code, year = _parse(arg)
    series = _series(name)
    out = {"series": series, "year": year, "area_name": area_code, "value": None, "value_row": None,
           "aggregate": None, "label": aliases().get(name, {}).get("label") or (str(series) if series else name)}
    if series is not None:
        area = StatArea.objects.filter(kind=StatArea.Kind.COUNTRY, code=area_code).select_related("country").first()
        if area is not None:
            out["area_name"] = area.name
            row = Value.objects.filter(series=series, area=area, year=year).select_related("run").first()
            if row is not None:
                out["value"], out["value_row"] = row.value, row
        else:
            region = Area.objects.filter(m49_code=area_code).first()
            if region is not None:
                out["area_name"] = region.name
                published = Value.objects.filter(series=series, year=year, area__kind=StatArea.Kind.AGGREGATE,
                                                 area__m49_area=region).select_related("run").first()
                agg = next((a for a in selectors.aggregates(series, year, selectors.map_rows(series, year))
                            if a.name == region.name), None)
                out["aggregate"] = agg
                if published is not None:
                    out["value"], out["value_row"] = published.value, published
                elif agg is not None and agg.value is not None:
                    out["value"] = agg.value
    engine._groups[key] = out
    return out


def prime(engine, code: str, area, values) -> None:
    """Remember the facts ``stat:SERIES_ID:ISO3:YEAR`` of values already read (with their series and import run,
    as ``statistics.selectors.country_main_series`` reads them), so that citing them asks nothing more of the
    database: a profile cites each of its country's main series, three queries each when looked up one by one.
    ``code`` is the area as the facts cite it (a country's ISO alpha-3)."""
    for value in values:
        key = f"stat:{value.series_id}:{code}:{value.year}"
        engine._groups.setdefault(key, {
            "series": value.series, "year": value.year, "area_name": area.name, "value": value.value,
            "value_row": value, "aggregate": None, "label": str(value.series)})


def note(data: dict) -> str:
    """The footnote: series, source and import file, coverage of a regional figure."""
    series, row, agg = data["series"], data["value_row"], data["aggregate"]
    parts = [_("%(series)s, %(area)s, %(year)s.") % {"series": str(series), "area": data["area_name"],
                                                    "year": data["year"]}]
    if row is not None:
        parts.append(_("Source: %(collection)s%(source)s (file %(file)s, imported %(date)s).") % {
            "collection": series.get_collection_display(), "source": f", {row.source}" if row.source else "",
            "file": row.run.file_name if row.run_id else "?",
            "date": row.run.at.date().isoformat() if row.run_id else "?"})
        if agg is not None:
            parts.append(_("Published regional estimate."))
    elif agg is not None:
        parts.append(_("Source: %(collection)s; aggregate of the countries reporting, computed by the "
                       "statistics module.") % {"collection": series.get_collection_display()})
    if agg is not None and agg.reporting:
        share = agg.population_share
        parts.append(_("Coverage: %(n)s of %(m)s countries reporting%(pop)s.") % {
            "n": agg.reporting, "m": agg.countries,
            "pop": (_(", %(p)s per cent of the population") % {"p": number_format(share, 0)}) if share is not None
            else ""})
    return " ".join(parts)


def compute(engine, arg: str, fact) -> None:
    from .facts import NO_DATA

    data = lookup(engine, arg)
    fact.definition = str(DEFINITION)
    fact.label = f"{data['label']}, {data['area_name']}, {data['year']}"
    fact.subject = data["area_name"]
    fact.filters = {"series": str(data["series"]) if data["series"] else arg.split(":")[0],
                    "area": arg.split(":")[1] if ":" in arg else "", "year": data["year"]}
    series = data["series"]
    fact.unit = "rate" if series is not None and series.is_rate else "count"
    if data["value"] is None:
        fact.status = NO_DATA
        return
    fact.value = Decimal(data["value"]).quantize(Decimal("0.1")) if fact.unit == "rate" else int(data["value"])
    fact.note = note(data)


def records(engine, fact, out: dict) -> None:
    from django.urls import reverse

    data = lookup(engine, fact.arg)
    out["headings"] = [_("Area"), _("Year"), _("Value"), _("Source"), _("File")]
    row = data["value_row"]
    if row is not None:
        out["rows"].append(([data["area_name"], data["year"], row.text, row.source,
                             row.run.file_name if row.run_id else ""], ""))
    if data["aggregate"] is not None:
        agg = data["aggregate"]
        out["rows"].append(([_("%(area)s (countries reporting: %(n)s of %(m)s)") % {
            "area": data["area_name"], "n": agg.reporting, "m": agg.countries}, data["year"],
            number_format(agg.value, 2) if agg.value is not None else "", _("aggregate"), ""], ""))
    out["links"].append((_("Statistics explorer"), reverse("statistics:explorer")))
