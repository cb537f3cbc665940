"""Delivery = expenditure / budget (current budget), by project, programme, region, theme and
expected result, summed in the database and limited to the projects whose money the person may see.

A project that works in several regions, or contributes to several themes or results, counts in
each of them (so the rows of those tables may add up to more than the total).
"""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from mandates.geography.models import Area
from mandates.people import permissions
from mandates.strategy.models import StrategyNode

from ..models import Biennium, BudgetLine, Expenditure, ProjectFinance
from .sums import MoneySum, cents

# Each way of cutting delivery: its column heading, its tab and the table's title (whole sentences, so that
# every language can word them).
DIMENSIONS = {
    "project": _("Project"),
    "programme": _("Programme"),
    "region": _("Region"),
    "theme": _("Theme"),
    "result": _("Expected result"),
}
DIMENSION_TABS = {
    "project": _("By project"),
    "programme": _("By programme"),
    "region": _("By region"),
    "theme": _("By theme"),
    "result": _("By expected result"),
}
DIMENSION_TITLES = {
    "project": _("Delivery by project"),
    "programme": _("Delivery by programme"),
    "region": _("Delivery by region"),
    "theme": _("Delivery by theme"),
    "result": _("Delivery by expected result"),
}
MAX_DEPTH = 4  # strategy trees are at most this deep below a theme


def visible_projects(user):
    return permissions.visible(user, ProjectFinance.objects.all()).values("pk")


def _budget(user, biennium: Biennium | None):
    qs = BudgetLine.objects.filter(permissions.narrowing(user, ProjectFinance, "project"), is_current=True,
                                   project__isnull=False)
    if biennium is not None:
        qs = qs.filter(year__gte=biennium.start_year, year__lte=biennium.end_year)
    return qs


def _spent(user, biennium: Biennium | None):
    qs = Expenditure.objects.filter(permissions.narrowing(user, ProjectFinance, "project"), project__isnull=False)
    if biennium is not None:
        qs = qs.filter(date__gte=biennium.start_date, date__lte=biennium.end_date)
    return qs


def _row(key, label, budget, spent, link=None, **extra) -> dict:
    budget, spent = cents(budget), cents(spent)
    return {"key": key, "label": label, "budget": budget, "expenditure": spent,
            "delivery": spent / budget if budget else None, "link": link, **extra}


def _narrowed(qs, unit=None, running_only=False):
    if unit is not None:
        qs = qs.filter(project__lead_unit__path__startswith=unit.path)
    if running_only:
        qs = qs.filter(project__status__in=("approved", "in_implementation"))
    return qs


def _grouped(user, biennium, key: str, label_fields: tuple[str, ...], *, unit=None, running_only=False) -> list[dict]:
    fields = (key, *label_fields)
    budget = {r[key]: r for r in _narrowed(_budget(user, biennium), unit, running_only).order_by().values(*fields)
              .annotate(total=MoneySum("amount"))}
    spent = {r[key]: r for r in _narrowed(_spent(user, biennium), unit, running_only).order_by().values(*fields)
             .annotate(total=MoneySum("usd_amount"))}
    out = []
    for pk in set(budget) | set(spent):
        r = budget.get(pk) or spent.get(pk)
        out.append(_row(pk, r, (budget.get(pk) or {}).get("total"), (spent.get(pk) or {}).get("total")))
    return out


SPENT_FILTERS = {"90": _("at least 90 % of the budget spent, not over it"), "over": _("expenditure above the budget")}
NEARLY_SPENT = Decimal("0.9")


def _spent_matches(row, spent: str) -> bool:
    budget, expenditure = row["budget"], row["expenditure"]
    if spent == "90":
        return bool(budget) and NEARLY_SPENT * budget <= expenditure <= budget
    if spent == "over":
        return expenditure > budget
    return True


def project_delivery(user, biennium: Biennium | None = None, *, unit=None, spent: str = "",
                     running_only: bool = False) -> list[dict]:
    """Delivery per project; ``unit`` narrows to projects led by a unit and below, ``spent`` to
    those at least 90 % spent ("90") or over budget ("over"), ``running_only`` to approved projects
    and projects in implementation."""
    rows = _grouped(user, biennium, "project", ("project__code", "project__title"), unit=unit,
                    running_only=running_only)
    for r in rows:
        names = r["label"]
        r["label"], r["code"] = f"{names['project__code']} {names['project__title']}", names["project__code"]
        r["link"] = ("finance:project", r["key"])
    return sorted((r for r in rows if _spent_matches(r, spent)), key=lambda r: r["code"])


