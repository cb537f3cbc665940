"""Reads of the IATI export: what the activity and organisation files publish, as plain rows.

Projects are read in batches of ``CHUNK``. Each batch costs a fixed number of set-based queries (one
per kind of part: locations, partners, strategy results, outcomes, outputs, contributions, budgets,
revisions, expenditure per month, indicators, targets, approved values, their breakdown), each read
with ``values_list``: no model instance per element and no query per project, so the export's time
follows the number of rows and its memory the size of one batch. The long id lists go as one
parameter (``core.ids.InIds``). Which projects are published is ``selectors.published_q``.
"""
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Func, IntegerField
from django.utils import timezone

from mandates.core.ids import InIds
from mandates.finance.selectors.sums import MoneySum, cents

from .selectors import (
    DONOR_TYPE,
    OFFICE_NAME,
    OFFICE_REF,
    OFFICE_TYPE,
    PARTNER_ROLE,
    PARTNER_TYPE,
    identifier_of,
    public_projects,
    published_q,
    sector_for,
    sector_map,
    split_100,
)

CHUNK = 250
PROJECT_FIELDS = ("pk", "code", "title", "description", "objective", "status", "start_date", "end_date", "updated_at",
                  "iati_identifier")
LOCATION_FIELDS = ("project_id", "pk", "percentage", "country_id", "country__iso2", "country__name", "area_id",
                   "area__m49_code", "area__level")
Location = namedtuple("Location", ["pk", "percentage", "country_id", "iso2", "country_name", "area_id", "m49_code",
                                   "area_level"])
CENT = Decimal("0.01")
HUNDRED = Decimal(100)
OFFICE_ROLES = ({"role": "2", "name": OFFICE_NAME, "ref": OFFICE_REF, "type": OFFICE_TYPE},
                {"role": "3", "name": OFFICE_NAME, "ref": OFFICE_REF, "type": OFFICE_TYPE})


class YearMonth(Func):
    """``year * 100 + month`` of a date, computed by the database itself.

    Django's ``ExtractYear``/``ExtractMonth`` call back into Python for every row on SQLite (two calls
    per expenditure line, 95,000 at N=1); there a date is ISO text, so its digits are read in SQL.
    """

    output_field = IntegerField()
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) * 100 + EXTRACT(MONTH FROM %(expressions)s) AS integer)"
    sqlite_template = "CAST(substr(%(expressions)s, 1, 4) || substr(%(expressions)s, 6, 2) AS integer)"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template=self.sqlite_template, **extra_context)


class Year(YearMonth):
    """The year of a date (as ``YearMonth``, without the month)."""

    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS integer)"
    sqlite_template = "CAST(substr(%(expressions)s, 1, 4) AS integer)"


@dataclass
class IndicatorExport:
    row: tuple  # Indicator fields (``INDICATOR_FIELDS``) as a named row
    targets: dict = field(default_factory=dict)  # year -> (value, text)
    actuals: dict = field(default_factory=dict)  # year -> (value, text, [(dimension, category, amount)])


@dataclass
class ProjectExport:
    project: tuple  # ``PROJECT_FIELDS`` as a named row
    identifier: str
    scope: str = "4"
    participants: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    locations: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    budgets: list = field(default_factory=list)
    transactions: list = field(default_factory=list)  # (ref, type, date, amount, description, provider)
    results: list = field(default_factory=list)


INDICATOR_FIELDS = ("pk", "project_id", "outcome_id", "output_id", "kind", "title", "definition", "baseline_value",
                    "baseline_date", "baseline_text", "start_year")


def projects_for_export(projects=None):
    """Yield a ``ProjectExport`` per published project, in code order, a batch of projects at a time."""
    qs = (projects if projects is not None else public_projects()).filter(published_q()).order_by("code")
    rows = list(qs.values_list(*PROJECT_FIELDS, named=True))
    today = timezone.localdate()
    month_ends = {}
    for start in range(0, len(rows), CHUNK):
        batch = rows[start:start + CHUNK]
        parts = _read_parts([r.pk for r in batch])
        for project in batch:
            yield _build(project, parts, today, month_ends)


