"""The money on the portal: budget and spending of published projects, summed in the database by
project, year and donor, then shared out over countries and expected results in exact Decimals.

A project's money is shared between its locations by their percentages (equally when none is
given) and between its expected results equally. Filters narrow the projects and weigh their money
by the share that falls in the chosen country and theme, so a filtered total equals the matching
row of the unfiltered tables.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Max

from mandates.core.ids import InIds
from mandates.core.year import Year
from mandates.finance.models import BudgetLine, Contribution, Donor, Expenditure
from mandates.finance.selectors.sums import CENT, MoneySum
from mandates.geography.models import Area, Country
from mandates.geography.names import place_name
from mandates.portfolio.models import Project, ProjectLocation
from mandates.strategy.models import StrategyNode
from mandates.strategy.models.node import Track

from ..filters import Filters
from . import public

ZERO = Decimal(0)
ONE = Decimal(1)


def money(value: Decimal) -> Decimal:
    return (value or ZERO).quantize(CENT)


DONORS_SHOWN = 25  # the donors a page lists by name; the downloads list them all


def largest(rows: list, shown: int | None = None) -> list:
    """The first ``shown`` donors of ``rows`` (sorted by spending, largest first), the spending attributed to no
    donor wherever it falls (it is not another donor), and one row adding up the other donors, ``{"others": how
    many, "listed": how many are listed, "spent": their sum}``, so that the table still adds up to the total; every row when no more than one
    would be added up. The others' row also says how many donors are ``listed`` by name. At N=20 the overview listed 3,490 donors: 664 kB of its 755."""
    shown = DONORS_SHOWN if shown is None else shown
    listed, rest, named = [], [], 0
    for row in rows:
        if row.get("donor") is None:
            listed.append(row)
        elif named < shown:
            listed.append(row)
            named += 1
        else:
            rest.append(row)
    if len(rest) <= 1:
        return rows
    return [*listed, {"others": len(rest), "listed": named, "spent": money(sum((r["spent"] for r in rest), ZERO))}]


def filtered_projects(filters: Filters):
    """Published projects matching the filters (one queryset, no duplicates)."""
    qs = public.projects()
    if filters.country:
        qs = qs.filter(locations__country=filters.country)
    if filters.theme:
        qs = qs.filter(results__period_id=filters.theme.period_id, results__sort_key__startswith=filters.theme.sort_key)
    if filters.donor:
        donor = filters.donor
        funded = Expenditure.objects.filter(contribution__donor=donor).values("project_id")
        qs = qs.filter(pk__in=funded) | qs.filter(contributions__donor=donor)
    if filters.year:
        qs = qs.filter(start_date__year__lte=filters.year, end_date__year__gte=filters.year)
    return Project.objects.filter(pk__in=qs.values("pk"))


def spending_rows(filters: Filters, projects=None):
    """Spending (disbursements and adjustments, USD) grouped by project, year and donor — in the database."""
    projects = projects if projects is not None else filtered_projects(filters)
    qs = Expenditure.objects.filter(project__in=projects.values("pk")).exclude(kind=Expenditure.Kind.OBLIGATION)
    if filters.year:
        qs = qs.filter(date__year=filters.year)
    if filters.donor:
        qs = qs.filter(contribution__donor=filters.donor)
    # Grouped by year and donor before the project, and not ordered (``compute`` adds up in dicts): grouped or
    # ordered by project first, PostgreSQL read the ledger through the project index in order (a merge join
    # with the published projects, a million heap fetches, then a sort) — 1.7 times the time of a plain scan
    # hashed by group, the floor's plan, which this order gets.
    return (qs.annotate(year=Year("date")).values("year", "contribution__donor_id", "project_id")
            .annotate(total=MoneySum("usd_amount"))
            .values("project_id", "year", "total", donor_id=F("contribution__donor_id")).order_by())


#: Up to this many projects, ``compute`` reads their budget and their spending by the list of their ids rather than
#: by the projects' query again as a subquery (a country's page: half the SQL time and no nested query to compile or
#: plan, pages7). The spending is then summed per contribution without joining the contributions
#: (``spending_by_contribution``): joined, PostgreSQL looked each of a country's 3,000-6,000 lines' contribution up
#: (or, by the ids, hashed every contribution); grouped first, a few hundred contributions are read afterwards.
BUDGET_BY_IDS = 1000


