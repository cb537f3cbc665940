"""The parser on the layouts resolutions are published in (issue 15, "What was seen"): each test is a
pattern of the standard, not a file. Pure parsing, no database."""
import pytest

from mandates.resolutions.parsing import ParseError, parse_text, result

from .conftest import seed_text

ARCHIVE = """ECONOMIC AND SOCIAL COUNCIL
1042nd Plenary Meeting
28 July 1958
689 (XXVI). Narcotic drugs

The Economic and Social Council,

Noting the report of the Commission on Narcotic Drugs on its thirteenth session,16/

Being aware of the danger of the illicit traffic,*/

Having regard to the Single Convention,74/
Taking fully into account the views of the Commission17/ and of the Governments,**/

1.Commends the Division of Narcotic Drugs for its work;

2. Appeals consequently to Governments, institutions and individuals to cooperate with the Division;

3. Requests that a report be submitted to the Commission on Narcotic Drugs at its fourteenth session;

4. Requests the Secretary-General to provide the Commission on Narcotic Drugs with a study on:
(a) the traffic;
(b) the seizures; and
(c) the penalties.

1042nd plenary meeting,
28 July 1958.

16/ Official Records of the Economic and Social Council, Twenty-sixth Session, Supplement No. 9.
17/ E/CN.7/350.
74/ United Nations, Treaty Series, vol. 520.
*/ See annex.
**/ E/CN.7/351.
"""


@pytest.fixture(scope="module")
def archive():
    return parse_text(ARCHIVE)


def test_meeting_line_above_the_title_is_header_not_closing(archive):
    assert archive.layout.meeting_above_title == "1042nd Plenary Meeting"
    assert archive.layout.closing.startswith("1042nd plenary meeting")
    assert archive.title == "Narcotic drugs" and archive.number_hint == "689(XXVI)"
    assert archive.body_hint == "ECOSOC" and str(archive.date_hint) == "1958-07-28"


def test_paragraph_counts_and_no_space_after_the_number(archive):
    assert len(archive.preambular) == 4
    assert [p.number for p in archive.operative] == [1, 2, 3, 4]
    assert archive.operative[0].text.startswith("Commends the Division")


def test_footnote_markers_leave_the_text_and_stay_on_the_paragraph(archive):
    noting, aware, regard, taking = archive.preambular
    assert noting.text.endswith("thirteenth session,") and [str(f) for f in noting.footnotes] == ["16/"]
    assert noting.footnotes[0].text.startswith("Official Records of the Economic and Social Council")
    assert aware.text.endswith("illicit traffic,") and [str(f) for f in aware.footnotes] == ["*/"]
    # ",74/" ends a complete paragraph: the next one is not swallowed
    assert regard.text == "Having regard to the Single Convention," and regard.footnotes[0].text.startswith("United")
    assert taking.text == "Taking fully into account the views of the Commission and of the Governments,"
    assert [str(f) for f in taking.footnotes] == ["17/", "**/"]
    assert all("/" not in p.text for p in archive.preambular)


def test_preambular_phrases_of_several_words(archive):
    assert [p.verb for p in archive.preambular] == ["Noting", "Being aware", "Having regard to",
                                                     "Taking fully into account"]


def test_addressee_lists_adverbs_passive_requests_and_named_recipients(archive):
    appeal = archive.operative[1].obligations[0]
    assert archive.operative[1].verb == "Appeals consequently to"
    assert appeal.addressees == ["Governments, institutions and individuals"]
    passive = archive.operative[2].obligations[0]
    assert passive.passive and passive.addressees == [] and passive.recipient_body == "CND"
    assert passive.deadlines[0].text == "at its fourteenth session"
    study = archive.operative[3].obligations[0]
    assert study.addressee_category == "secretary_general" and study.recipient_body == "CND"


def test_subparagraphs_stay_inside_and_are_addressable(archive):
    fourth = archive.operative[3]
    assert [s.label for s in fourth.subparagraphs] == ["a", "b", "c"]
    assert "(b) the seizures" in fourth.text
    assert archive.find("para. 4 (b)").text == "the seizures; and"
    assert archive.find("para. 4 (b)").reference == "para. 4 (b)"


