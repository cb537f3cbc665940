"""A floor is only honest if it computes the figures the page shows: on a generated portfolio, the strategy
tree's floor gives every node the page's counts of contributing projects and programmes (``period_tree``), and
the treaty floor every instrument the page's States parties and signatories as at a date."""
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from mandates.benchmarks import floors
from mandates.demo.generator import generate
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