def spending_by_contribution(filters: Filters, ids: list) -> tuple[list, dict]:
    """``spending_rows`` of the projects ``ids`` (no donor filter) as ``(project, year, donor, total)`` tuples,
    and their donors by id: summed in the database by project, year and contribution, then the contributions'
    donors read (one query) and the sums of a donor's contributions added up here. The sums are
    exact (``numeric`` in PostgreSQL, whole cents in SQLite, Decimals here), so they are the joined query's to the
    cent (open11: at N=20 a country's spending in 2.5-5 ms of PostgreSQL instead of 5-15)."""
    qs = Expenditure.objects.filter(InIds("project_id", ids)).exclude(kind=Expenditure.Kind.OBLIGATION)
    if filters.year:
        qs = qs.filter(date__year=filters.year)
    rows = list(qs.annotate(year=Year("date")).values("project_id", "year", "contribution_id")
                .annotate(total=MoneySum("usd_amount")).order_by()
                .values_list("project_id", "year", "contribution_id", "total"))
    contributions = {r[2] for r in rows if r[2] is not None}
    donor_of, donors = {}, {}
    if contributions:
        # Each contribution's donor, read with it in one query as the donor's columns, and made a Donor as the ORM
        # makes one (``from_db``) once per donor: no Contribution instances (they cost more than the query).
        names = [f.attname for f in Donor._meta.concrete_fields]
        for pk, *columns in Contribution.objects.filter(InIds("id", contributions)).values_list(
                "pk", *(f"donor__{name}" for name in names)):
            donor_id = columns[names.index("id")]
            donor_of[pk] = donor_id
            if donor_id not in donors:
                donors[donor_id] = Donor.from_db(Contribution.objects.db, names, columns)
    sums = {}
    for project_id, year, contribution_id, total in rows:
        key = (project_id, year, donor_of.get(contribution_id))
        sums[key] = sums[key] + total if key in sums else total
    return [(*key, total) for key, total in sums.items()], donors


def budget_rows(filters: Filters, projects=None, ids=None):
    """Current budget by project and year (``ids``: the projects' ids, read already)."""
    if ids is not None:
        qs = BudgetLine.objects.filter(InIds("project_id", ids), is_current=True)
    else:
        projects = projects if projects is not None else filtered_projects(filters)
        qs = BudgetLine.objects.filter(is_current=True, project__in=projects.values("pk"))
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs.values("project_id", "year").annotate(total=MoneySum("amount")).order_by("project_id", "year")


@dataclass
class Figures:
    filters: Filters
    total_spent: Decimal = ZERO
    total_budget: Decimal | None = ZERO
    project_count: int = 0
    by_year: list = field(default_factory=list)
    by_donor: list = field(default_factory=list)
    by_country: list = field(default_factory=list)
    by_region: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)
    by_result: list = field(default_factory=list)
    per_project: dict = field(default_factory=dict)

    @property
    def donors_shown(self) -> list:
        """The donors a page lists: the largest, and one row adding up the others (``largest``)."""
        return largest(self.by_donor)

    @property
    def has_budget(self) -> bool:
        return self.total_budget is not None


