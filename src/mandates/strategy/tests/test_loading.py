"""Loading strategy periods of any shape from YAML and CSV; bad files; replacing; node services."""
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mandates.strategy import selectors
from mandates.strategy.fileformat import StrategyFileError
from mandates.strategy.models import StrategyNode, StrategyPeriod
from mandates.strategy.services import create_node, load_strategy, update_node

from .conftest import DATA

CSV_HEAD = """# code: 2020-2023
# title: Test strategy
# start_year: 2020
# end_year: 2023
# level_names: theme; expected result
track,code,parent_code,title,description
"""

YAML_HEAD = """period:
  code: "2020-2023"
  title: Test strategy
  start_year: 2020
  end_year: 2023
  level_names: [theme, expected result]
results:
"""


def shape(period):
    """(track, code, parent code, level, title) of every node, in tree order."""
    return [(n.track, n.code, n.parent.code if n.parent else None, n.level, n.title)
            for n in StrategyNode.objects.filter(period=period).select_related("parent")]


def load_text(text, name, by=None, **kwargs):
    return load_strategy(SimpleUploadedFile(name, text.encode("utf-8")), by=by, **kwargs)


@pytest.mark.django_db
def test_four_level_strategy_with_letter_codes_loads_from_yaml(four_levels):
    assert four_levels.level_names == ["pillar", "sub-programme", "outcome", "expected accomplishment"]
    results = list(selectors.results_of_period(four_levels))
    assert [r.code for r in results] == ["A.1.a.i", "A.1.a.ii", "A.1.a.iii", "A.1.a.iv", "A.1.a.v", "A.1.b.i",
                                         "B.1.a.i"]
    assert all(r.level == 3 and r.is_result for r in results)
    assert results[0].level_name == "expected accomplishment"
    assert StrategyNode.objects.get(period=four_levels, code="A.1.a").is_result is False
    assert selectors.period_by_code("2012-2015") == four_levels
    assert list(selectors.results_of_period("2012-2015")) == results


@pytest.mark.django_db
def test_the_same_strategy_as_csv_gives_the_same_tree():
    from_csv = load_strategy(DATA / "strategy_4_levels.csv", by=None).period
    csv_shape, csv_period = shape(from_csv), StrategyPeriod.objects.values().get(pk=from_csv.pk)
    from_csv.delete()
    from_yaml = load_strategy(DATA / "strategy_4_levels.yaml", by=None).period
    assert shape(from_yaml) == csv_shape and len(csv_shape) == 16
    yaml_period = StrategyPeriod.objects.values().get(pk=from_yaml.pk)
    assert {k: v for k, v in yaml_period.items() if k != "id"} == {k: v for k, v in csv_period.items() if k != "id"}


@pytest.mark.django_db
def test_two_level_strategy_from_csv(two_levels):
    assert two_levels.title == "Strategy for the period 2016-2019 (test), goals and results"
    assert [r.code for r in selectors.results_of_period(two_levels)] == ["G1-R1", "G1-R2", "G2-R1"]
    goal = StrategyNode.objects.get(period=two_levels, code="G1")
    assert goal.level == 0 and goal.description == "Communities are safer, and feel it."
    assert StrategyNode.objects.get(period=two_levels, code="G1-R1").title == \
        "Crime falls in the cities, especially violent crime"


