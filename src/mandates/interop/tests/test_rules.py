"""The ruleset evaluator, one rule kind at a time, on small documents written here."""
from datetime import date

import pytest
from lxml import etree

from mandates.interop.rules import Ruleset, standard


def _activity(body: str, attrs: str = 'default-currency="USD" xml:lang="en"'):
    root = etree.fromstring(f'<iati-activities version="2.03"><iati-activity {attrs}>{body}</iati-activity>'
                            f'</iati-activities>')
    return root[0]


def _ids(ruleset, element, kind="iati-activity"):
    return sorted({f.rule for f in ruleset.check(element, kind)})


def _one(kind, case, context="/iati-activities/iati-activity"):
    return Ruleset({context: {kind: {"cases": [{**case, "ruleInfo": {"id": "X", "severity": "error",
                                                                      "message": kind}}]}}},
                   today=date(2020, 6, 1))


@pytest.mark.parametrize("kind,case,good,bad", [
    ("no_more_than_one", {"paths": ["a"]}, "<a/>", "<a/><a/>"),
    ("atleast_one", {"paths": ["a", "b"]}, "<b/>", "<c/>"),
    ("only_one_of", {"excluded": ["x"], "paths": ["a", "b"]}, "<a/>", "<a/><b/>"),
    ("dependent", {"paths": ["a", "b"]}, "<a/><b/>", "<a/>"),
    ("sum", {"paths": ["s/@p"], "sum": 100}, '<s p="40"/><s p="60.0"/>', '<s p="40"/><s p="50"/>'),
    ("strict_sum", {"paths": ["s/@p"], "sum": 100}, '<s p="33.33"/><s p="66.67"/>', '<s p="33.33"/><s p="66.66"/>'),
    ("date_order", {"less": "d[@t='1']/@v", "more": "d[@t='3']/@v"},
     '<d t="1" v="2019-01-01"/><d t="3" v="2019-12-31"/>', '<d t="1" v="2019-01-01"/><d t="3" v="2018-12-31"/>'),
    ("date_order", {"less": "d/@v", "more": "NOW"}, '<d v="2020-06-01"/>', '<d v="2020-06-02"/>'),
    ("date_now", {"date": "@when"}, "", ""),
    ("time_limit", {"start": "p/@s", "end": "p/@e"}, '<p s="2019-03-01" e="2020-03-01"/>',
     '<p s="2019-03-01" e="2020-03-02"/>'),
    ("between_dates", {"date": "v/@d", "start": "p/@s", "end": "p/@e"},
     '<p s="2019-01-01" e="2019-12-31"/><v d="2019-05-05"/>', '<p s="2019-01-01" e="2019-12-31"/><v d="2020-05-05"/>'),
    ("regex_matches", {"regex": "^[^/&|?]+$", "paths": ["i"]}, "<i>XM-1</i>", "<i>XM/1</i>"),
    ("regex_no_matches", {"regex": "\\s", "paths": ["i"]}, "<i>XM-1</i>", "<i>XM 1</i>"),
    ("startswith", {"prefix": ["r/@ref"], "separator": "-", "paths": ["i"]}, '<r ref="XM"/><i>XM-1</i>',
     '<r ref="XM"/><i>GB-1</i>'),
    ("unique", {"paths": ["r/@ref", "i"]}, '<r ref="XM"/><i>XM-1</i>', '<r ref="XM"/><i>XM</i>'),
    ("no_spaces", {"paths": ["i"]}, "<i>XM-1</i>", "<i> XM-1</i>"),
    ("range", {"paths": ["c/@p"], "min": 0, "max": 100}, '<c p="100"/>', '<c p="100.5"/>'),
    ("if_then", {"if": "count(s) > 1", "then": "count(s) = count(s/@p)"}, '<s p="1"/><s p="2"/>', '<s p="1"/><s/>'),
    ("one_or_all", {"one": "@default-currency", "all": "currency"}, "", ""),
])
def test_each_rule_kind(kind, case, good, bad):
    ruleset = _one(kind, case)
    if kind == "date_now":
        assert _ids(ruleset, _activity("", 'when="2020-06-01"')) == []
        assert _ids(ruleset, _activity("", 'when="2020-06-02T00:00:00"')) == ["X"]
        return
    if kind == "one_or_all":
        assert _ids(ruleset, _activity('<b><value currency="EUR">1</value></b>', "")) == []
        assert _ids(ruleset, _activity('<b><value>1</value></b>', "")) == ["X"]
        assert _ids(ruleset, _activity('<b><value>1</value></b>', 'default-currency="USD"')) == []
        return
    assert _ids(ruleset, _activity(good)) == []
    assert _ids(ruleset, _activity(bad)) == ["X"]


