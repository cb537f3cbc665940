"""Facts about one programme, donor, country or region (``budget:country=KEN``) and the planned cost of
the medium-term activities (``planned_cost:all``, ``planned_cost:1.1.1``), for the reports other than the
technical-cooperation report. Each scope is computed once, by grouped aggregate queries (a fixed number
whatever the number of projects); the per-project rows the reports' tables show come from the same
queries, so a table's total is the fact."""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy

from . import scopes

Z = Decimal("0.00")
KINDS = {
    "projects": (gettext_lazy("Projects of %(arg)s"), gettext_lazy(
        "Projects of the subject (a programme's projects; those located in the country or region; those a donor's "
        "contributions are earmarked to or paid for) that the reader may see, whatever their status.")),
    "budget": (gettext_lazy("Budget of %(arg)s for the period"), gettext_lazy(
        "Sum of the current budget lines of those projects for the years of the period, in United States dollars, "
        "as on each project's finance tab; for a country or a region, only the share of each project attributed "
        "there, as the implementation plan attributes it (its location percentages, else the planned cost of its "
        "activities located there, else an equal split between its locations).")),
    "expenditure": (gettext_lazy("Expenditure of %(arg)s in the period"), gettext_lazy(
        "Sum of the US-dollar equivalent of the expenditure lines (disbursements and obligations) of those "
        "projects dated from the start of the period to the as-at date, as on each project's finance tab; for a "
        "country or a region, only the share attributed there, as for the budget.")),
    "scope_deliveries": (gettext_lazy("Deliveries of %(arg)s"), gettext_lazy(
        "Technical assistance deliveries of those projects ending between the start of the period and the as-at "
        "date; for a country or a region, only those that took place there (their country, or an area of the "
        "region), each counted once where it happened, and those with no place recorded when the project works "
        "only there.")),
    "scope_participants": (gettext_lazy("Participants in deliveries of %(arg)s"), gettext_lazy(
        "Sum of participants in those deliveries.")),
    "requests": (gettext_lazy("Requests for assistance from %(arg)s"), gettext_lazy(
        "Requests for technical assistance from the country (the region's countries) received between the start "
        "of the period and the as-at date, that the reader may see.")),
    "pledged": (gettext_lazy("Contributions of %(arg)s"), gettext_lazy(
        "US-dollar equivalent of the donor's contributions (pledges and agreements) to the funds of the period's "
        "biennium dated on or before the as-at date, as in the contributions register.")),
    "received": (gettext_lazy("Received from %(arg)s"), gettext_lazy(
        "US-dollar equivalent received of those contributions, as in the contributions register.")),
    "donor_spent": (gettext_lazy("Spent from the contributions of %(arg)s"), gettext_lazy(
        "US-dollar equivalent of the expenditure lines charged to those contributions, dated on or before the "
        "as-at date.")),
    "planned_cost": (gettext_lazy("Estimated cost of the activities projected for the period (%(arg)s)"),
                     gettext_lazy(
        "Sum of the planned cost of the logframe activities of visible projects that run during the period "
        "(start on or before its end, end on or after its start; undated activities take their project's dates), "
        "in United States dollars, under the expected result that the activity's output serves (else its "
        "outcome's, else its project's; an activity serving several results is counted once, under the first).")),
}
MONEY_KINDS = {"budget", "expenditure", "pledged", "received", "donor_spent", "planned_cost"}
SCOPE_ONLY = {"requests": ("country", "region"), "pledged": ("donor",), "received": ("donor",),
              "donor_spent": ("donor",)}


def scope_data(engine, spec: str) -> dict:
    key = f"scope:{spec}"
    if key not in engine._groups:
        engine._groups[key] = _compute(engine, scopes.resolve(spec, engine.user))
    return engine._groups[key]


def prefetch_programmes(engine, programmes) -> None:
    """The scope data of many programmes at once (the progress report on all regional programmes): the same rows
    and values as ``scope_data`` gives for each, from one query per kind of figure for all of their projects,
    instead of one set of queries per programme."""
    from mandates.people import permissions
    from mandates.portfolio.models import Project

    todo = [p for p in programmes if f"scope:programme={p.code}" not in engine._groups]
    if not todo:
        return
    projects = list(permissions.visible(engine.user, Project.objects.filter(programme__in=[p.pk for p in todo]))
                    .select_related("programme").order_by("code"))
    money = _money(engine, [p.pk for p in projects])
    of = defaultdict(list)
    for project in projects:
        of[project.programme_id].append(project)
    for programme in todo:
        scope = scopes.Scope(kind="programme", code=programme.code, obj=programme)
        engine._groups[f"scope:{scope.spec}"] = _assemble(engine, scope, of[programme.pk], *money)