def _location_shares(project_ids, with_places: bool = True, ids=None):
    """Each project's places with their share, keyed by id (``(False, country id)`` or ``(True, area id)``:
    a model as a dict key costs a ``__hash__`` through its primary key, 50,000 of them on the overview), and
    the countries and areas themselves, read in bulk (not read without ``with_places``: a key then names a place
    when its id is set, which the foreign keys hold to a row that is there; ``ids``: the projects' ids, read
    already, then used instead of ``project_ids``' subquery, with no place table to order by — pages8: the
    shares without places are only added up, exactly, so their order cannot change a figure)."""
    rows = defaultdict(list)
    if ids is not None and not with_places:
        locations = ProjectLocation.objects.filter(InIds("project_id", ids)).order_by()
    else:
        locations = ProjectLocation.objects.filter(project_id__in=project_ids)
    locations = locations.values_list("project_id", "country_id", "area_id", "percentage")
    for project_id, country_id, area_id, percentage in locations:
        rows[project_id].append((country_id, area_id, percentage))
    country_ids = {c for locs in rows.values() for c, _, _ in locs if c}
    area_ids = {a for locs in rows.values() for _, a, _ in locs if a}
    if with_places:
        countries = Country.objects.select_related("region").in_bulk(country_ids) if country_ids else {}
        areas = Area.objects.in_bulk(area_ids) if area_ids else {}
    else:
        countries, areas = dict.fromkeys(country_ids, True), dict.fromkeys(area_ids, True)
    shares = {}
    for project_id, locs in rows.items():
        given = [loc for loc in locs if loc[2] is not None]
        chosen = given or locs
        for country_id, area_id, percentage in chosen:
            key = (False, country_id) if country_id else (True, area_id)
            if (countries if country_id else areas).get(key[1]) is None:
                key = None  # as before: a place that is no longer there
            share = percentage / 100 if given else ONE / len(locs)
            shares.setdefault(project_id, []).append((key, share))
    if not with_places:
        return shares, {}
    places = {(False, pk): c for pk, c in countries.items()} | {(True, pk): a for pk, a in areas.items()}
    return shares, places


def _result_links(project_ids) -> dict[int, list[int]]:
    links = defaultdict(list)
    through = Project.results.through.objects.filter(project_id__in=project_ids)
    for project_id, node_id in through.values_list("project_id", "strategynode_id").order_by("strategynode_id"):
        links[project_id].append(node_id)
    return links


def _in_order(rows, donor_at: int):
    """``rows`` in the order of (project, year, donor) as the database sorts them (no donor last on PostgreSQL,
    first on SQLite): the order in which equal figures were listed when the database sorted them."""
    from django.db import connection

    none_last = connection.vendor == "postgresql"
    return sorted(rows, key=lambda r: (r[0], r[1], (r[donor_at] is None) is none_last, r[donor_at] or 0))