def test_a_whole_resolution_on_one_line_is_split():
    flat = " ".join(line for line in ARCHIVE.splitlines() if line.strip())
    parsed = parse_text(flat)
    assert parsed.layout.one_line
    assert (len(parsed.preambular), len(parsed.operative)) == (4, 4)
    assert parsed.title == "Narcotic drugs"
    assert parsed.preambular[0].footnotes[0].text.startswith("Official Records")
    assert parsed.operative[3].text.endswith("(c) the penalties.")
    assert {p.line for p in parsed.paragraphs} == {1}  # positions name the source's line


@pytest.mark.parametrize("name", [
    "Division of Narcotic Drugs", "Crime Prevention and Criminal Justice Branch",
    "Crime Prevention and Criminal Justice Division", "United Nations International Drug Control Programme (UNDCP)",
    "Office for Drug Control and Crime Prevention (ODCCP)",
])
def test_the_offices_earlier_names_are_the_office(name):
    parsed = parse_text(f"The General Assembly,\n\nRecalling its resolutions,\n\n1. Requests the {name} to report "
                        "to the Commission at its next session;\n")
    assert parsed.operative[0].addressee_category == "office"


def test_superscript_bracket_and_html_markers():
    parsed = parse_text("The General Assembly,\n\nRecalling the Convention,¹\n\nNoting the report[2] of the Board,\n\n"
                        "1. Takes note of the report<sup>3</sup>;\n\n¹ A/64/1.\n[2] E/2009/1.\n")
    assert [p.text for p in parsed.paragraphs] == ["Recalling the Convention,", "Noting the report of the Board,",
                                                   "Takes note of the report;"]
    assert [[f.text for f in p.footnotes] for p in parsed.paragraphs] == [["A/64/1."], ["E/2009/1."], [""]]


def test_title_is_not_the_body_name_or_a_date_in_another_language():
    parsed = parse_text("Conseil économique et social\n28 juillet 1966\n1966/1104(XL).Report of the Commission\n\n"
                        "The Economic and Social Council,\n\n1. Takes note of the report;\n")
    assert parsed.title == "Report of the Commission" and parsed.number_hint == "1966/1104(XL)"


def test_the_asking_clause_is_the_obligation_on_a_seed():
    parsed = parse_text(seed_text("003"), body="GA")
    clauses = {p.number: [o.clause for o in p.obligations] for p in parsed.operative}
    assert clauses[9] == [c for c in clauses[9] if c.startswith("requests the Office to continue")] != []
    assert clauses[11][0].startswith("invites the Office to explore")
    assert clauses[16][0].startswith("urges the Office to consider")
    assert clauses[23][0].startswith("requests the Secretary-General to continue")
    assert [len(clauses[n]) for n in (22, 25)] == [2, 2]  # one obligation per asking clause


def test_unnumbered_operative_part_is_read_and_marked_guessed():
    parsed = parse_text("The Economic and Social Council,\n\nRecalling its resolution 1147(XLI),\n\n"
                        "Decides to enlarge the Commission to 30 members;\n\nRequests the Secretary-General to "
                        "report to the Council.\n")
    assert [p.number for p in parsed.operative] == [1, 2]
    assert result.BOUNDARY_GUESSED in [u.code for u in parsed.operative[0].unsure]
    assert not parsed.layout.numbered


def test_partial_text_warns_with_the_last_complete_paragraph():
    parsed = parse_text("The General Assembly,\n\nRecalling its resolution 63/195,\n\n1. Welcomes the report;\n\n"
                        "2. Requests the Office to continue its work;\n\n3. Urges Member States to provide the")
    assert parsed.partial and parsed.last_complete == 2
    assert parsed.warnings == ["Partial text: the last complete paragraph is 2."]
    assert [u.code for u in parsed.operative[-1].unsure] == [result.ENDS_MID_PARAGRAPH]


