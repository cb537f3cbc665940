"""The shipped strategy 2008-2011: its shape, its texts against the seed, loading it again."""
import re

import pytest
from auditlog.models import LogEntry

from mandates.strategy import selectors
from mandates.strategy.models import StrategyNode, StrategyPeriod
from mandates.strategy.services import DATA_DIR, load_shipped_strategies, load_strategy

from .conftest import SEED_2007_12


def normalised_seed() -> str:
    """The resolution's text with page breaks, footnotes, footnote markers and emphasis taken out."""
    if not SEED_2007_12.exists():
        pytest.skip(f"The seed text {SEED_2007_12} is not on this machine (the shared seeds folder is absent).")
    lines = [line for line in SEED_2007_12.read_text(encoding="utf-8").splitlines()
             if line.strip() != "---" and not line.strip().startswith(("<sup>", "\\*"))]
    text = re.sub(r"<sup>\d+</sup>", "", " ".join(lines)).replace("*", "")
    return " ".join(text.split())


@pytest.mark.django_db
def test_shipped_strategy_has_three_themes_fourteen_result_areas_fifty_three_expected_results(shipped):
    assert shipped.code == "2008-2011"
    assert shipped.title == "Strategy for the period 2008-2011 for the United Nations Office on Drugs and Crime"
    assert (shipped.start_year, shipped.end_year, shipped.adopted_by) == (2008, 2011, "ECOSOC resolution 2007/12")
    assert shipped.level_names == ["theme", "result area", "expected result"]
    results = StrategyNode.objects.filter(period=shipped, track="results")
    themes = list(results.filter(level=0))
    assert [(t.code, t.title) for t in themes] == [
        ("1", "Rule of law"), ("2", "Policy and trend analysis"),
        ("3", "Prevention, treatment and reintegration, and alternative development"),
    ]
    assert all(t.description.startswith("Main objective") for t in themes)
    areas = list(results.filter(level=1))
    assert len(areas) == 14
    assert [a.code for a in areas][:5] == ["1.1", "1.2", "1.3", "1.4", "2.1"] and areas[-1].code == "3.8"
    expected = list(selectors.results_of_period(shipped))
    assert len(expected) == 53 and expected[0].code == "1.1.1" and expected[-1].code == "3.8.3"
    assert all(r.is_result and r.parent.level == 1 for r in expected)
    # Each expected result sits under the result area its code says.
    assert all(r.code.rsplit(".", 1)[0] == r.parent.code for r in expected)


@pytest.mark.django_db
def test_management_support_objectives_and_their_items_in_order(shipped):
    tree = selectors.period_tree(shipped, None)
    objectives = tree.management
    assert [o.code for o in objectives] == [f"MS.{letter}" for letter in "abcdefgh"]
    assert objectives[0].title == "Improved results-based management"
    field = next(o for o in objectives if o.code == "MS.e")
    # (i) ... (v) keep the order of the text, not the alphabetical order of the numerals.
    assert [k.code for k in field.kids] == ["MS.e.i", "MS.e.ii", "MS.e.iii", "MS.e.iv", "MS.e.v"]
    assert sum(len(o.kids) for o in objectives) == 18
    assert StrategyNode.objects.get(period=shipped, code="MS.h").title == "Reporting"


@pytest.mark.django_db
def test_every_text_occurs_in_the_resolution(shipped):
    seed = normalised_seed()
    assert shipped.mission in seed
    nodes = StrategyNode.objects.filter(period=shipped)
    for node in nodes.filter(track="results", level=2):
        assert f"{node.code}. {node.title}" in seed, node.code
    for node in nodes.filter(track="results", level=1):
        assert f"Result area {node.code}. {node.title}" in seed, node.code
    for node in nodes.filter(track="results", level=0):
        for line in node.description.splitlines()[1:]:
            assert re.sub(r"^\([a-z]\) ", "", line) in seed, node.code
    for node in nodes.filter(track="management"):
        assert node.title in seed, node.code
    # the texts broken by a page break and its footnotes are whole again
    assert "the implementation of the United Nations Convention against Transnational Organized Crime" in \
        nodes.get(code="1.2.5").title
    assert "<sup>" not in "".join(nodes.values_list("title", flat=True))


@pytest.mark.django_db
def test_loading_the_shipped_files_again_changes_nothing(shipped):
    ids = dict(StrategyNode.objects.values_list("code", "pk"))
    entries = LogEntry.objects.count()
    again = load_shipped_strategies()
    assert all(s.skipped and not s.changed for s in again)
    replaced = load_strategy(DATA_DIR / "strategy_2008_2011.yaml", by=None, replace=True)
    assert not replaced.changed and replaced.unchanged == StrategyNode.objects.count() == 96
    assert dict(StrategyNode.objects.values_list("code", "pk")) == ids
    assert LogEntry.objects.count() == entries
    assert StrategyPeriod.objects.count() == 1


@pytest.mark.django_db
def test_the_load_is_audited(shipped):
    node = StrategyNode.objects.get(period=shipped, code="1.2.8")
    (entry,) = LogEntry.objects.get_for_object(node)
    assert entry.action == LogEntry.Action.CREATE and "sort_key" not in entry.changes_dict


@pytest.mark.django_db
def test_results_with_their_ancestors_in_a_bounded_number_of_queries(shipped, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        results = selectors.results_with_ancestors("2008-2011")
        chains = {r.code: [a.code for a in r.ancestors] for r in results}
    assert len(chains) == 53 and chains["3.4.3"] == ["3", "3.4"] and chains["1.1.1"] == ["1", "1.1"]