def compute(filters: Filters, projects=None, by_result: bool = True, by_place: bool = True,
            project_ids: list | None = None) -> Figures:
    """All the overview's figures in a fixed number of queries whatever the data size (``by_result=False``: a page
    that shows no theme or expected result, two queries less; with a theme filter they are read all the same;
    ``by_place=False``: a page that shows no country or region table, ``by_country`` and ``by_region`` left empty
    and the places not read — one or two queries and their instances less, and the places' shares not read either
    unless a country filter weighs the money by them; ``project_ids``: the ids of ``projects``, when the caller has
    read them already).

    Places, results and donors are keyed by id while adding up (``_location_shares``); the arithmetic — exact
    Decimals, in the same order — is that of the first version, so the figures are the same to the digit."""
    projects = projects if projects is not None else filtered_projects(filters)
    if project_ids is None:
        project_ids = list(projects.values_list("pk", flat=True))
    ids = project_ids if len(project_ids) <= BUDGET_BY_IDS else None
    donors = None
    if ids is not None and not filters.donor:
        spent, donors = spending_by_contribution(filters, ids)
        spent = _in_order(spent, 2)
    else:
        spent = _in_order(spending_rows(filters, projects).values_list("project_id", "year", "donor_id", "total"), 2)
    budget = [] if filters.donor else list(budget_rows(filters, projects, ids=ids).values_list("project_id", "year", "total"))
    shares, places = {}, {}
    if by_place or filters.country:  # the places' shares serve the country tables and a country's weight only
        shares, places = _location_shares(projects.values("pk"), with_places=by_place, ids=ids)
    links, nodes = {}, {}
    if by_result or filters.theme:
        links = _result_links(projects.values("pk"))
        nodes = {n.pk: n for n in StrategyNode.objects.filter(track=Track.RESULTS).only(
            "pk", "code", "title", "parent_id", "level", "sort_key", "period_id")}
    if donors is None:
        donors = {d.pk: d for d in Donor.objects.filter(pk__in={r[2] for r in spent if r[2]})}
    country_key = (False, filters.country.pk) if filters.country else None
    theme = filters.theme

    def top(node):
        while node.parent_id and node.parent_id in nodes:
            node = nodes[node.parent_id]
        return node

    def in_theme(node_id) -> bool:
        node = nodes[node_id]
        return node.period_id == theme.period_id and node.sort_key.startswith(theme.sort_key)

    result_shares = {}
    for project_id, ids in links.items():
        part = ONE / len(ids)
        result_shares[project_id] = [(i, part) for i in ids if i in nodes]

    def weight(project_id) -> Decimal:
        w = ONE
        if country_key:
            w *= sum((s for key, s in shares.get(project_id, []) if key == country_key), ZERO)
        if theme:
            w *= sum((s for node_id, s in result_shares.get(project_id, []) if in_theme(node_id)), ZERO)
        return w

    weights = {pid: weight(pid) for pid in project_ids}
    figures = Figures(filters=filters, project_count=len(project_ids))
    by_year = defaultdict(lambda: [ZERO, ZERO])
    by_donor, by_place, by_result = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    spent_of, budget_of = {}, {}
    for project_id, year, donor_id, total in spent:
        amount = Decimal(total or 0) * weights[project_id]
        by_year[year][1] += amount
        by_donor[donor_id] += amount
        spent_of[project_id] = spent_of.get(project_id, ZERO) + amount
    for project_id, year, total in budget:
        amount = Decimal(total or 0) * weights[project_id]
        by_year[year][0] += amount
        budget_of[project_id] = budget_of.get(project_id, ZERO) + amount
    order = list(spent_of) + [pid for pid in budget_of if pid not in spent_of]
    for project_id in order:
        project_spent = spent_of.get(project_id, ZERO)
        for key, share in shares.get(project_id, ()):
            if country_key and key != country_key:
                continue
            # With a country filter the project's money is already that country's share.
            by_place[key] += project_spent if country_key else project_spent * share
        linked = result_shares.get(project_id, ())
        if linked:
            chosen = [(i, s) for i, s in linked if not theme or in_theme(i)]
            theme_total = sum((s for _i, s in chosen), ZERO)
            for node_id, share in chosen:
                by_result[node_id] += project_spent * share / theme_total if theme_total else ZERO

    figures.per_project = {pid: {"spent": money(spent_of.get(pid, ZERO)), "budget": money(budget_of.get(pid, ZERO))}
                           for pid in order}
    figures.total_spent = money(sum((v[1] for v in by_year.values()), ZERO))
    figures.total_budget = None if filters.donor else money(sum((v[0] for v in by_year.values()), ZERO))
    figures.by_year = [{"year": y, "budget": None if filters.donor else money(v[0]), "spent": money(v[1])}
                       for y, v in sorted(by_year.items())]
    figures.by_donor = sorted(
        ({"donor": donors.get(d), "name": donors[d].name if d in donors else None, "spent": money(v)}
         for d, v in by_donor.items()), key=lambda r: -r["spent"])
    region_totals = defaultdict(Decimal)
    for key, amount in (by_place.items() if places else ()):
        place = places.get(key) if key else None
        if place is None:
            continue
        if key[0]:
            region_totals[place] += amount
        else:
            figures.by_country.append({"country": place, "name": place_name(place), "spent": money(amount)})
            if place.region_id:
                region_totals[place.region] += amount
    figures.by_country.sort(key=lambda r: -r["spent"])
    figures.by_region = sorted(({"area": a, "name": place_name(a), "spent": money(v)}
                                for a, v in region_totals.items()), key=lambda r: -r["spent"])
    themes = defaultdict(Decimal)
    for node_id, amount in by_result.items():
        themes[top(nodes[node_id])] += amount
    figures.by_theme = sorted(({"node": n, "spent": money(v)} for n, v in themes.items()),
                              key=lambda r: r["node"].sort_key)
    figures.by_result = sorted(({"node": nodes[i], "spent": money(v)} for i, v in by_result.items()),
                               key=lambda r: r["node"].sort_key)
    return figures


def data_as_of() -> dict:
    """When the figures were last updated and how complete they are (three queries)."""
    projects = public.projects()
    last_spending = Expenditure.objects.filter(project__in=projects.values("pk")).aggregate(d=Max("date"))["d"]
    last_change = projects.aggregate(d=Max("updated_at"))["d"]
    with_results = public.approved_values().filter(indicator__project__isnull=False).values("indicator__project_id")
    no_results = projects.exclude(pk__in=with_results).count()
    return {"last_spending": last_spending, "last_change": last_change, "no_results": no_results}