def _read_parts(ids) -> dict:
    """Every part of a batch of projects, grouped by project: a fixed number of queries."""
    from mandates.finance.models import BudgetLine, Contribution, Expenditure
    from mandates.portfolio.models import Outcome, Output, Project, ProjectLocation, ProjectPartner
    from mandates.results.models import DisaggregatedValue, Indicator, IndicatorTarget, IndicatorValue

    parts = defaultdict(lambda: defaultdict(list))
    in_batch = InIds("project_id", ids)
    for row in (ProjectLocation.objects.filter(in_batch).order_by("project_id", *ProjectLocation.ORDER)
                .values_list(*LOCATION_FIELDS)):
        parts["locations"][row[0]].append(Location(*row[1:]))
    for row in (ProjectPartner.objects.filter(in_batch).order_by("project_id", "role", "partner__name")
                .values_list("project_id", "role", "partner__name", "partner__iati_organisation_ref", "partner__kind")):
        parts["partners"][row[0]].append(row[1:])
    for project_id, code in (Project.results.through.objects.filter(in_batch)
                             .values_list("project_id", "strategynode__code")):
        parts["results"][project_id].append(code)
    outcomes = {}
    for project_id, pk, code, title in (Outcome.objects.filter(in_batch).order_by("project_id", "code")
                                        .values_list("project_id", "pk", "code", "title")):
        outcomes[pk] = []
        parts["outcomes"][project_id].append((pk, code, title, outcomes[pk]))
    for outcome_id, pk, code, title in (Output.objects.filter(InIds("outcome__project_id", ids))
                                        .order_by("outcome_id", "code")
                                        .values_list("outcome_id", "pk", "code", "title")):
        outcomes[outcome_id].append((pk, code, title))
    for row in (Contribution.objects.filter(in_batch).order_by("date", "pk")
                .values_list("project_id", "reference", "date", "usd_amount", "received_usd", "donor_id",
                             "donor__name", "donor__iati_organisation_ref", "donor__kind")):
        parts["contributions"][row[0]].append(row[1:])
    current = BudgetLine.objects.filter(in_batch, is_current=True).order_by()
    for project_id, year, total in (current.values("project_id", "year").annotate(total=MoneySum("amount"))
                                    .order_by("project_id", "year").values_list("project_id", "year", "total")):
        parts["budgets"][project_id].append((year, cents(total)))
    parts["revised"] = set(current.filter(revision__number__gt=0).values_list("project_id", flat=True).distinct())
    for project_id, month, kind, total in (
            Expenditure.objects.filter(in_batch).annotate(month=YearMonth("date"))
            .values("project_id", "month", "kind").annotate(total=MoneySum("usd_amount"))
            .order_by("project_id", "month", "kind").values_list("project_id", "month", "kind", "total")):
        parts["spending"][project_id].append((month, kind, total))
    indicators = {}
    for row in (Indicator.objects.filter(in_batch).order_by("code", "pk")
                .values_list(*INDICATOR_FIELDS, named=True)):
        indicators[row.pk] = IndicatorExport(row)
        parts["indicators"][row.project_id].append(indicators[row.pk])
    in_indicators = InIds("indicator__project_id", ids)
    for indicator_id, year, value, text in (IndicatorTarget.objects.filter(in_indicators).order_by()
                                            .values_list("indicator_id", "year", "value", "text")):
        indicators[indicator_id].targets[year] = (value, text)
    breakdown = defaultdict(list)
    for value_id, dimension, category, amount in (
            DisaggregatedValue.objects.filter(InIds("value__indicator__project_id", ids), value__status="approved")
            .order_by("value_id", "dimension", "category").values_list("value_id", "dimension", "category", "amount")):
        breakdown[value_id].append((dimension, category, amount))
    for pk, indicator_id, year, value, text in (
            IndicatorValue.objects.filter(in_indicators, status="approved").order_by()
            .values_list("pk", "indicator_id", "year", "value", "text")):
        indicators[indicator_id].actuals[year] = (value, text, breakdown.get(pk, ()))
    return parts


def _build(project, parts, today, month_ends) -> ProjectExport:
    pk = project.pk
    p = ProjectExport(project, identifier_of(project))
    contributions = parts["contributions"].get(pk, ())
    donors = {}
    for c in contributions:
        donors.setdefault(c[4], c)
    for c in donors.values():
        p.participants.append({"role": "1", "name": c[5], "ref": c[6], "type": DONOR_TYPE.get(c[7], "90")})
    p.participants.extend(OFFICE_ROLES)
    for role, name, ref, kind in parts["partners"].get(pk, ()):
        if role in PARTNER_ROLE:
            p.participants.append({"role": PARTNER_ROLE[role], "name": name, "ref": ref,
                                   "type": PARTNER_TYPE.get(kind, "90")})
    places(p, parts["locations"].get(pk, ()))
    codes = sorted({sector_for(code) for code in parts["results"].get(pk, ())}) or [sector_map()["*"]]
    p.sectors = list(zip(codes, split_100(len(codes))))
    kind = "2" if pk in parts["revised"] else "1"
    start_date, end_date = project.start_date, project.end_date
    for year, amount in parts["budgets"].get(pk, ()):
        start = max(date(year, 1, 1), start_date) if start_date.year == year else date(year, 1, 1)
        end = min(date(year, 12, 31), end_date) if end_date.year == year else date(year, 12, 31)
        if end < start:
            start, end = date(year, 1, 1), date(year, 12, 31)
        p.budgets.append((kind, start, end, amount))
    p.transactions = _transactions(contributions, parts["spending"].get(pk, ()), today, month_ends)
    p.results = _results(parts["outcomes"].get(pk, ()), parts["indicators"].get(pk, ()))
    return p