BAD_FILES = [
    # (name, text, [(line, words in the message)])
    ("duplicate.csv", CSV_HEAD + "results,1,,Rule of law,\nresults,1.1,1,Ratified,\nresults,1.1,1,Again,\n",
     [(9, "used twice (first on line 8)")]),
    ("unknown-parent.csv", CSV_HEAD + "results,1,,Rule of law,\nresults,1.1,1,Ratified,\nresults,2.1,2,Lost,\n",
     [(9, "parent 2 of 2.1 does not exist")]),
    ("too-deep.csv", CSV_HEAD + "results,1,,Rule of law,\nresults,1.1,1,Ratified,\nresults,1.1.1,1.1,Deep,\n",
     [(9, "at level 3, but the period's results tree has 2 levels")]),
    ("short-branch.csv", CSV_HEAD + "results,1,,Rule of law,\nresults,1.1,1,Ratified,\nresults,2,,Empty theme,\n",
     [(9, "theme 2 has nothing below it")]),
    ("no-title.csv", CSV_HEAD + "results,1,,Rule of law,\nresults,1.1,1,,\n", [(8, "title of 1.1 is missing")]),
    ("years.csv", CSV_HEAD.replace("# end_year: 2023", "# end_year: 2019") + "results,1,,A,\nresults,1.1,1,B,\n",
     [(4, "cannot end before it starts")]),
    ("circle.csv", CSV_HEAD + "results,1,1.1,Theme,\nresults,1.1,1,Result,\n", [(7, "circle"), (8, "circle")]),
    ("level-column.csv", CSV_HEAD.replace("title,description", "title,description,level")
     + "results,1,,Rule of law,,theme\nresults,1.1,1,Ratified,,theme\n", [(8, "said to be a “theme”")]),
    ("unknown-column.csv", CSV_HEAD.replace("parent_code", "parent_id") + "results,1,,T,\n",
     [(6, "Unknown column “parent_id”"), (6, "Missing column: parent_code")]),
    ("duplicate.yaml", YAML_HEAD + '  - code: "1"\n    title: Rule of law\n    children:\n'
                                   '      - {code: "1.1", title: Ratified}\n      - {code: "1.1", title: Again}\n',
     [(12, "used twice (first on line 11)")]),
    ("too-deep.yaml", YAML_HEAD + '  - code: "1"\n    title: Rule of law\n    children:\n'
                                  '      - code: "1.1"\n        title: Ratified\n        children:\n'
                                  '          - {code: "1.1.1", title: Deep}\n',
     [(14, "at level 3")]),
    ("no-title.yaml", YAML_HEAD + '  - code: "1"\n    children:\n      - {code: "1.1", title: Ratified}\n',
     [(8, "title of 1 is missing")]),
    ("typo.yaml", YAML_HEAD.replace("  start_year", "  start_yr") + '  - code: "1"\n    title: T\n    children:\n'
                                                                     '      - {code: "1.1", title: R}\n',
     [(4, "Unknown period field “start_yr”"), (2, "start_year is missing")]),
    ("broken.yaml", YAML_HEAD + '  - code: "1"\n    title: [unclosed\n',
     [(10, "not valid YAML: while parsing a flow sequence (line 9)")]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name, text, expected", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_name_the_line_and_save_nothing(name, text, expected):
    with pytest.raises(StrategyFileError) as caught:
        load_text(text, name)
    problems = [(p.line, p.message) for p in caught.value.problems]
    for line, words in expected:
        assert any(pl == line and words in message for pl, message in problems), problems
    assert len(problems) == len(expected), problems
    assert f"line {expected[0][0]}:" in " ".join(caught.value.message_dict["file"])
    assert not StrategyPeriod.objects.exists() and not StrategyNode.objects.exists()
    assert not LogEntry.objects.exists()


@pytest.mark.django_db
def test_a_loaded_period_is_refused_without_replace(four_levels):
    before = shape(four_levels)
    with pytest.raises(StrategyFileError, match="already loaded"):
        load_strategy(DATA / "strategy_4_levels.csv", by=None)
    assert shape(four_levels) == before


@pytest.mark.django_db
def test_replace_updates_in_place_keeps_links_and_refuses_to_drop_used_nodes(four_levels, make_project, users):
    kept = StrategyNode.objects.get(period=four_levels, code="A.1.a.ii")
    used = StrategyNode.objects.get(period=four_levels, code="B.1.a.i")
    project = make_project(four_levels, results=[kept])
    text = (DATA / "strategy_4_levels.csv").read_text()
    changed = (text.replace("Legal aid reaches the poor", "Legal aid reaches everyone who needs it")
               .replace("results,A.1.a.v,A.1.a,Court users trust the courts,\n", "")
               + "results,A.1.b.ii,A.1.b,Prisons are less crowded,\n")
    summary = load_text(changed, "2012-2015.csv", replace=True, by=users["planning_officer"])
    assert (summary.created, summary.updated, summary.deleted) == (1, 1, 1)
    kept.refresh_from_db()
    assert kept.title == "Legal aid reaches everyone who needs it" and list(kept.projects.all()) == [project]
    assert not StrategyNode.objects.filter(period=four_levels, code="A.1.a.v").exists()
    assert LogEntry.objects.get_for_object(kept).latest("timestamp").actor == users["planning_officer"]

    make_project(four_levels, outcome_results=[used])
    without_used = changed.replace("results,B.1.a.i,B.1.a,Treatment services meet quality standards,\n", "") \
        .replace("results,B.1.a,B.1,Services,\n", "").replace("results,B.1,B,Drug dependence treatment,\n", "") \
        .replace("results,B,,Health,\n", "")
    before = shape(four_levels)
    with pytest.raises(StrategyFileError, match="B.1.a.i is not in the file, but outcomes refer to it"):
        load_text(without_used.replace("Justice", "Rule of law"), "2012-2015.csv", replace=True, by=None)
    assert shape(four_levels) == before


@pytest.mark.django_db
def test_create_and_update_nodes_check_codes_parents_and_depth(shipped, four_levels, users):
    planner = users["planning_officer"]
    area = StrategyNode.objects.get(period=shipped, code="1.2")
    with pytest.raises(ValidationError) as caught:
        create_node(by=planner, period=shipped, parent=area, code="1.2.8", title="Again")
    assert "already used" in caught.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as caught:
        create_node(by=planner, period=four_levels, parent=area, code="Z.1", title="Elsewhere")
    assert "belongs to the strategy period 2008-2011" in caught.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as caught:
        create_node(by=planner, period=shipped, parent=area, code="1.2.9", title="  ")
    assert set(caught.value.message_dict) == {"title"}
    deepest = StrategyNode.objects.get(period=shipped, code="1.2.8")
    with pytest.raises(ValidationError) as caught:
        create_node(by=planner, period=shipped, parent=deepest, code="1.2.8.1", title="Too deep")
    assert "deeper than the 3 levels" in caught.value.message_dict["parent"][0]
    assert StrategyNode.objects.filter(period=shipped).count() == 96

    new = create_node(by=planner, period=shipped, parent=area, code="1.2.9", title="Enhanced capacity to trace")
    codes = [r.code for r in selectors.results_of_period(shipped)]
    assert new.level == 2 and new.is_result and codes.index("1.2.9") == codes.index("1.2.8") + 1
    # Moving a result area moves its results: their levels stay right, and one cannot go below itself.
    other_theme = StrategyNode.objects.get(period=shipped, code="2")
    update_node(area, by=planner, parent=other_theme)
    moved = selectors.attach_ancestors([StrategyNode.objects.get(pk=new.pk)])[0]
    assert [a.code for a in moved.ancestors] == ["2", "1.2"] and moved.level == 2
    with pytest.raises(ValidationError) as caught:
        update_node(other_theme, by=planner, parent=area)
    assert "below itself" in caught.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as caught:
        update_node(area, by=planner, parent=StrategyNode.objects.get(period=shipped, code="1.1"))
    assert "deeper" in caught.value.message_dict["parent"][0]


@pytest.mark.django_db
def test_command_loads_a_file_and_reports_bad_lines(tmp_path):
    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("load_strategy", str(DATA / "strategy_2_levels.csv"), stdout=out)
    assert "2016-2019 loaded — 5 nodes added" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV_HEAD + "results,1,,Theme,\nresults,1.1,9,Result,\n")
    with pytest.raises(CommandError, match="line 8: The parent 9 of 1.1 does not exist"):
        call_command("load_strategy", str(bad))
    assert not StrategyPeriod.objects.filter(code="2020-2023").exists()


@pytest.mark.django_db
def test_yaml_codes_that_look_like_numbers_stay_as_written():
    text = YAML_HEAD + ('  - code: 1\n    title: Theme\n    children:\n      - {code: 1.10, title: Tenth}\n'
                        '      - {code: 1.9, title: Ninth}\n      - {code: 1.1, title: First}\n')
    period = load_text(text, "numbers.yaml").period
    assert [n.code for n in selectors.results_of_period(period)] == ["1.10", "1.9", "1.1"]  # the file's order
    assert (period.start_year, period.end_year) == (2020, 2023)
