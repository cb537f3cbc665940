"""Generated work units, partners, programmes, projects with full logframes, indicators, values and deliveries."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from . import SIZES
from .bulk import Row

WORDS = ("justice", "border", "prison", "corruption", "trafficking", "money-laundering", "prevention",
         "treatment", "forensics", "cybercrime", "maritime", "container", "witness protection", "police",
         "prosecution", "alternative development", "HIV", "firearms", "terrorism", "data collection")
PLACES = ("Nairobi", "Dakar", "Bangkok", "Panama", "Belgrade", "Tashkent", "Kabul", "Lima", "Cairo", "Hanoi")


def generate(ctx) -> None:
    from mandates.geography.models import Country
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    ctx.period = StrategyPeriod.objects.get(code="2008-2011")
    ctx.results = list(StrategyNode.objects.filter(period=ctx.period, level=ctx.period.result_level)
                       .order_by("sort_key" if hasattr(StrategyNode, "sort_key") else "pk"))
    ctx.countries = list(Country.objects.order_by("iso3"))
    _units(ctx)
    _partners(ctx)
    _programmes(ctx)
    _projects(ctx)
    _logframes(ctx)
    _indicators_and_values(ctx)
    _deliveries(ctx)


def _title(ctx, kind: str) -> str:
    a, b = ctx.rng.sample(WORDS, 2)
    return f"{kind} on {a} and {b}"


def _units(ctx) -> None:
    from mandates.organisation.models import WorkUnit
    from mandates.organisation.services import create_work_unit

    root = WorkUnit.objects.get_root_nodes().first()
    if root is None:
        root = create_work_unit(by=None, code="HQ", name="Headquarters", kind="office", location="Vienna")
    units = []
    for i in range(ctx.n("work_units")):
        country = ctx.rng.choice(ctx.countries)
        units.append(create_work_unit(
            by=None, parent=root, code=f"{ctx.prefix}U{i:04}", name=f"Field office {i} ({country.name})",
            kind="country_office" if i % 3 else "regional_office", location=PLACES[i % len(PLACES)],
            country=country))
        ctx.tick("work units", i + 1, ctx.n("work_units"))
    ctx.units = units
    ctx.counts["work units"] = len(units)


def _partners(ctx) -> None:
    from mandates.partners.models import Partner

    kinds = [k for k, _ in Partner.Kind.choices]
    ctx.partners = ctx.bulk(Partner, (
        Row(name=f"{ctx.prefix}Partner {i:05}", acronym=f"P{i}", kind=kinds[i % len(kinds)])
        for i in range(ctx.n("partners"))), "partners")


def _programmes(ctx) -> None:
    from mandates.portfolio.models import Programme, ProgrammeComponent

    kinds = ["regional", "thematic", "global", "country"]
    statuses = ["in_implementation"] * 6 + ["endorsed", "under_evaluation", "closed", "draft"]
    progs = ctx.bulk(Programme, (
        Row(code=f"{ctx.prefix}PR{i:05}", title=_title(ctx, "Programme"), kind=kinds[i % 4],
                  summary="Generated for measuring scale.", strategy_period=ctx.period,
                  start_date=date(2008, 1, 1), end_date=date(2011, 12, 31), status=ctx.rng.choice(statuses),
                  lead_unit=ctx.rng.choice(ctx.units), is_public=i % 10 != 0)
        for i in range(ctx.n("programmes"))), "programmes")
    ctx.bulk(ProgrammeComponent, (
        Row(programme=p, code=f"C{k}", title=_title(ctx, "Component"))
        for p in progs for k in (1, 2)), "programme components")
    through = Programme.results.through
    ctx.bulk(through, (Row(programme_id=p.pk, strategynode_id=r.pk)
                       for p in progs for r in ctx.rng.sample(ctx.results, 3)))
    ctx.programmes = progs


def _projects(ctx) -> None:
    from mandates.portfolio.models import Project, ProjectLocation, ProjectPartner

    statuses = ["in_implementation"] * 12 + ["approved", "submitted", "draft", "completed", "closed", "suspended"]
    rows = []
    for i in range(ctx.n("projects")):
        start = date(2008, 1, 1) + timedelta(days=ctx.rng.randrange(0, 700))
        end = start + timedelta(days=ctx.rng.randrange(365, 1400))
        status = ctx.rng.choice(statuses)
        programme = ctx.rng.choice(ctx.programmes) if i % 5 else None
        rows.append(Row(
            code=f"{ctx.prefix}{i:06}", title=_title(ctx, "Strengthening capacity"),
            objective="To strengthen national capacity (generated).", programme=programme,
            strategy_period=ctx.period, lead_unit=ctx.rng.choice(ctx.units), start_date=start,
            end_date=min(end, date(2013, 12, 31)), status=status,
            iati_identifier=f"XM-DAC-41128-{ctx.prefix}{i:06}",
            is_public=status not in ("draft", "submitted") and i % 9 != 0))
    ctx.projects = ctx.bulk(Project, rows, "projects")
    locations, partner_rows = [], []
    through = Project.results.through
    result_rows = []
    for p in ctx.projects:
        chosen = ctx.rng.sample(ctx.countries, ctx.rng.choice((1, 1, 2, 3)))
        ctx.project_countries[p.pk] = chosen
        shares = _split_percent(ctx, len(chosen))
        locations += [Row(project=p, country=c, percentage=s) for c, s in zip(chosen, shares)]
        for partner in ctx.rng.sample(ctx.partners, min(2, len(ctx.partners))):
            partner_rows.append(Row(project=p, partner=partner,
                                               role=ctx.rng.choice(("implementing", "cooperating", "funding"))))
        result_rows += [Row(project_id=p.pk, strategynode_id=r.pk) for r in ctx.rng.sample(ctx.results, 2)]
    ctx.bulk(ProjectLocation, locations, "project locations")
    ctx.bulk(ProjectPartner, partner_rows, "project partners")
    ctx.bulk(through, result_rows, "project results")


def _split_percent(ctx, parts: int) -> list[Decimal]:
    if parts == 1:
        return [Decimal("100.00")]
    cuts = sorted(ctx.rng.sample(range(5, 96), parts - 1))
    bounds = [0, *cuts, 100]
    return [Decimal(bounds[k + 1] - bounds[k]).quantize(Decimal("0.01")) for k in range(parts)]


def _logframes(ctx) -> None:
    """Two outcomes, five outputs (2 + 3) and ten activities (two per output) per project."""
    from mandates.portfolio.models import Activity, Outcome, Output

    outcomes = ctx.bulk(Outcome, (Row(project=p, code=f"OC{k}", title=_title(ctx, "Improved practice"))
                                  for p in ctx.projects for k in (1, 2)), "outcomes")
    outputs = ctx.bulk(Output, (Row(outcome=o, code=f"OP{o.code[2:]}.{k}", title=_title(ctx, "Training"))
                                for o in outcomes for k in range(1, 3 if o.code == "OC1" else 4)), "outputs")
    by_project = {p.pk: p for p in ctx.projects}
    outcome_project = {o.pk: o.project_id for o in outcomes}
    rows = []
    for out in outputs:
        project = by_project[outcome_project[out.outcome_id]]
        for k in (1, 2):
            start = project.start_date + timedelta(days=ctx.rng.randrange(0, 300))
            rows.append(Row(
                output=out, code=f"A{out.code[2:]}.{k}", title=_title(ctx, "Workshop"),
                country=ctx.rng.choice(ctx.project_countries[project.pk]), start_date=start,
                end_date=start + timedelta(days=ctx.rng.randrange(2, 120)),
                responsible_unit=project.lead_unit, planned_cost=Decimal(ctx.rng.randrange(5, 400) * 1000),
                currency="USD"))
    ctx.outputs = outputs
    ctx.output_project = {out.pk: outcome_project[out.outcome_id] for out in outputs}
    ctx.activities = ctx.bulk(Activity, rows, "activities")
    ctx.outcomes = outcomes


def _indicators_and_values(ctx) -> None:
    """Five indicators per project (one per outcome, three on outputs), a target and a value a year."""
    from mandates.results.models import DisaggregatedValue, Indicator, IndicatorTarget, IndicatorValue

    by_project = {p.pk: p for p in ctx.projects}
    rows = []
    for o in ctx.outcomes:
        rows.append(Row(code=f"{o.code}-I1", title="Share of trained officials applying the practice",
                              outcome=o, project_id=o.project_id, kind="percentage", unit="%",
                              aggregation="latest", baseline_value=Decimal("10"), baseline_date=date(2008, 1, 1),
                              start_year=2008, end_year=2011))
    outputs_by_project: dict[int, list] = {}
    for out in ctx.outputs:
        outputs_by_project.setdefault(ctx.output_project[out.pk], []).append(out)
    for project_id, outs in outputs_by_project.items():
        for out in outs[:3]:
            rows.append(Row(code=f"{out.code}-I1", title="Officials trained", output=out, project_id=project_id,
                                  kind="number", unit="officials trained", aggregation="sum",
                                  disaggregate_by=["sex"], baseline_value=Decimal("0"),
                                  start_year=2008, end_year=2011))
    indicators = ctx.bulk(Indicator, rows, "indicators")
    ctx.bulk(IndicatorTarget, (Row(indicator=i, year=y, value=Decimal(ctx.rng.randrange(20, 200)))
                               for i in indicators for y in range(2008, 2012)), "indicator targets")
    values = []
    for ind in indicators:
        project = by_project[ind.project_id]
        for year in range(2008, 2012):
            approved = ctx.rng.random() < 0.8
            values.append(Row(
                indicator=ind, year=year, value=Decimal(ctx.rng.randrange(5, 150)),
                status="approved" if approved else ctx.rng.choice(("submitted", "returned")),
                note=f"Generated for {project.code}"))
    values = ctx.bulk(IndicatorValue, values, "indicator values")
    kinds = {i.pk: i.kind for i in indicators}
    breakdown = []
    for v in values:
        if kinds[v.indicator_id] == "number":
            female = (v.value * Decimal("0.4")).quantize(Decimal("1"))
            breakdown += [Row(value=v, dimension="sex", category="female", amount=female),
                          Row(value=v, dimension="sex", category="male", amount=v.value - female)]
    ctx.bulk(DisaggregatedValue, breakdown, "disaggregated values")
    ctx.indicators = indicators


def _deliveries(ctx) -> None:
    from mandates.results.models import Delivery, DeliveryParticipants

    kinds = ["workshop", "training", "training", "advisory_mission", "legislative_assistance", "publication"]
    activities_by_output: dict[int, list] = {}
    for a in ctx.activities:
        activities_by_output.setdefault(a.output_id, []).append(a)
    outputs = ctx.outputs
    rows = []
    for i in range(len(ctx.projects) * SIZES["deliveries_per_project"]):
        out = outputs[i % len(outputs)]
        act = ctx.rng.choice(activities_by_output[out.pk])
        kind = kinds[i % len(kinds)]
        rows.append(Row(
            kind=kind, publication_type="handbook" if kind == "publication" else "",
            title=_title(ctx, "Delivery"), project_id=ctx.output_project[out.pk], output=out, activity=act,
            start_date=act.start_date, end_date=act.end_date, place=PLACES[i % len(PLACES)], country=act.country,
            participants=0 if kind == "publication" else ctx.rng.randrange(8, 60)))
    deliveries = ctx.bulk(Delivery, rows, "deliveries")
    people = []
    for d in deliveries:
        if d.participants:
            female = d.participants * 2 // 5
            people += [Row(delivery=d, dimension="sex", category="female", count=female),
                       Row(delivery=d, dimension="sex", category="male",
                                            count=d.participants - female)]
    ctx.bulk(DeliveryParticipants, people, "delivery participants")