def places(p: ProjectExport, locations) -> None:
    """Recipient countries and regions with their percentages, the locations and the activity scope."""
    countries = [loc for loc in locations if loc.country_id]
    regions = [loc for loc in locations if loc.area_id]
    given = [loc.percentage for loc in locations]
    if all(v is not None for v in given) and sum(given) == 100:
        shares = [v.quantize(CENT) for v in given]
    else:
        shares = split_100(len(locations))
    share = dict(zip([loc.pk for loc in locations], shares))
    single = len(locations) == 1
    p.countries = [(loc.iso2, None if single else share[loc.pk]) for loc in countries]
    p.regions = [(loc.m49_code, None if single else share[loc.pk]) for loc in regions]
    p.locations = [(loc.iso2, loc.country_name) for loc in countries]
    if any(loc.area_level == "world" for loc in regions):
        p.scope = "1"
    elif regions or len(countries) > 1:
        p.scope = "2" if regions else "3"
    else:
        p.scope = "4"


def _transactions(contributions, spending, today, month_ends) -> list[tuple]:
    rows = []
    for ref, when, usd, received, _donor, name, org_ref, kind in contributions:
        provider = (name, org_ref, DONOR_TYPE.get(kind, "90"))
        when = min(when, today)
        rows.append((ref, "11", when, cents(usd), "Contribution agreed", provider))
        if received:
            rows.append((f"{ref}-received", "1", when, cents(received), "Contribution received", provider))
    for month, kind, total in spending:
        when = month_ends.get(month)
        if when is None:
            year, m = divmod(month, 100)
            when = month_ends[month] = min(date.fromordinal(date(year + (m == 12), m % 12 + 1, 1).toordinal() - 1),
                                           today)
        if kind == "obligation":
            rows.append((None, "2", when, cents(total), "Unliquidated obligations", None))
        else:
            rows.append((None, "4", when, cents(total), "Expenditure", None))
    return rows


def _results(outcomes, indicators) -> list[dict]:
    by_object = defaultdict(list)
    for ind in indicators:
        row = ind.row
        by_object[("outcome", row.outcome_id) if row.outcome_id else ("output", row.output_id)].append(ind)
    results = []
    for pk, code, title, outputs in outcomes:
        if by_object.get(("outcome", pk)):
            results.append({"type": "2", "title": f"{code} {title}", "indicators": by_object[("outcome", pk)]})
        for output_pk, output_code, output_title in outputs:
            if by_object.get(("output", output_pk)):
                results.append({"type": "1", "title": f"{output_code} {output_title}",
                                "indicators": by_object[("output", output_pk)]})
    return results


def organisation_figures() -> dict:
    """Per year: total budget and expenditure of published projects; budgets per recipient country.
    Three grouped queries and the locations of the published projects, as rows."""
    from mandates.finance.models import BudgetLine, Expenditure
    from mandates.portfolio.models import ProjectLocation

    published = public_projects().values("pk")
    budget_rows = list(BudgetLine.objects.filter(project_id__in=published, is_current=True).order_by()
                       .values("project_id", "year").annotate(total=MoneySum("amount"))
                       .values_list("project_id", "year", "total"))
    budget = defaultdict(Decimal)
    for _project, year, total in budget_rows:
        budget[year] += cents(total)
    spent = defaultdict(Decimal)
    for year, total in (Expenditure.objects.filter(project_id__in=published).annotate(year=Year("date"))
                        .order_by().values("year").annotate(total=MoneySum("usd_amount")).values_list("year", "total")):
        spent[year] += cents(total)
    locations = defaultdict(list)
    for row in (ProjectLocation.objects.filter(project_id__in=published).order_by("pk")
                .values_list(*LOCATION_FIELDS)):
        locations[row[0]].append(Location(*row[1:]))
    shares = {}
    country_budget = defaultdict(Decimal)
    for project_id, year, total in budget_rows:
        countries = shares.get(project_id)
        if countries is None:
            p = ProjectExport(None, "")
            places(p, locations.get(project_id, ()))
            countries = shares[project_id] = p.countries
        for code, share in countries:
            part = cents(cents(total) * (share if share is not None else HUNDRED) / 100)
            country_budget[(code, year)] += part
    return {"budget": sorted(budget.items()), "expenditure": sorted(spent.items()),
            "country_budget": sorted((code, year, amount) for (code, year), amount in country_budget.items())}
