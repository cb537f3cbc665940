"""The resolution corpus is well formed: every text has its hand-made expected file and its SOURCES
entry, the expected files follow expected/README.md, and the corpus covers what issue 15 asks.
No database, no parser: this checks the measuring stick, not what it measures."""
import copy
import datetime
import re

import pytest

from mandates.resolutions.tests import corpus

BODIES = {"GA", "ECOSOC", "CND", "CCPCJ"}
BODIES_REQUIRED = {"GA", "ECOSOC", "CND"}  # CCPCJ: see the coverage test
DEADLINE_BODIES = BODIES | {"CONGRESS", "COP-UNTOC", "COSP-UNCAC", None}
LANGUAGES = {"en", "fr", "es"}
LAYOUTS = set(re.findall(r"`([a-z-]+)`", corpus.EXPECTED.joinpath("README.md").read_text(encoding="utf-8")
                         .split("| `layout` |", 1)[1].split("\n", 1)[0]))
TOP_KEYS = {"symbol", "number", "body", "adopted", "title", "language", "layout", "partial", "preambular_count",
            "operative_count", "operative"}
PARAGRAPH_KEYS = {"number", "first_words", "last_words", "footnotes", "subparagraphs", "obligations"}
DEADLINE_KEYS = {"phrase", "body", "session", "year", "recipient", "recurring"}

ENTRIES = corpus.entries()


LOOSE_MARKER_RE = re.compile(r"(?<=\s)\d{1,2}(?=\s*[;,.])")
TIGHT_MARKER_RE = re.compile(r"\s\d{1,2}(?=[;,.](?:\s|$))")  # a marker standing alone before the punctuation: "ella 3;"
PLAIN_MARKER_RE = re.compile(r"(?<=[a-z;,.:)])\d{1,2}(?=[\s;,.:]|$)")


def _flat(text: str) -> str:
    """The text as one line, footnote markers removed (also plain digits glued to a word: "63/195;12")."""
    text = corpus.strip_markers(text.replace("\n", " "))
    text = re.sub(r"\*{1,3}([^*\n]+?)\*{1,3}", r"\1", text)  # Markdown emphasis
    text = re.sub(r"\s?<sup>[^<]*</sup>", "", text)
    text = re.sub(r"\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", text)
    return corpus.norm(PLAIN_MARKER_RE.sub("", text))


def test_every_text_has_an_expected_file_and_a_source():
    sources = corpus.SOURCES.read_text(encoding="utf-8")
    listed = set(re.findall(r"^## (\S+\.txt)\s*$", sources, re.MULTILINE))
    texts = {e.text_path.name for e in ENTRIES}
    assert [e.name for e in ENTRIES if e.expected is None] == []
    assert texts - listed == set(), "texts without a SOURCES.md section"
    assert listed - texts == set(), "SOURCES.md sections without a text"
    orphans = {p.stem for p in corpus.EXPECTED.glob("*.yaml")} - {e.name for e in ENTRIES}
    assert orphans == set(), "expected files without a text"


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.name for e in ENTRIES])
def test_expected_file_follows_the_format(entry):
    exp = entry.expected
    assert exp is not None
    assert TOP_KEYS <= set(exp), TOP_KEYS - set(exp)
    assert exp["body"] in BODIES | {"CONF"}
    assert exp["language"] in LANGUAGES
    assert exp["adopted"] is None or isinstance(exp["adopted"], datetime.date)
    assert set(exp["layout"]) <= LAYOUTS, set(exp["layout"]) - LAYOUTS
    assert isinstance(exp["partial"], bool) and exp["partial"] == ("partial" in exp["layout"])
    assert isinstance(exp["preambular_count"], int) and exp["preambular_count"] >= 0
    if exp["partial"]:
        last = exp["last_complete_paragraph"]
        assert last is None or 1 <= last <= len(exp["operative"]), last
    assert exp["operative_count"] == len(exp["operative"]) > 0
    text = _flat(entry.text)
    loose = corpus.norm(LOOSE_MARKER_RE.sub("", text))  # also without markers standing alone: "2015 2 ;"
    tight = corpus.norm(TIGHT_MARKER_RE.sub("", text))  # and without the space they leave: "ella 3;" -> "ella;"
    for index, para in enumerate(exp["operative"]):
        assert set(para) == PARAGRAPH_KEYS, (index, set(para) ^ PARAGRAPH_KEYS)
        assert para["number"] is None or para["number"] == index + 1 or exp["partial"], para["number"]
        for key in ("first_words", "last_words"):
            found = corpus.words(para[key])
            assert 1 <= len(found) <= 6, (para["number"], key)
            assert any(" ".join(found) in variant for variant in (text, loose, tight)), \
                f"para {para['number']} {key} {para[key]!r} is not in the text"
        assert isinstance(para["footnotes"], list) and isinstance(para["subparagraphs"], list)
        assert all(isinstance(x, str) for x in para["footnotes"] + para["subparagraphs"]), para["number"]
        for obligation in para["obligations"]:
            assert set(obligation) == {"verb", "addressees", "deadlines"}, obligation
            assert obligation["verb"] == obligation["verb"].lower() and obligation["verb"]
            assert isinstance(obligation["addressees"], list)
            assert all(isinstance(a, str) and a for a in obligation["addressees"]), obligation["addressees"]
            for deadline in obligation["deadlines"]:
                assert DEADLINE_KEYS <= set(deadline) <= DEADLINE_KEYS | {"date"}, deadline
                assert deadline["body"] in DEADLINE_BODIES, deadline
                assert deadline["session"] is None or deadline["session"] == "special" \
                    or isinstance(deadline["session"], int), deadline
                assert deadline["phrase"] and corpus.norm(deadline["phrase"]) in text, deadline["phrase"]
                assert isinstance(deadline["recurring"], bool)
                assert deadline["year"] is None or isinstance(deadline["year"], int), deadline
                assert deadline["recipient"] in DEADLINE_BODIES, deadline