def _compute(engine, scope) -> dict:
    projects = list(scopes.projects(scope, engine.user).select_related("programme").order_by("code"))
    ids = [p.pk for p in projects]
    finance, budget, spent, deliveries = _money(engine, ids)
    if scope.kind in ("country", "region") and ids:
        deliveries = _placed_deliveries(engine, scope, ids)
    return _assemble(engine, scope, projects, finance, budget, spent, deliveries)


def _placed_deliveries(engine, scope, ids) -> dict:
    """A country's or a region's deliveries of its projects: those that took place there (their country is the
    country, or lies in the region, or their area is the region or an area inside it), each counted once where
    it happened; a delivery with no place recorded counts there only when its project works nowhere else. A
    multi-country project's workshop in Uganda is not a delivery in Kenya; money, by contrast, is shared."""
    from django.db.models import Q

    from mandates.geography.models import Area
    from mandates.portfolio.models import ProjectLocation
    from mandates.portfolio.selectors import _areas_within

    if scope.kind == "country":
        here = Q(country=scope.obj)
        located = Q(country=scope.obj)
    else:
        areas = Area.objects.filter(_areas_within(scope.obj))
        countries = scopes.countries(scope)
        here = Q(country__in=countries) | Q(area__in=areas)
        located = Q(country__in=countries) | Q(area__in=areas)
    elsewhere = ProjectLocation.objects.filter(project_id__in=ids).exclude(located).values("project_id")
    placeless = Q(country__isnull=True, area__isnull=True) & ~Q(project_id__in=elsewhere)
    return {r["project_id"]: r for r in engine.delivery_queryset().filter(Q(project_id__in=ids) & (here | placeless))
            .order_by().values("project_id").annotate(n=Count("id"), people=Sum("participants"))}


def _money(engine, ids) -> tuple:
    """Budget and expenditure of the period, and deliveries, per project (grouped queries)."""
    from mandates.finance.models import BudgetLine, Expenditure
    from mandates.finance.selectors.sums import MoneySum, cents

    period, as_of = engine.period, engine.as_of
    finance = engine.may_see_finance()
    budget, spent = {}, {}
    if finance and ids:
        budget = {r["project_id"]: cents(r["t"]) for r in BudgetLine.objects.filter(
            is_current=True, project_id__in=ids, year__gte=period.start.year, year__lte=period.end.year)
            .order_by().values("project_id").annotate(t=MoneySum("amount"))}
        spent = {r["project_id"]: cents(r["t"]) for r in Expenditure.objects.filter(
            project_id__in=ids, date__gte=period.start, date__lte=as_of)
            .order_by().values("project_id").annotate(t=MoneySum("usd_amount"))}
    deliveries = {r["project_id"]: r for r in engine.delivery_queryset().filter(project_id__in=ids).order_by()
                  .values("project_id").annotate(n=Count("id"), people=Sum("participants"))} if ids else {}
    return finance, budget, spent, deliveries


def _assemble(engine, scope, projects, finance, budget, spent, deliveries) -> dict:
    ids = [p.pk for p in projects]
    shares, note = {}, ""
    if scope.kind in ("country", "region") and ids:
        budget, spent, shares, note = _attribute(scope, ids, budget, spent)
    rows = [{"project": p, "budget": budget.get(p.pk, Z), "expenditure": spent.get(p.pk, Z),
             "deliveries": deliveries.get(p.pk, {}).get("n", 0), "share": shares.get(p.pk),
             "participants": deliveries.get(p.pk, {}).get("people") or 0} for p in projects]
    data = {"scope": scope, "rows": rows, "finance": finance, "attribution": note,
            "values": {"projects": len(rows), "budget": sum((r["budget"] for r in rows), Z),
                       "expenditure": sum((r["expenditure"] for r in rows), Z),
                       "scope_deliveries": sum(r["deliveries"] for r in rows),
                       "scope_participants": sum(r["participants"] for r in rows)}}
    if scope.kind in ("country", "region"):
        data["values"]["requests"] = _requests(engine, scope).count()
    if scope.kind == "donor":
        data.update(_donor(engine, scope, finance))
    return data