def project_sums(user, biennium: Biennium | None = None) -> tuple[dict, dict]:
    """The budget and the expenditure of each visible project (two grouped queries), for a page that cuts
    delivery several ways: read once, passed to ``delivery(..., sums=)`` for each cut."""
    budget = dict(_budget(user, biennium).order_by().values("project").annotate(total=MoneySum("amount"))
                  .values_list("project", "total"))
    spent = dict(_spent(user, biennium).order_by().values("project").annotate(total=MoneySum("usd_amount"))
                 .values_list("project", "total"))
    return budget, spent


def delivery(user, dimension: str, biennium: Biennium | None = None, *, sums: tuple | None = None,
             **project_filters) -> list[dict]:
    """Delivery cut by ``dimension``; ``sums``: ``project_sums(user, biennium)`` when already read (the
    region, theme and result cuts)."""
    if dimension == "project":
        return project_delivery(user, biennium, **project_filters)
    if dimension == "programme":
        rows = _grouped(user, biennium, "project__programme", ("project__programme__code",
                                                                 "project__programme__title"))
        for r in rows:
            names = r["label"]
            r["label"] = (f"{names['project__programme__code']} {names['project__programme__title']}"
                          if r["key"] else "Projects outside a programme")
            r["code"] = names["project__programme__code"] or "~"
        return sorted(rows, key=lambda r: r["code"])
    if dimension == "region":
        return _by_nodes(user, biennium, Area.objects.filter(level__in=[Area.Level.WORLD, Area.Level.REGION]),
                         _area_pairs, label=lambda a: str(_("Global")) if a.level == Area.Level.WORLD else a.local_name,
                         sums=sums)
    if dimension == "theme":
        nodes = StrategyNode.objects.filter(level=0, track="results").select_related("period")
        return _by_nodes(user, biennium, nodes, _theme_pairs, label=lambda n: f"{n.code} {n.title}", sums=sums)
    if dimension == "result":
        nodes = StrategyNode.objects.filter(projects__isnull=False).distinct().select_related("period")
        return _by_nodes(user, biennium, nodes, _result_pairs, label=lambda n: f"{n.code} {n.short_title}",
                         sums=sums)
    raise ValueError(f"unknown dimension {dimension}")


def _result_pairs():
    """(project, expected result) for every project contribution."""
    from mandates.portfolio.models import Project

    return Project.results.through.objects.values_list("project_id", "strategynode_id")


def _theme_pairs():
    """(project, node) for every node at or above the results a project contributes to."""
    from mandates.portfolio.models import Project

    path, fields = "strategynode", ["strategynode_id"]
    for _step in range(MAX_DEPTH):
        path += "__parent"
        fields.append(f"{path}_id")
    for project_id, *nodes in Project.results.through.objects.values_list("project_id", *fields):
        for node in nodes:
            if node is not None:
                yield project_id, node


def _area_pairs():
    """(project, area) for the region of each country location and each area location with its parents."""
    from mandates.portfolio.models import ProjectLocation

    for project_id, *areas in ProjectLocation.objects.values_list(
            "project_id", "country__region_id", "area_id", "area__parent_id", "area__parent__parent_id"):
        for area in areas:
            if area is not None:
                yield project_id, area


def _by_nodes(user, biennium, nodes, pairs, label, sums=None) -> list[dict]:
    """Budget and expenditure of the visible projects under each node.

    The sums are grouped by project in the database (two queries whatever the data size); each
    project's totals then go to every node it counts under, once per node (a project under two
    results of one theme counts once in that theme).
    """
    budget, spent = sums if sums is not None else project_sums(user, biennium)
    nodes = list(nodes)
    wanted = {n.pk for n in nodes}
    members: dict[int, set] = {}
    for project_id, node_id in pairs():
        if node_id in wanted and (project_id in budget or project_id in spent):
            members.setdefault(node_id, set()).add(project_id)
    rows = []
    for n in nodes:
        projects = members.get(n.pk, ())
        b = sum((budget.get(p) or 0 for p in projects), Decimal("0"))
        s = sum((spent.get(p) or 0 for p in projects), Decimal("0"))
        if b or s:
            rows.append(_row(n.pk, label(n), b, s, node=n))
    return rows