def test_french_and_spanish_verbs_and_addressees():
    fr = parse_text("L'Assemblée générale,\n\nRappelant ses résolutions,\n\nConsciente du problème,\n\n"
                    "1. Prend note avec satisfaction du rapport;\n\n2. Prie également le Secrétaire général de lui "
                    "présenter un rapport.\n\n65e séance plénière\n18 décembre 2009\n")
    assert fr.layout.language == "fr" and fr.body_hint == "GA" and str(fr.date_hint) == "2009-12-18"
    assert [p.verb for p in fr.paragraphs] == ["Rappelant", "Consciente", "Prend note avec satisfaction",
                                                "Prie également"]
    assert fr.operative[1].obligations[0].addressees == ["le Secrétaire général"]
    es = parse_text("La Asamblea General,\n\nTeniendo en cuenta la estrategia,\n\n1. Insta a los Estados Miembros a "
                    "que fortalezcan su cooperación;\n\n2. Pide también al Secretario General que le presente un "
                    "informe.\n")
    assert es.layout.language == "es"
    assert [o.addressee_category for p in es.operative for o in p.obligations] == ["member_states",
                                                                                   "secretary_general"]


def test_a_text_without_operative_part_is_refused():
    with pytest.raises(ParseError):
        parse_text("Annual report of the Board\n\nThe Board met four times in 2009.\n")


@pytest.mark.parametrize("prefix, preambular, operative", [("000", 2, 13), ("001", 10, 9), ("002", 5, 9),
                                                           ("003", 19, 33)])
def test_the_seeds_flattened_onto_one_line_give_the_same_split(prefix, preambular, operative):
    text = seed_text(prefix)
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    parsed, original = parse_text(flat), parse_text(text)
    assert (len(parsed.preambular), len(parsed.operative)) == (preambular, operative)
    assert [p.number for p in parsed.operative] == list(range(1, operative + 1))
    assert parsed.title == original.title


def test_a_pdf_page_of_a_longer_resolution():
    page = ("A/RES/73/192\nInternational cooperation against the world drug problem\n"
            "thereto and the United Nations Convention against Corruption;\n"
            "102.\nRequests the Office to continue to provide technical assistance to Governments, and urges\n"
            "donors to contribute to the Office for those purposes;\n"
            "103. Takes note of the resolutions adopted by the Commission on Narcotic\n"
            "Drugs at its sixty-first session 5 and of the World Drug Report 2018;\n"
            "104. Also takes note of Human Rights Council resolution 37/42 of 23 March\n"
            "2018, 23 entitled “Contribution to the joint commitment”, and of paragraph 5 of its annex;\n")
    parsed = parse_text(page)
    assert parsed.title == "International cooperation against the world drug problem"
    assert [p.number for p in parsed.operative] == [102, 103, 104] and parsed.preambular == []
    assert parsed.warnings[0].endswith("the text starts at paragraph 102; the paragraphs before it are missing.")
    assert [o.verb for o in parsed.operative[0].obligations] == ["Requests", "urges"]
    assert [str(f) for f in parsed.operative[1].footnotes] == ["5"]
    assert "session and of the World" in parsed.operative[1].text
    assert [str(f) for f in parsed.operative[2].footnotes] == ["23"]  # "paragraph 5" is not a marker
    assert "paragraph 5 of its annex" in parsed.operative[2].text


def test_margin_numbers_displaced_by_a_pdf_copy_and_a_lost_italic_verb():
    page = ("A/RES/62/174 ... en África; 3. Encomia al Secretario General por sus gestiones encaminadas a movilizar "
            "los recursos financieros que necesita el Instituto; Reitera la necesidad de seguir aumentando la "
            "capacidad del Instituto para 4. apoyar los mecanismos nacionales de prevención del delito; Observa que "
            "se ha registrado un considerable aumento en los niveles de 5. pago de las contribuciones al Instituto; "
            "6. Insta a los Estados miembros del Instituto a que sigan cumpliendo sus obligaciones;")
    parsed = parse_text(page)
    assert [p.number for p in parsed.operative] == [3, 4, 5, 6]
    assert parsed.operative[1].text.startswith("Reitera la necesidad") and "para apoyar" in parsed.operative[1].text
    assert parsed.operative[2].text.startswith("Observa que")
    lost = parse_text("The Commission on Narcotic Drugs,\nRecalling its resolution 58/8,\nto transmit the outcome "
                      "document to the General Assembly.\n")
    assert (len(lost.preambular), len(lost.operative)) == (1, 1)
    assert result.NO_VERB in [u.code for u in lost.operative[0].unsure]  # shown to the reviewer
