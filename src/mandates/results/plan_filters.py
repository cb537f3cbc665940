"""Reading the implementation plan's filters from a query string (pages and API alike).

``period`` (code, e.g. 2008-2011; default: the latest period), ``year``, ``region`` (M49 code of an
area), ``country`` (ISO alpha-3), ``work_unit`` (code), ``theme`` (code of a node of the period), ``as_of`` (YYYY-MM-DD: the as-at date
of the "no data in the last year" gap; default today, within the year or period shown).
Unknown values give a message per field instead of a silently unfiltered plan.
"""


def parse(params) -> tuple[dict, dict]:
    from mandates.geography.models import Area, Country
    from mandates.organisation.models import WorkUnit
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    errors: dict[str, str] = {}
    out = {"period": None, "year": None, "region": None, "country": None, "work_unit": None, "theme": None,
           "as_of": None}
    code = (params.get("period") or "").strip()
    if code:
        out["period"] = StrategyPeriod.objects.filter(code=code).first()
        if out["period"] is None:
            errors["period"] = f"No strategy period “{code}”."
    else:
        out["period"] = StrategyPeriod.objects.order_by("-start_year").first()
    raw_year = (params.get("year") or "").strip()
    if raw_year:
        try:
            out["year"] = int(raw_year)
        except ValueError:
            errors["year"] = f"“{raw_year}” is not a year."
        else:
            period = out["period"]
            if period is not None and not period.start_year <= out["year"] <= period.end_year:
                errors["year"] = f"{out['year']} is outside the period {period.code}."
    lookups = (
        ("region", Area, "m49_code", "No region with M49 code “{}”."),
        ("country", Country, "iso3", "No country with ISO code “{}”."),
        ("work_unit", WorkUnit, "code", "No work unit “{}”."),
    )
    for key, model, field, message in lookups:
        value = (params.get(key) or "").strip()
        if value:
            out[key] = model.objects.filter(**{field: value.upper() if key == "country" else value}).first()
            if out[key] is None:
                errors[key] = message.format(value)
    theme = (params.get("theme") or "").strip()
    if theme and out["period"] is not None:
        out["theme"] = StrategyNode.objects.filter(period=out["period"], track="results", code=theme).first()
        if out["theme"] is None:
            errors["theme"] = f"No theme “{theme}” in {out['period'].code}."
    raw_as_of = (params.get("as_of") or "").strip()
    if raw_as_of:
        from django.utils.dateparse import parse_date

        try:
            out["as_of"] = parse_date(raw_as_of)
        except ValueError:
            out["as_of"] = None
        if out["as_of"] is None:
            errors["as_of"] = f"“{raw_as_of[:40]}” is not a date (YYYY-MM-DD)."
    return out, errors


def choices(period) -> dict:
    from mandates.geography.models import Area, Country
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    return {
        "periods": StrategyPeriod.objects.order_by("-start_year"),
        "years": list(range(period.start_year, period.end_year + 1)) if period else [],
        "regions": Area.objects.filter(level__in=["world", "region", "sub_region"]).order_by("level", "name"),
        "countries": Country.objects.only("iso3", "name"),
        "themes": StrategyNode.objects.filter(period=period, track="results", level=0) if period else [],
    }
