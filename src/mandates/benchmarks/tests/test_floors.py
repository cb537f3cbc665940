"""A floor is only honest if it computes the figures the page shows: the strategy tree's floor gives, for
every node, the same counts of contributing projects and programmes as the page (``period_tree``)."""
import pytest
from django.core.management import call_command
from django.db import connection

from mandates.benchmarks import floors
from mandates.demo.generator import generate
from mandates.strategy.models import StrategyPeriod
from mandates.strategy.selectors import period_tree


@pytest.mark.django_db
def test_strategy_tree_floor_computes_the_counts_the_page_shows(users):
    call_command("load_reference_data", verbosity=0)
    generate(scale=1, seed=3, fraction=0.05)  # 25 projects with outcomes and outputs linked to the results
    tree = period_tree(StrategyPeriod.objects.get(code="2008-2011"), users["administrator"])
    projects_query, programmes_query = floors.STRATEGY_TREE
    with connection.cursor() as cursor:
        cursor.execute(projects_query)
        projects = dict(cursor.fetchall())
        cursor.execute(programmes_query)
        programmes = dict(cursor.fetchall())
    shown_projects = {n.pk: n.project_count for n in tree.nodes.values() if n.project_count}
    shown_programmes = {n.pk: n.programme_count for n in tree.nodes.values() if n.programme_count}
    assert shown_projects and shown_programmes  # the generated portfolio contributes to the tree
    assert projects == shown_projects
    assert programmes == shown_programmes