def _attribute(scope, ids, budget: dict, spent: dict):
    """A country's or a region's share of each project's money, as the implementation plan attributes it for its
    country filter (``results.attribution``: location percentages, else the planned cost of the activities
    located there, else an equal split between the locations), each project's amount scaled to the cent."""
    from mandates.results import attribution

    place = {scope.kind: scope.obj}
    shares, how = attribution.shares(ids, **place)

    def scaled(amounts: dict) -> dict:
        return {pid: attribution.scale({"USD": v}, shares.get(pid, Decimal(0)))["USD"] for pid, v in amounts.items()}

    return scaled(budget), scaled(spent), shares, attribution.note(how, scope.name)


def _requests(engine, scope):
    from mandates.assistance import selectors

    return selectors.visible_requests(engine.user).filter(
        requesting_state__in=scopes.countries(scope), received_on__gte=engine.period.start,
        received_on__lte=engine.as_of)


def donor_contributions(engine, scope):
    from mandates.finance.selectors import registers

    return registers.contributions(engine.user, donor=scope.obj.pk, biennium=engine.period.code).filter(
        date__lte=engine.as_of)


def _donor(engine, scope, finance: bool) -> dict:
    from mandates.finance.models import Expenditure
    from mandates.finance.selectors.sums import MoneySum, cents

    if not finance:
        return {"contributions": []}
    qs = donor_contributions(engine, scope)
    contributions = list(qs)
    spent = {r["contribution_id"]: cents(r["t"]) for r in Expenditure.objects.filter(
        contribution__in=qs.values("pk"), date__lte=engine.as_of).order_by().values("contribution_id")
        .annotate(t=MoneySum("usd_amount"))}
    for c in contributions:
        c.spent = spent.get(c.pk, Z)
    values = {"pledged": sum((cents(c.usd_amount) for c in contributions), Z),
              "received": sum((cents(c.received_usd) for c in contributions), Z),
              "donor_spent": sum(spent.values(), Z)}
    return {"contributions": contributions, "values_donor": values}


def planned_cost_data(engine) -> dict:
    """Activities running during the period, with their cost, grouped by the expected result their output serves
    (activity -> output -> outcome -> project: the output's result, else its outcome's, else its project's; the
    first by code when there are several). Five queries whatever the number of activities."""
    if "planned_cost" in engine._groups:
        return engine._groups["planned_cost"]
    from django.db.models import Min

    from mandates.people import permissions
    from mandates.portfolio.models import Activity, Outcome, Output, Project

    period = engine.period
    visible = permissions.visible(engine.user, Project.objects.all()).values("pk")
    starts = Q(start_date__lte=period.end) | Q(start_date__isnull=True, output__outcome__project__start_date__lte=period.end)
    ends = Q(end_date__gte=period.start) | Q(end_date__isnull=True, output__outcome__project__end_date__gte=period.start)
    qs = Activity.objects.filter(starts, ends, output__outcome__project__in=visible)
    grouped = list(qs.order_by().values("output_id", "output__outcome_id", "output__outcome__project_id", "currency")
                   .annotate(n=Count("id"), cost=Sum("planned_cost")))

    def first(model, field, ids):
        return {r[field]: r["first"] for r in model.results.through.objects.filter(**{f"{field}__in": ids}).order_by()
                .values(field).annotate(first=Min("strategynode__code"))}

    of_output = first(Output, "output_id", qs.values("output_id"))
    of_outcome = first(Outcome, "outcome_id", qs.values("output__outcome_id"))
    of_project = first(Project, "project_id", qs.values("output__outcome__project_id"))
    result_of: dict[int, str] = {}
    groups: dict[str, dict] = defaultdict(lambda: {"activities": 0, "cost": defaultdict(lambda: Z), "projects": set()})
    for r in grouped:
        code = (of_output.get(r["output_id"]) or of_outcome.get(r["output__outcome_id"])
                or of_project.get(r["output__outcome__project_id"]) or "")
        result_of[r["output_id"]] = code
        g = groups[code]
        g["activities"] += r["n"]
        g["cost"][r["currency"]] += r["cost"] or Z
        g["projects"].add(r["output__outcome__project_id"])
    data = {"groups": dict(groups), "activities": qs, "result_of": result_of}
    engine._groups["planned_cost"] = data
    return data


