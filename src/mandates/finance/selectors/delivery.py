"""Delivery = expenditure / budget (current budget), by project, programme, region, theme and
expected result, summed in the database and limited to the projects whose money the person may see.

A project that works in several regions, or contributes to several themes or results, counts in
each of them (so the rows of those tables may add up to more than the total).
"""
from decimal import Decimal

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from mandates.geography.models import Area
from mandates.people import permissions
from mandates.strategy.models import StrategyNode

from ..models import Biennium, BudgetLine, Expenditure, ProjectFinance
from .sums import AMOUNT, MoneySum, MoneyTotal, cents

DIMENSIONS = {
    "project": "Project",
    "programme": "Programme",
    "region": "Region",
    "theme": "Theme",
    "result": "Expected result",
}
MAX_DEPTH = 4  # strategy trees are at most this deep below a theme


def visible_projects(user):
    return permissions.visible(user, ProjectFinance.objects.all()).values("pk")


def _budget(user, biennium: Biennium | None):
    qs = BudgetLine.objects.filter(is_current=True, project__isnull=False, project__in=visible_projects(user))
    if biennium is not None:
        qs = qs.filter(year__gte=biennium.start_year, year__lte=biennium.end_year)
    return qs


def _spent(user, biennium: Biennium | None):
    qs = Expenditure.objects.filter(project__isnull=False, project__in=visible_projects(user))
    if biennium is not None:
        qs = qs.filter(date__gte=biennium.start_date, date__lte=biennium.end_date)
    return qs


def _total(qs, field_name: str):
    """A correlated subquery giving SUM(field) of ``qs`` (no GROUP BY)."""
    return Coalesce(Subquery(qs.order_by().annotate(total=MoneyTotal(F(field_name))).values("total")[:1],
                             output_field=AMOUNT), Decimal("0"), output_field=AMOUNT)


def _row(key, label, budget, spent, link=None, **extra) -> dict:
    budget, spent = cents(budget), cents(spent)
    return {"key": key, "label": label, "budget": budget, "expenditure": spent,
            "delivery": spent / budget if budget else None, "link": link, **extra}


def _grouped(user, biennium, key: str, label_fields: tuple[str, ...]) -> list[dict]:
    fields = (key, *label_fields)
    budget = {r[key]: r for r in _budget(user, biennium).order_by().values(*fields)
              .annotate(total=MoneySum("amount"))}
    spent = {r[key]: r for r in _spent(user, biennium).order_by().values(*fields)
             .annotate(total=MoneySum("usd_amount"))}
    out = []
    for pk in set(budget) | set(spent):
        r = budget.get(pk) or spent.get(pk)
        out.append(_row(pk, r, (budget.get(pk) or {}).get("total"), (spent.get(pk) or {}).get("total")))
    return out


def delivery(user, dimension: str, biennium: Biennium | None = None) -> list[dict]:
    if dimension == "project":
        rows = _grouped(user, biennium, "project", ("project__code", "project__title"))
        for r in rows:
            names = r["label"]
            r["label"], r["code"] = f"{names['project__code']} {names['project__title']}", names["project__code"]
            r["link"] = ("finance:project", r["key"])
        return sorted(rows, key=lambda r: r["code"])
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
                         _area_q, label=lambda a: "Global" if a.level == Area.Level.WORLD else a.name)
    if dimension == "theme":
        nodes = StrategyNode.objects.filter(level=0, track="results").select_related("period")
        return _by_nodes(user, biennium, nodes, _theme_q, label=lambda n: f"{n.code} {n.title}")
    if dimension == "result":
        nodes = StrategyNode.objects.filter(projects__isnull=False).distinct().select_related("period")
        return _by_nodes(user, biennium, nodes, lambda: Q(results=_node()),
                         label=lambda n: f"{n.code} {n.short_title}")
    raise ValueError(f"unknown dimension {dimension}")


def _node():
    """The node of the outermost query, seen from the projects subquery inside the sums subquery."""
    return OuterRef(OuterRef("pk"))


def _area_q() -> Q:
    outer = _node()
    return (Q(locations__country__region=outer) | Q(locations__area=outer) | Q(locations__area__parent=outer)
            | Q(locations__area__parent__parent=outer))


def _theme_q() -> Q:
    q = Q(results=_node())
    path = "results"
    for _ in range(MAX_DEPTH):
        path += "__parent"
        q |= Q(**{path: _node()})
    return q


def _by_nodes(user, biennium, nodes, project_q, label) -> list[dict]:
    """One query: each node with the budget and expenditure of the visible projects under it."""
    from mandates.portfolio.models import Project

    projects = Project.objects.filter(project_q()).values("pk")
    rows = nodes.annotate(
        budget=_total(_budget(user, biennium).filter(project__in=projects), "amount"),
        spent=_total(_spent(user, biennium).filter(project__in=projects), "usd_amount"),
    )
    return [_row(n.pk, label(n), n.budget, n.spent, node=n) for n in rows if n.budget or n.spent]
