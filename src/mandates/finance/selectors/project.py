"""A project's money: current budget vs expenditure by year and budget class, delivery, revisions,
the contributions earmarked to it."""
from decimal import Decimal

from django.db.models import Count

from mandates.core.year import Year
from mandates.people import permissions

from ..models import Biennium, BudgetClass, BudgetRevision, Contribution, Expenditure
from .figures import Z
from .sums import MoneySum, cents


def _delivery(spent: Decimal, budget: Decimal) -> Decimal | None:
    return spent / budget if budget else None


def project_finance(user, project) -> dict:
    budget = {(r["year"], r["budget_class"]): cents(r["total"]) for r in project.budget_lines.filter(is_current=True)
              .order_by().values("year", "budget_class").annotate(total=MoneySum("amount"))}
    spent_rows = (Expenditure.objects.filter(project=project).annotate(year=Year("date")).order_by()
                  .values("year", "budget_class", "kind")
                  .annotate(total=MoneySum("usd_amount"), psc=MoneySum("psc_amount")))
    spent, obligations, psc = {}, {}, {}
    for r in spent_rows:
        key = (r["year"], r["budget_class"])
        spent[key] = spent.get(key, Z) + cents(r["total"])
        psc[key] = psc.get(key, Z) + cents(r["psc"])
        if r["kind"] == Expenditure.Kind.OBLIGATION:
            obligations[key] = obligations.get(key, Z) + cents(r["total"])
    classes = {c.pk: c for c in BudgetClass.objects.all()}
    keys = sorted(set(budget) | set(spent), key=lambda k: (k[0], classes[k[1]].order))
    years: dict[int, dict] = {}
    lines = []
    for year, class_id in keys:
        row = {"year": year, "budget_class": classes[class_id], "budget": budget.get((year, class_id)) or Z,
               "expenditure": spent.get((year, class_id), Z), "obligations": obligations.get((year, class_id), Z),
               "psc": psc.get((year, class_id), Z)}
        row["delivery"] = _delivery(row["expenditure"], row["budget"])
        lines.append(row)
        y = years.setdefault(year, {"year": year, "budget": Z, "expenditure": Z, "obligations": Z, "psc": Z})
        for name in ("budget", "expenditure", "obligations", "psc"):
            y[name] += row[name]
    for y in years.values():
        y["delivery"] = _delivery(y["expenditure"], y["budget"])
    total = {name: sum((y[name] for y in years.values()), Z) for name in ("budget", "expenditure", "obligations",
                                                                          "psc")}
    total["delivery"] = _delivery(total["expenditure"], total["budget"])
    by_class: dict[int, dict] = {}
    for row in lines:
        c = by_class.setdefault(row["budget_class"].pk, {"budget_class": row["budget_class"], "budget": Z,
                                                         "expenditure": Z})
        c["budget"] += row["budget"]
        c["expenditure"] += row["expenditure"]
    for c in by_class.values():
        c["delivery"] = _delivery(c["expenditure"], c["budget"])
    by_segment = [
        {"segment": r["segment__code"], "name": r["segment__name"], "budget": cents(r["total"])}
        for r in project.budget_lines.filter(is_current=True).order_by("segment__order")
        .values("segment__code", "segment__name", "segment__order").annotate(total=MoneySum("amount"))
    ]
    revisions = list(BudgetRevision.objects.filter(project=project).select_related("created_by")
                     .annotate(total=MoneySum("lines__amount"), line_count=Count("lines")).order_by("-number"))
    for revision in revisions:
        revision.total = cents(revision.total)
    contributions = list(permissions.visible(user, Contribution.objects.filter(project=project))
                         .select_related("donor", "segment__biennium", "project", "programme", "area", "theme")
                         .order_by("date"))
    bienniums = []
    for b in Biennium.objects.filter(start_year__lte=max(years, default=0), end_year__gte=min(years, default=0)):
        row = {"biennium": b.code, **{name: sum((y[name] for y in years.values() if b.start_year <= y["year"]
                                                  <= b.end_year), Z) for name in ("budget", "expenditure")}}
        row["delivery"] = _delivery(row["expenditure"], row["budget"])
        bienniums.append(row)
    return {
        "project": project,
        "lines": lines,
        "years": [years[y] for y in sorted(years)],
        "bienniums": bienniums,
        "by_class": sorted(by_class.values(), key=lambda c: c["budget_class"].order),
        "by_segment": by_segment,
        "total": total,
        "revisions": revisions,
        "contributions": contributions,
    }


def project_expenditure(project):
    return (Expenditure.objects.filter(project=project)
            .select_related("segment", "budget_class", "contribution", "work_unit").order_by("-date", "document_number",
                                                                                           "line"))
