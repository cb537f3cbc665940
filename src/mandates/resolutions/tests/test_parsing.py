"""The parser on the real seed texts and on texts shaped differently."""
import pytest

from mandates.resolutions.parsing import ParseError, parse_text

from .conftest import SEEDS, seed_text


def operative(prefix):
    return {p.number: p for p in parse_text(seed_text(prefix)).operative}


@pytest.mark.parametrize("prefix, preambular, numbers", [
    ("000", 2, 13), ("001", 10, 9), ("002", 5, 9), ("003", 19, 33),
])
def test_seed_paragraph_counts(prefix, preambular, numbers):
    parsed = parse_text(seed_text(prefix))
    assert len(parsed.preambular) == preambular
    assert [p.number for p in parsed.operative] == list(range(1, numbers + 1))
    assert parsed.warnings == []


def test_the_copies_are_the_seed_texts():
    from mandates.core.testing import SEEDS_DIR as shared
    if not shared.is_dir():
        pytest.skip("the shared seeds are not on this machine")
    for copy in SEEDS.glob("*.txt"):
        assert copy.read_bytes() == (shared / copy.name).read_bytes()


@pytest.mark.parametrize("prefix, number, verb, category, addressee", [
    ("000", 1, "Welcomes", "none", ""),
    ("000", 7, "Requests", "office", "the United Nations Office on Drugs and Crime"),
    ("000", 8, "Also requests", "office", "the United Nations Office on Drugs and Crime"),
    ("000", 10, "Invites", "member_states", "all Member States, as well as subregional and regional institutions"),
    ("000", 12, "Invites", "other", None),
    ("000", 13, "Requests", "executive_director", "the Executive Director of the United Nations Office on Drugs and Crime"),
    ("001", 1, "Commends", "none", ""),
    ("001", 6, "Also invites", "member_states", "Member States"),
    ("001", 7, "Encourages", "member_states", "recipient Member States that are in a position to do so"),
    ("001", 9, "Also requests", "secretary_general", "the Secretary-General"),
    ("002", 1, "Approves", "none", ""),
    ("002", 5, "Urges", "member_states", "Member States and other partners"),
    ("002", 8, "Also requests", "executive_director", "the Executive Director"),
    ("002", 9, "Requests", "office", "the United Nations Office on Drugs and Crime"),
    ("003", 2, "Also takes note with appreciation", "none", ""),
    ("003", 5, "Calls upon", "member_states", "Member States"),
    ("003", 8, "Urges", "office", "the United Nations Office on Drugs and Crime"),
    ("003", 9, "Recognizes", "office", "the Office"),  # "... and requests the Office to continue"
    ("003", 19, "Encourages", "states_parties", "States parties"),
    ("003", 20, "Requests", "secretary_general", "the Secretary-General"),
    ("003", 25, "Reiterates its request to", "office", "the United Nations Office on Drugs and Crime"),
    ("003", 31, "Recommends", "other", None),
    ("003", 33, "Also requests", "secretary_general", "the Secretary-General"),
])
def test_verbs_and_addressees(prefix, number, verb, category, addressee):
    paragraph = operative(prefix)[number]
    assert paragraph.verb == verb
    assert paragraph.addressee_category == category
    if addressee is not None:
        assert paragraph.addressee == addressee


def test_preambular_verbs():
    parsed = parse_text(seed_text("003"))
    verbs = [p.verb for p in parsed.preambular]
    assert verbs[:4] == ["Recalling", "Taking note with appreciation", "Reaffirming", "Reaffirming also"]
    assert parse_text(seed_text("002")).preambular[2].verb == "Taking into consideration"


def test_paragraphs_cut_by_page_breaks_are_joined_and_footnotes_dropped():
    para_001 = operative("001")
    assert "at the multilateral level with the United Nations" in para_001[5].text
    assert "Transnational Organized Crime;" in para_001[5].text
    assert "General Assembly resolution 55/255" not in para_001[5].text  # the footnote between the halves
    assert "technical cooperation, of the regular budget" in para_001[8].text  # marker ¹⁰ gone
    preamble = parse_text(seed_text("001")).preambular
    assert any("Firearms, Their Parts and Components and Ammunition" in p.text for p in preamble)
    para_002 = operative("002")
    assert "relevant civil society entities, shall be undertaken" in para_002[3].text
    assert "inter alia" in para_002[4].text and "*" not in para_002[4].text