def test_corpus_covers_decades_bodies_languages_and_layouts():
    """Issue 15 asks for 40+ texts from the 1940s to the 2020s, of the General Assembly, the Council and the
    Commissions, in French and Spanish too, in the layouts people copy from. Every decade from the 1940s to
    the 2020s is required. No text of the Commission on Crime Prevention and Criminal Justice could be
    obtained from the stored sources (see SOURCES.md, "Known gaps"); when one is added, put "CCPCJ" into
    BODIES_REQUIRED."""
    complete = [e for e in ENTRIES if e.expected]
    decades = {e.expected["adopted"].year // 10 * 10 for e in complete if e.expected["adopted"]}
    assert len(complete) >= 60
    assert decades >= set(range(1940, 2030, 10)), sorted(set(range(1940, 2030, 10)) - decades)
    assert sum(e.expected["adopted"] is not None and e.expected["adopted"].year >= 2020 for e in complete) >= 3
    assert {e.expected["body"] for e in complete} >= BODIES_REQUIRED
    assert sum(e.expected["body"] == "CND" for e in complete) >= 4
    assert {"fr", "es"} <= {e.expected["language"] for e in complete}
    whole = {e.expected["language"] for e in complete if not e.expected["partial"]}
    assert {"fr", "es"} <= whole, "a French and a Spanish resolution whose own text is complete"
    assert sum(e.expected["language"] == "fr" and not e.expected["partial"] for e in complete) >= 2
    layouts = {tag for e in complete for tag in e.expected["layout"]}
    assert {"archive-header", "meeting-above-title", "one-line", "flattened", "subparagraphs", "annex",
            "footnotes-slash", "unnumbered", "partial", "seed", "two-sessions", "passive-request",
            "addressee-list", "adverb", "former-office-name", "no-space-number", "draft", "lost-italics"} <= layouts
    assert sum("seed" in e.expected["layout"] for e in complete) == 4


# --- the scorer measures what it says ----------------------------------------------------------

def _oracle(entry):
    """A parse result in the adapter's plain form, built from the expected file: a perfect parser."""
    exp = copy.deepcopy(entry.expected)
    return {"preambular_count": exp["preambular_count"], "title": exp["title"],
            "operative": [{"number": p["number"], "text": f"{p['first_words']} … {p['last_words']}",
                           "footnotes": p["footnotes"], "subparagraphs": p["subparagraphs"],
                           "obligations": p["obligations"]} for p in exp["operative"]]}


def test_scorer_gives_a_perfect_parse_full_marks():
    by_name = {e.name: e for e in ENTRIES}
    report = corpus.score(ENTRIES, lambda text, entry: _oracle(by_name[entry.name]))
    assert report.mismatches == []
    assert all(report.accuracy(name) == 1.0 for name in corpus.FIELDS)
    assert report.checks["deadlines"] >= 25 and report.checks["verbs"] >= 100


def test_scorer_names_the_file_and_field_of_each_miss():
    entry = next(e for e in ENTRIES if e.name == "1972_ecosoc_1664_archive-oneline")

    def cut_list(text, entry):
        result = _oracle(entry)
        result["operative"][1]["obligations"] = [{"verb": "urges", "addressees": ["States"], "deadlines": []}]
        result["operative"][3]["obligations"][0]["deadlines"] = result["operative"][3]["obligations"][0]["deadlines"][:1]
        return result

    report = corpus.score([entry], cut_list)
    assert report.accuracy("addressees") < 1.0 and report.accuracy("deadlines") == 0.5
    assert {(m.file, m.field, m.paragraph) for m in report.mismatches} == {
        ("1972_ecosoc_1664_archive-oneline", "addressees", 2),
        ("1972_ecosoc_1664_archive-oneline", "deadlines", 4),
        ("1972_ecosoc_1664_archive-oneline", "recipients", 4)}


def test_the_seeds_keep_their_paragraph_counts_through_the_adapter():
    """The project's parser, read through corpus.adapter, on the four seeds: 13 / 9 / 9 / 33."""
    from mandates.resolutions.parsing import parse_text

    seeds = [e for e in ENTRIES if "seed" in e.expected["layout"]]
    report = corpus.score(seeds, parse_text)
    assert report.accuracy("paragraph_count") == 1.0, [str(m) for m in report.mismatches_for("paragraph_count")]
    assert sorted(e.expected["operative_count"] for e in seeds) == [9, 9, 13, 33]