def compute(engine, kind: str, arg: str, fact) -> None:
    """Fill in a scoped fact (value, status, unit, label, filters)."""
    from django.utils.translation import gettext as _

    from .facts import NO_DATA, NOT_PERMITTED, USD
    from .periods import ReportError

    label, definition = KINDS[kind]
    if kind in MONEY_KINDS:
        fact.unit = USD
    if kind == "planned_cost":
        fact.filters = {**engine.base_filters(), "result": arg, "currency": "USD"}
        fact.label = str(label) % {"arg": _("all expected results") if arg == "all" else arg}
        fact.definition = str(definition)
        groups = planned_cost_data(engine)["groups"]
        chosen = [g for code, g in groups.items() if arg == "all" or code == arg]
        if not chosen:
            fact.status = NO_DATA
        else:
            fact.value = sum((g["cost"].get("USD", Z) for g in chosen), Z)
        return
    data = scope_data(engine, arg)
    scope = data["scope"]
    allowed = SCOPE_ONLY.get(kind)
    if allowed and scope.kind not in allowed:
        raise ReportError(f"{kind} needs a {' or '.join(allowed)} subject, not {scope.kind}.")
    fact.subject = scope.name
    fact.label, fact.definition = str(label) % {"arg": scope.name}, str(definition)
    fact.filters = {**engine.base_filters(), scope.kind: scope.code}
    if kind in MONEY_KINDS and not data["finance"]:
        fact.status = NOT_PERMITTED
        return
    values = {**data["values"], **data.get("values_donor", {})}
    if kind in ("budget", "expenditure", "scope_deliveries", "scope_participants") and not data["rows"]:
        fact.status = NO_DATA
    elif kind in ("pledged", "received", "donor_spent") and not data.get("contributions"):
        fact.status = NO_DATA
    else:
        fact.value = values[kind]


def records(engine, fact, out: dict) -> None:
    """The records behind a scoped fact, for the page a click on the figure opens."""
    from django.urls import reverse
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    def money(v):
        return number_format(v, 2, force_grouping=True)

    if fact.kind == "planned_cost":
        out["headings"] = [_("Activity"), _("Project"), _("Result"), _("Start"), _("End"), _("Planned cost"),
                           _("Currency")]
        data = planned_cost_data(engine)
        for a in data["activities"].select_related("output__outcome__project").order_by(
                "output__outcome__project__code", "code"):
            p, result = a.output.outcome.project, data["result_of"].get(a.output_id, "")
            if fact.arg != "all" and result != fact.arg:
                continue
            out["rows"].append(([f"{a.code} {a.title}", p.code, result, a.start_date or "", a.end_date or "",
                                 money(a.planned_cost), a.currency], reverse("portfolio:project_detail", args=[p.pk])))
        return
    data = scope_data(engine, fact.arg)
    if fact.kind == "requests":
        out["headings"] = [_("Reference"), _("State"), _("Received"), _("Subject"), _("Status")]
        for r in _requests(engine, data["scope"]).select_related("requesting_state").order_by("received_on"):
            out["rows"].append(([r.reference, r.requesting_state.name, r.received_on.isoformat(), r.subject,
                                 r.get_status_display()], reverse("assistance:detail", args=[r.pk])))
    elif fact.kind in ("pledged", "received", "donor_spent"):
        out["headings"] = [_("Reference"), _("Date"), _("Earmarked to"), _("Amount (USD)"), _("Received (USD)"),
                           _("Spent (USD)")]
        for c in data.get("contributions", []):
            out["rows"].append(([c.reference, c.date.isoformat(), earmark(c), money(c.usd_amount),
                                 money(c.received_usd), money(c.spent)], ""))
    else:
        out["headings"] = [_("Project"), _("Budget (USD)"), _("Expenditure (USD)"), _("Deliveries"),
                           _("Participants")] + ([_("Share attributed")] if data["attribution"] else [])
        for r in data["rows"]:
            share = [percent(r["share"])] if data["attribution"] else []
            out["rows"].append(([f"{r['project'].code} {r['project'].title}", money(r["budget"]),
                                 money(r["expenditure"]), r["deliveries"], r["participants"], *share],
                                reverse("portfolio:project_detail", args=[r["project"].pk])))


def percent(share) -> str:
    """A share between 0 and 1 as a table cell in the document's language (CLDR): 30%, 33.33%, 30 %, 33,33 %."""
    from babel.numbers import format_percent

    from .document import numbering

    if share is None:
        return ""
    value = (Decimal(share) * 100).quantize(Decimal("0.01")) / 100
    return format_percent(value, locale=numbering()["locale"], decimal_quantization=False)


def earmark(c) -> str:
    target = c.project or c.programme or c.area or c.theme
    return f"{c.get_earmarking_display()}{': ' + str(target) if target else ''}"


__all__ = ["KINDS", "compute", "prefetch_programmes", "records", "scope_data"]
