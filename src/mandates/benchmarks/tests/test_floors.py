"""A floor is only honest if it computes the figures the page shows: on a generated portfolio, the strategy
tree's floor gives every node the page's counts of contributing projects and programmes (``period_tree``), and
the treaty floor every instrument the page's States parties and signatories as at a date."""
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from mandates.benchmarks import floors
from mandates.demo.generator import generate
from mandates.geography.models import Country
from mandates.strategy.models import StrategyPeriod
from mandates.strategy.selectors import period_tree
from mandates.treaties.selectors import instruments_with_counts


def _rows(sql: str) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.mark.django_db
def test_floors_compute_the_figures_the_pages_show(users):
    call_command("load_reference_data", verbosity=0)
    generate(scale=1, seed=3, fraction=0.05)  # 25 projects with outcomes and outputs linked to the results
    admin = users["administrator"]

    tree = period_tree(StrategyPeriod.objects.get(code="2008-2011"), admin)
    projects_query, programmes_query = floors.STRATEGY_TREE
    shown_projects = {n.pk: n.project_count for n in tree.nodes.values() if n.project_count}
    shown_programmes = {n.pk: n.programme_count for n in tree.nodes.values() if n.programme_count}
    assert shown_projects and shown_programmes  # the generated portfolio contributes to the tree
    assert dict(_rows(projects_query)) == shown_projects
    assert dict(_rows(programmes_query)) == shown_programmes

    as_of = date(2009, 5, 31)
    shown = {i.pk: (i.signatories, i.parties) for i in instruments_with_counts(admin, as_of=as_of)}
    assert any(parties for _signatories, parties in shown.values())
    assert {pk: (signatories, parties) for pk, _name, signatories, parties
            in _rows(floors.TREATY_STATUS[0] % {"as_of": as_of.isoformat()})} == shown


def _cents(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def _close(floor: dict, page: dict) -> bool:
    """The same keys and, to the cent, the same money (SQLite sums in floating point, the page in Decimals)."""
    return floor.keys() == page.keys() and all(abs(_cents(floor[k]) - page[k]) <= Decimal("0.01") for k in page)


@pytest.mark.django_db
def test_the_portal_floors_read_the_money_the_pages_show(users):
    """The overview's floor sums the same spending by year and donor and the same budget by year as the page shows,
    and reads the filter sentence's choices; a country page's floor computes the country's share of each
    project's money by year and donor, and lists the same projects and deliveries."""
    from mandates.portal import bench
    from mandates.portal.filters import Filters
    from mandates.portal.selectors import figures as fig
    from mandates.portal.selectors import public
    from mandates.portal.views.pages import filter_choices
    from mandates.portfolio.models import ProjectLocation

    call_command("load_reference_data", verbosity=0)
    generate(scale=1, seed=4, fraction=0.05)

    def run(statements):
        return [_rows(sql % {"public": bench.PUBLIC}) for sql in statements]

    page = fig.compute(Filters())
    spending, budget, _locations, _results, _donors, _nodes, _regions, countries, themes, span = run(
        bench.overview_floor())
    assert page.total_spent and page.by_donor
    by_year, by_donor, budget_by_year = defaultdict(float), defaultdict(float), defaultdict(float)
    for _project, year, donor, total in spending:
        by_year[int(year)] += float(total)
        by_donor[donor] += float(total)
    for _project, year, total in budget:
        budget_by_year[int(year)] += float(total)
    assert _close(by_year, {r["year"]: r["spent"] for r in page.by_year if r["spent"]})
    assert _close(budget_by_year, {r["year"]: r["budget"] for r in page.by_year if r["budget"]})
    assert _close(by_donor, {(r["donor"].pk if r["donor"] else None): r["spent"] for r in page.by_donor})
    choices = filter_choices()
    assert {c for c, _iso3, _name in countries} == {c.pk for c in choices["countries"]}
    assert {t for t, _code, _title in themes} == {t.pk for t in choices["themes"]}
    assert list(range(_date(span[0][0]).year, _date(span[0][1]).year + 1)) == choices["years"]

    # The country where most published projects work; some of them work elsewhere too (a share, not all).
    country = Counter(ProjectLocation.objects.filter(project__in=public.projects(), country__isnull=False)
                      .values_list("country__iso3", flat=True)).most_common(1)[0][0]
    filters = Filters(country=Country.objects.get(iso3=country))
    projects = fig.filtered_projects(filters)
    assert ProjectLocation.objects.filter(project__in=projects).exclude(country=filters.country).exists()
    page = fig.compute(filters, projects=projects)
    spending, budget, listed, deliveries, _evidence = run(bench.country_floor(country))
    assert page.total_spent
    by_year, by_donor = defaultdict(float), defaultdict(float)
    for year, donor, _name, total in spending:
        by_year[int(year)] += float(total)
        by_donor[donor] += float(total)
    assert _close(by_year, {r["year"]: r["spent"] for r in page.by_year if r["spent"]})
    assert _close({int(y): t for y, t in budget}, {r["year"]: r["budget"] for r in page.by_year if r["budget"]})
    assert _close(by_donor, {(r["donor"].pk if r["donor"] else None): r["spent"] for r in page.by_donor})
    assert [row[0] for row in listed] == list(projects.order_by("code").values_list("code", flat=True))
    shown = public.deliveries().filter(country=filters.country)[:50]
    assert [row[1] for row in deliveries] == [d.title for d in shown]


def _date(value):
    return date.fromisoformat(value) if isinstance(value, str) else value
