"""The resolution corpus is well formed: every text has its hand-made expected file and its SOURCES
entry, the expected files follow expected/README.md, and the corpus covers what issue 15 asks.
No database, no parser: this checks the measuring stick, not what it measures."""
import datetime
import re

import pytest

from mandates.resolutions.tests import corpus

BODIES = {"GA", "ECOSOC", "CND", "CCPCJ"}
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
    assert exp["operative_count"] == len(exp["operative"]) > 0
    text = _flat(entry.text)
    loose = corpus.norm(LOOSE_MARKER_RE.sub("", text))  # also without markers standing alone: "2015 2 ;"
    for index, para in enumerate(exp["operative"]):
        assert set(para) == PARAGRAPH_KEYS, (index, set(para) ^ PARAGRAPH_KEYS)
        assert para["number"] is None or para["number"] == index + 1 or exp["partial"], para["number"]
        for key in ("first_words", "last_words"):
            found = corpus.words(para[key])
            assert 1 <= len(found) <= 6, (para["number"], key)
            assert " ".join(found) in text or " ".join(found) in loose, \
                f"para {para['number']} {key} {para[key]!r} is not in the text"
        assert isinstance(para["footnotes"], list) and isinstance(para["subparagraphs"], list)
        for obligation in para["obligations"]:
            assert set(obligation) == {"verb", "addressees", "deadlines"}, obligation
            assert obligation["verb"] == obligation["verb"].lower() and obligation["verb"]
            assert isinstance(obligation["addressees"], list)
            for deadline in obligation["deadlines"]:
                assert DEADLINE_KEYS <= set(deadline) <= DEADLINE_KEYS | {"date"}, deadline
                assert deadline["body"] in DEADLINE_BODIES, deadline
                assert deadline["session"] is None or deadline["session"] == "special" \
                    or isinstance(deadline["session"], int), deadline
                assert deadline["phrase"] and corpus.norm(deadline["phrase"]) in text, deadline["phrase"]
                assert isinstance(deadline["recurring"], bool)


@pytest.mark.xfail(reason="the corpus is being filled in batches (issue 15): coverage reached at the last batch",
                   strict=False)
def test_corpus_covers_decades_bodies_and_languages():
    complete = [e for e in ENTRIES if e.expected]
    decades = {e.expected["adopted"].year // 10 for e in complete if e.expected["adopted"]}
    assert len(complete) >= 40
    assert len(decades) >= 5, sorted(decades)
    assert {e.expected["body"] for e in complete} >= BODIES
    assert {"fr", "es"} <= {e.expected["language"] for e in complete}
    layouts = {tag for e in complete for tag in e.expected["layout"]}
    assert {"archive-header", "one-line", "subparagraphs", "annex", "footnotes-slash", "seed"} <= layouts