def test_plain_footnote_markers_are_removed_but_numbers_kept():
    parsed = parse_text(seed_text("003"))
    second = parsed.preambular[1].text
    assert "Drugs and Crime, which aims" in second
    assert "resolution 63/195;" in parsed.operative[0].text
    assert "Convention against Corruption and all" in parsed.preambular[2].text
    assert "resolutions 2008/23, 2008/24 and 2008/25 of 24 July 2008" in parsed.preambular[6].text
    for paragraph in parsed.paragraphs:
        assert "<sup>" not in paragraph.text and "¹" not in paragraph.text and "\t" not in paragraph.text


def test_annex_is_not_operative():
    parsed = parse_text(seed_text("002"))
    assert parsed.annex_line is not None
    assert all("mission of the United Nations Office" not in p.text for p in parsed.paragraphs)
    assert parsed.operative[-1].text.endswith("project cycle management.")


def test_header_hints():
    assert parse_text(seed_text("003")).symbol_hint == "A/RES/64/179"
    assert str(parse_text(seed_text("003")).date_hint) == "2009-12-18"
    assert str(parse_text(seed_text("000")).date_hint) == "2009-07-30"
    assert parse_text(seed_text("002")).title.startswith("Strategy for the period 2008-2011")
    assert parse_text(seed_text("000")).number_hint == "2009/23"


HARD_WRAPPED = """Decision of the Commission

The Commission on Narcotic Drugs,

Recalling its resolution 52/1 on the promotion of international
cooperation in countering money-laundering,

1. Requests the United Nations Office on Drugs and Crime to
submit a report on the implementation of the present resolution
to the Commission at its fifty-fourth session;

2. Invites Member States to:
(a) Share information;
(b) Provide extrabudgetary resources;

3. Decides to remain seized of the matter.
"""


def test_hard_wrapped_lines_and_sub_paragraphs():
    parsed = parse_text(HARD_WRAPPED)
    assert len(parsed.preambular) == 1
    assert parsed.preambular[0].text.endswith("countering money-laundering,")
    numbers = {p.number: p for p in parsed.operative}
    assert list(numbers) == [1, 2, 3]
    assert numbers[1].text == ("Requests the United Nations Office on Drugs and Crime to submit a report on the "
                               "implementation of the present resolution to the Commission at its fifty-fourth session;")
    assert numbers[2].text.splitlines() == ["Invites Member States to:", "(a) Share information;",
                                            "(b) Provide extrabudgetary resources;"]
    assert numbers[3].verb == "Decides"


def test_unnumbered_operative_paragraph_of_a_decision():
    parsed = parse_text("The General Assembly,\n\nRecalling its resolution 63/195,\n\n"
                        "Decides to include in the provisional agenda of its sixty-fifth session the item entitled "
                        "\"Crime prevention and criminal justice\".\n")
    assert len(parsed.operative) == 1
    assert parsed.operative[0].number == 1 and parsed.operative[0].verb == "Decides"


def test_numbering_that_starts_again_is_an_annex():
    text = ("The Council,\n\nRecalling its work,\n\n1. Approves the plan;\n\n2. Requests the Secretary-General to "
            "report;\n\nThe plan\n\n1. The mission is to help.\n")
    parsed = parse_text(text)
    assert [p.number for p in parsed.operative] == [1, 2]
    assert parsed.operative[1].text == "Requests the Secretary-General to report;"
    assert parsed.warnings and "line 11" in parsed.warnings[0].lower()


def test_no_operative_paragraph_is_an_error_naming_the_line():
    text = "Resolution 1/1\n\nThe General Assembly,\n\nRecalling its resolution 63/195,\n\n12th plenary meeting\n"
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.line == 7
    assert "Line 7" in str(caught.value) and "operative paragraph" in str(caught.value)


def test_an_impossible_date_of_adoption_is_an_error_naming_the_line():
    text = "The General Assembly,\n\n1. Requests the Secretary-General to report;\n\n65th plenary meeting 31 Febuary 2009\n"
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.line == 5 and "31 Febuary 2009" in str(caught.value)
    with pytest.raises(ParseError, match="Line 1: the date of adoption “30 February 2009” is not a date"):
        parse_text("Resolution adopted by the General Assembly on 30 February 2009\n\nThe General Assembly,\n\n"
                   "1. Decides to act;\n")
