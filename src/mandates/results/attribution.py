"""A plan filtered by a country or a region counts only the money attributed there.

A project that works in several places gives the chosen place a share of its money:

1. by its locations' percentages (the IATI recipient-country percentages), when it has them;
2. else by the planned cost of its activities that take place there, out of all its placed activities;
3. else split equally between its locations.

Regional and global locations are not attributed to a country (a global project shows no money
for Kenya unless its activities take place there). Two queries for all the plan's projects.
"""
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mandates.core.ids import InIds
from mandates.finance.selectors.sums import MoneySum, cents

CENT = Decimal("0.01")
BY_PERCENTAGE, BY_ACTIVITIES, EQUALLY = "percentage", "activities", "equally"


def _matches(place: dict, prefix: str, country, region) -> bool:
    if country is not None:
        return place[f"{prefix}country_id"] == country.pk
    ids = {place.get(f"{prefix}country__region_id"), place.get(f"{prefix}country__sub_region_id"),
           place.get(f"{prefix}country__intermediate_region_id"), place.get(f"{prefix}area_id"),
           place.get(f"{prefix}area__parent_id")}
    return region.pk in ids


def shares(project_ids, *, country=None, region=None) -> tuple[dict[int, Decimal], dict[str, int]]:
    """{project_id: share between 0 and 1} and how many projects were attributed by each rule."""
    from mandates.portfolio.models import Activity, ProjectLocation

    fields = ("country_id", "country__region_id", "country__sub_region_id", "country__intermediate_region_id",
              "area_id", "area__parent_id")
    locations = defaultdict(list)
    for loc in ProjectLocation.objects.filter(InIds("project_id", project_ids)).values("project_id", "percentage", *fields):
        locations[loc["project_id"]].append(loc)
    placed_cost, here_cost = defaultdict(Decimal), defaultdict(Decimal)
    # the planned cost per project and place, summed in the database to the cent (a project has few places)
    for a in Activity.objects.filter(InIds("output__outcome__project_id", project_ids)).exclude(
            country__isnull=True, area__isnull=True).values("output__outcome__project_id", *fields).annotate(
            cost=MoneySum("planned_cost")).order_by():
        pid, cost = a["output__outcome__project_id"], cents(a["cost"])
        placed_cost[pid] += cost
        if _matches(a, "", country, region):
            here_cost[pid] += cost
    result, how = {}, {BY_PERCENTAGE: 0, BY_ACTIVITIES: 0, EQUALLY: 0}
    for pid in project_ids:
        locs = locations.get(pid, [])
        if any(loc["percentage"] is not None for loc in locs):
            result[pid] = sum((loc["percentage"] or 0 for loc in locs if _matches(loc, "", country, region)),
                              Decimal(0)) / 100
            how[BY_PERCENTAGE] += 1
        elif placed_cost.get(pid):
            result[pid] = here_cost[pid] / placed_cost[pid]
            how[BY_ACTIVITIES] += 1
        elif locs:
            result[pid] = Decimal(sum(1 for loc in locs if _matches(loc, "", country, region))) / len(locs)
            how[EQUALLY] += 1
        else:
            result[pid] = Decimal(0)
    return result, how


def scale(amounts: dict, share: Decimal) -> dict:
    """A project's {currency: amount} times its share, to the cent."""
    if share == 1:
        return dict(amounts)
    return {cur: (Decimal(v) * share).quantize(CENT, rounding=ROUND_HALF_UP) for cur, v in amounts.items()}


def note(how: dict[str, int], place_name: str) -> str:
    parts = []
    if how[BY_PERCENTAGE]:
        parts.append(ngettext("%(n)s project by its location percentages", "%(n)s projects by their location "
                              "percentages", how[BY_PERCENTAGE]) % {"n": how[BY_PERCENTAGE]})
    if how[BY_ACTIVITIES]:
        parts.append(ngettext("%(n)s project by the planned cost of its activities there",
                              "%(n)s projects by the planned cost of their activities there",
                              how[BY_ACTIVITIES]) % {"n": how[BY_ACTIVITIES]})
    if how[EQUALLY]:
        parts.append(ngettext("%(n)s project split equally between its locations",
                              "%(n)s projects split equally between their locations", how[EQUALLY])
                     % {"n": how[EQUALLY]})
    if not parts:
        return ""
    return _("Money attributed to %(place)s: %(how)s; the rest of each project's money, and regional or global "
             "locations, are not counted here.") % {"place": place_name, "how": "; ".join(parts)}