def test_a_condition_switches_a_case_off():
    ruleset = _one("atleast_one", {"condition": "@x = '1'", "paths": ["a"]})
    assert _ids(ruleset, _activity("", 'x="2"')) == []
    assert _ids(ruleset, _activity("", 'x="1"')) == ["X"]


def test_loop_substitutes_each_value():
    ruleset = _one("loop", {"foreach": "s[@v != '1']/@v", "do": {"strict_sum": {"cases": [
        {"paths": ["s[@v = '$1']/@p"], "sum": 100, "ruleInfo": {"id": "L", "severity": "error", "message": "m"}}]}}})
    assert _ids(ruleset, _activity('<s v="2" p="50"/><s v="2" p="50"/><s v="3" p="100"/>')) == []
    assert _ids(ruleset, _activity('<s v="2" p="50"/><s v="3" p="100"/>')) == ["L"]


def test_contexts_below_the_activity_and_anywhere():
    ruleset = Ruleset({
        "/iati-activities/iati-activity/budget": {"atleast_one": {"cases": [
            {"paths": ["value"], "ruleInfo": {"id": "B", "severity": "error", "message": "m"}}]}},
        "//title": {"atleast_one": {"cases": [
            {"paths": ["narrative/text()"], "ruleInfo": {"id": "T", "severity": "error", "message": "m"}}]}},
    })
    element = _activity("<title><narrative/></title><budget/><budget><value>1</value></budget>")
    findings = list(ruleset.check(element))
    assert sorted(f.rule for f in findings) == ["B", "T"]
    assert all(f.line for f in findings)


def test_the_standard_ruleset_finds_what_the_validator_fixtures_are_about(iati_dir):
    folder = iati_dir / "samples" / "edge-cases" / "js-validator-api"
    expected = {"iati-act-dateOrder-error.xml": "11.1.2", "iati-act-strictSum-error.xml": "3.4.2",
                "iati-act-noMoreThanOne-error.xml": "107.1.2", "iati-act-timeLimit-error.xml": "7.5.3",
                "iati-act-unique-startsWith-error.xml": "1.1.3", "iati-act-atLeastOne-error-01.xml": "6.11.1",
                "iati-act-regexMatches-error.xml": "1.3.13", "iati-act-oneOrAll-error.xml": "4.1.1"}
    ruleset = standard()
    for name, rule in expected.items():
        element = etree.parse(str(folder / name)).getroot().find("iati-activity")
        assert rule in _ids(ruleset, element), name
    clean = etree.parse(str(folder / "iati-act-no-errors.xml")).getroot().find("iati-activity")
    assert [f for f in ruleset.check(clean) if f.severity == "error"] == []


def test_every_rule_kind_of_the_standard_ruleset_is_understood():
    kinds = set()

    def walk(rules):
        for body in rules.values():
            for kind, cases in body.items():
                kinds.add(kind)
                for case in cases["cases"]:
                    if "do" in case:
                        walk({"": case["do"]})

    walk(standard().rules)
    assert kinds and all(kind == "loop" or hasattr(Ruleset, "_" + kind) for kind in kinds), kinds
