"""(c) where and (d) who of the implementation plan, worked out once per output and per project.

A row's places are those of its projects' locations and of its outputs' activities; its work units the
projects' lead units and the activities' responsible units. An output or a project brings the same places
to every row (and every stored part, ``plan.filtered``) it contributes to, so each one's places are made a
list of keys once — ``"c<country>"``, ``"r<region>"`` or ``"g"`` (global), as ``key`` reads a
location or an activity — and a row is the union of those lists, not a walk through every activity again.
"""
from __future__ import annotations

from collections import defaultdict

from django.db import connections

GLOBAL = "g"
NOTHING = ()


def key(country: str | None, area: str | None, level: str | None) -> str | None:
    """A location's or an activity's place: its country, else global (an area of level "world"), else its
    region; None when it names none."""
    if country:
        return "c" + country
    if level == "world":
        return GLOBAL
    if area:
        return "r" + area
    return None


def of_rows(rows) -> dict:
    """{id: list of place keys} from ``(id, country name, area name, area level)`` rows."""
    found: dict = {}
    for pk, country, area, level in rows:
        place = key(country, area, level)
        if place is not None:
            found.setdefault(pk, []).append(place)
    return found


def grouped(activities):
    """``(output id, country name, area name, area level, unit code, unit name, number of activities)`` of
    ``activities`` grouped by output, place and unit (1 query): grouped by their ids first, the names joined to
    the groups after (grouping 100,000 activities by six columns of names made PostgreSQL sort them on disk at
    N=20; by four ids it hashes them in memory, and joins the names to the 65,000 groups)."""
    from mandates.geography.models import Area, Country
    from mandates.organisation.models import WorkUnit

    from .summary import Counted

    groups = activities.values_list("output_id", "country_id", "area_id", "responsible_unit_id").annotate(
        n=Counted("id")).order_by()
    connection = connections[groups.db]  # the database the router picks for these activities (a replica, say)
    inner, params = groups.query.get_compiler(groups.db).as_sql()
    name = connection.ops.quote_name
    sql = (f"SELECT g.output_id, c.{name('name')}, a.{name('name')}, a.{name('level')}, u.{name('code')}, "
           f"u.{name('name')}, g.n FROM ({inner}) g "
           f"LEFT JOIN {name(Country._meta.db_table)} c ON c.{name(Country._meta.pk.column)} = g.country_id "
           f"LEFT JOIN {name(Area._meta.db_table)} a ON a.{name(Area._meta.pk.column)} = g.area_id "
           f"LEFT JOIN {name(WorkUnit._meta.db_table)} u ON u.{name(WorkUnit._meta.pk.column)} = g.responsible_unit_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def of_activities(rows) -> tuple[dict, dict, dict, dict]:
    """From ``(output id, country name, area name, area level, unit code, unit name, number of activities)``
    rows (activities grouped by output, place and unit): per output the keys of its places and its
    responsible units' codes (lists: a row unions them), the units' names by code, and per output its
    number of activities. One pass, no set per output (there are tens of thousands of outputs at scale)."""
    places: dict = defaultdict(list)
    units: dict = defaultdict(list)
    names: dict = {}
    counts: dict = defaultdict(int)
    for output, country, area, level, code, name, n in rows:  # ``key``, written out: this loop runs per row
        counts[output] += n
        if country:
            places[output].append("c" + country)
        elif level == "world":
            places[output].append(GLOBAL)
        elif area:
            places[output].append("r" + area)
        if code:
            units[output].append(code)
            names[code] = name
    return dict(places), dict(units), names, dict(counts)


def split(places) -> tuple[list, list, bool]:
    """(countries, regions, global) of a set of place keys, sorted as a row lists them."""
    return (sorted(p[1:] for p in places if p[0] == "c"), sorted(p[1:] for p in places if p[0] == "r"),
            GLOBAL in places)
