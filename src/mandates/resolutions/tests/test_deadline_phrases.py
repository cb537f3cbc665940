"""Every deadline of a clause, with its session, date, precision, recipient and recurrence — phrases
from real resolutions (the issue's cases first), then every session deadline of the corpus."""
import datetime
import re

import pytest

from mandates.resolutions.analysis import analyse_operative
from mandates.resolutions.deadlines import (
    DeadlineContext,
    SessionRef,
    derive_obligations,
    find_deadlines,
    session_from_symbol,
)
from mandates.resolutions.tests import corpus

D = datetime.date


def found(text, body, adopted, **context):
    ctx = DeadlineContext(body=body, adopted=adopted, **context)
    return [(d.text, d.body, d.session.number if d.session else None, d.date, d.date_precision, d.recipient,
             d.recurrence) for d in find_deadlines(text, ctx)]


def test_a_1958_text_dates_the_fourteenth_session_1959_and_keeps_both_sessions():
    text = ("Requests the Secretary-General to report on these matters to the Commission on Narcotic Drugs at its "
            "fourteenth session, and subsequently to the twenty-eighth session of the Economic and Social Council.")
    assert found(text, "ECOSOC", D(1958, 7, 28)) == [
        ("at its fourteenth session", "CND", 14, D(1959, 4, 1), "month", "CND", ""),
        ("to the twenty-eighth session of the Economic and Social Council", "ECOSOC", 28, D(1959, 6, 1), "month",
         "ECOSOC", ""),
    ]


def test_the_obligation_is_kept_for_each_session():
    text = ("Requests the Secretary-General to report on these matters to the Commission on Narcotic Drugs at its "
            "fourteenth session, and subsequently to the twenty-eighth session of the Economic and Social Council.")
    drafts = derive_obligations(text, analyse_operative(text), body="ECOSOC", on=D(1958, 7, 28))
    assert [(d.recipient_body, d.deadline, d.deadline_precision) for d in drafts] == [
        ("CND", D(1959, 4, 1), "month"), ("ECOSOC", D(1959, 6, 1), "month")]


def test_a_passive_request_to_the_commission_is_an_obligation_to_report():
    text = "Requests that a report be submitted to the Commission at its twenty-fifth session;"
    drafts = derive_obligations(text, analyse_operative(text), body="CND", on=D(1971, 10, 15))
    assert [(d.kind, d.actor, d.recipient_body, d.deadline) for d in drafts] == [
        ("report", "", "CND", D(1973, 1, 22))]


def test_the_recipient_is_the_body_named_not_the_adopting_council():
    text = ("Requests the Secretary-General to provide the Commission on Narcotic Drugs, at each annual session, "
            "with the best available information on future project proposals")
    assert found(text, "ECOSOC", D(1966, 3, 4)) == [
        ("at each annual session", "CND", 21, D(1966, 12, 1), "month", "CND", "session")]
    drafts = derive_obligations(text, analyse_operative(text), body="ECOSOC", on=D(1966, 3, 4))
    assert [(d.recipient_body, d.recurrence, d.recurrence_months) for d in drafts] == [("CND", "session", 12)]


def test_this_special_session_is_carried_from_another_paragraph():
    context = DeadlineContext(body="CND", adopted=D(1997, 3, 27))
    first = ("Decides that the Commission shall act as the preparatory body for the special session of the General "
             "Assembly, and that the Assembly will consider the matter at its twentieth special session;")
    context.observe(first)
    later = "Requests the Executive Director to submit a report to the General Assembly at that special session;"
    [deadline] = find_deadlines(later, context)
    assert deadline.session == SessionRef("GA", 20, "special") and deadline.date == D(1998, 6, 8)
    own = DeadlineContext.for_resolution(body="GA", adopted=D(1998, 6, 10), symbol="A/RES/S-20/2")
    assert find_deadlines("to report to the General Assembly at this special session", own)[0].date == D(1998, 6, 8)


def test_a_session_named_by_its_year_is_the_one_in_the_calendar():
    text = ("the Commission on Narcotic Drugs shall hold a special session in 1974, if possible after February, in "
            "addition to its session scheduled for 1975;")
    assert [(b, n, d) for _t, b, n, d, _p, _r, _c in found(text, "ECOSOC", D(1973, 5, 18))] == [
        ("CND", 3, D(1974, 2, 18)), ("CND", 26, D(1975, 2, 17))]


@pytest.mark.parametrize("symbol, body, ref", [
    ("A/RES/64/179", "GA", SessionRef("GA", 64)), ("A/RES/S-20/2", "GA", SessionRef("GA", 20, "special")),
    ("E/RES/1969/1402(XLVI)", "ECOSOC", SessionRef("ECOSOC", 46)),
    ("E/RES/1958/688 A(XXVI)", "ECOSOC", SessionRef("ECOSOC", 26)),
    ("E/RES/2009/23", "ECOSOC", SessionRef("ECOSOC", 2009, "substantive")),
    ("E/RES/2016/19", "ECOSOC", SessionRef("ECOSOC", 2016, "annual")),
    ("CND 52/1", "CND", SessionRef("CND", 52)),
    ("A/RES/211(III)A", "GA", SessionRef("GA", 3)),
])
def test_the_resolutions_own_session_from_its_symbol(symbol, body, ref):
    assert session_from_symbol(symbol, body) == ref


def test_a_meeting_convened_in_an_earlier_paragraph_gives_its_date():
    context = DeadlineContext(body="GA", adopted=D(2009, 12, 18))
    context.observe("Requests the Secretary-General to convene in the second quarter of 2010 a special one-day "
                    "high-level meeting of the General Assembly on transnational organized crime;")
    [deadline] = find_deadlines("Invites Member States to be represented at the highest level during the special "
                                "one-day high-level meeting;", context)
    assert deadline.date == D(2010, 6, 30) and "second quarter of 2010" in deadline.rule
    assert find_deadlines("during the annual donors meeting", context) == []


def test_the_commission_named_in_an_earlier_paragraph():
    context = DeadlineContext(body="ECOSOC", adopted=D(1966, 3, 4))
    context.observe("Takes note of the report of the Commission on Narcotic Drugs (twentieth session);")
    assert found("to report thereof to the Commission at its twenty-first session in December 1966;", "ECOSOC",
                 D(1966, 3, 4), bodies=context.bodies) == [
        ("at its twenty-first session", "CND", 21, D(1966, 12, 1), "month", "CND", "")]


@pytest.mark.parametrize("text, body, adopted, expected", [
    ("to report to the General Assembly at its sixty-fifth session", "ECOSOC", D(2009, 7, 30),
     [("GA", 65, D(2010, 9, 14), "day")]),
    ("to report at the sixty-fifth session of the General Assembly", "CND", D(2009, 3, 20),
     [("GA", 65, D(2010, 9, 14), "day")]),
    ("to report to it at its 25th session", "CCPCJ", D(2015, 5, 22), [("CCPCJ", 25, D(2016, 5, 23), "day")]),
    ("to report to the Council at its fortieth regular session", "ECOSOC", D(1965, 7, 30),
     [("ECOSOC", 40, D(1966, 2, 23), "day")]),
    ("to report to the Commission at its reconvened fifty-second session", "CND", D(2009, 3, 20),
     [("CND", 52, D(2009, 12, 1), "day")]),
    ("Prie l'Office de lui faire rapport à sa cinquante-quatrième session", "CND", D(2010, 3, 12),
     [("CND", 54, D(2011, 3, 21), "day")]),
    ("Pide a la Oficina que le informe en su 54º período de sesiones", "CND", D(2010, 3, 12),
     [("CND", 54, D(2011, 3, 21), "day")]),
    ("Pide a la Oficina que le informe en su quincuagésimo cuarto período de sesiones", "CND", D(2010, 3, 12),
     [("CND", 54, D(2011, 3, 21), "day")]),
    ("prie le Secrétaire général de présenter à l'Assemblée générale, à sa soixante-dixième session, un rapport",
     "GA", D(2014, 12, 18), [("GA", 70, D(2015, 9, 15), "day")]),
    ("to report to the Conference of the Parties at its sixth session", "COP-UNTOC", D(2010, 10, 22),
     [("COP-UNTOC", 6, D(2012, 10, 15), "day")]),
    ("to report to the Commission at its next session", "CND", D(1958, 5, 30), [("CND", 14, D(1959, 4, 1), "month")]),
    ("to present its findings at the Twelfth United Nations Congress on Crime Prevention and Criminal Justice", "GA",
     D(2009, 12, 18), [("CONGRESS", 12, D(2010, 4, 12), "day")]),
    ("to report to the Council at its substantive session of 2010", "ECOSOC", D(2009, 7, 30),
     [("ECOSOC", 2010, D(2010, 6, 28), "day")]),  # ECOSOC/6412: 28 June-23 July 2010
    ("to report to the Council at its first regular session of 1985", "ECOSOC", D(1984, 7, 20),
     [("ECOSOC", 1985, D(1985, 4, 1), "month")]),
    ("to report to the Council at its 2016 session", "ECOSOC", D(2015, 7, 22),
     [("ECOSOC", 2016, D(2015, 7, 1), "month")]),
    ("to report to the Commission on Narcotic Drugs at its session of 1975", "ECOSOC", D(1974, 5, 15),
     [("CND", 26, D(1975, 2, 17), "day")]),
])
def test_sessions(text, body, adopted, expected):
    assert [(b, n, d, p) for _t, b, n, d, p, _r, _c in found(text, body, adopted)] == expected


@pytest.mark.parametrize("text, adopted, expected", [
    ("to report to the Commission at its sessions to be held in the first half of 2011", D(2009, 7, 30),
     [("in the first half of 2011", D(2011, 6, 30))]),
    ("to achieve the goals by 2015", D(2009, 12, 18), [("by 2015", D(2015, 12, 31))]),
    ("to complete the study before the end of 2010", D(2009, 12, 18), [("before the end of 2010", D(2010, 12, 31))]),
    ("to convene the committee in December 1966", D(1966, 3, 4), [("in December 1966", D(1966, 12, 31))]),
    ("de presentar el estudio antes de fines de 2012", D(2011, 4, 15), [("antes de fines de 2012", D(2012, 12, 31))]),
    ("held in Vienna from 16 to 24 April 2009, and to report in 2011", D(2009, 12, 18), [("in 2011", D(2011, 12, 31))]),
])
def test_periods(text, adopted, expected):
    assert [(t, d) for t, _b, _n, d, _p, _r, _c in found(text, "GA", adopted)] == expected


@pytest.mark.parametrize("text, body, recurrence, months, first", [
    ("to report biennially to the Commission on its activities", "CND", "biennial", 24, D(2010, 3, 8)),
    ("to report to the General Assembly every two years", "ECOSOC", "biennial", 24, D(2010, 9, 14)),
    ("to report annually to the Commission on Crime Prevention and Criminal Justice", "ECOSOC", "annual", 12,
     D(2010, 5, 17)),
    ("to report to the General Assembly at its sixty-fifth session and every four years thereafter", "GA",
     "every 4 years", 48, D(2010, 9, 14)),
])
def test_recurring_obligations_have_a_first_due_date_and_a_period(text, body, recurrence, months, first):
    [deadline] = find_deadlines(text, DeadlineContext(body=body, adopted=D(2009, 12, 18)))
    assert (deadline.recurrence, deadline.period_months, deadline.date) == (recurrence, months, first)


# --- the corpus: every session deadline of every expected file ------------------------------------

def _corpus_cases():
    cases = []
    for entry in corpus.entries():
        exp = entry.expected
        if not exp.get("adopted"):
            continue
        for para in exp["operative"]:
            for obligation in para.get("obligations", []):
                for deadline in obligation.get("deadlines", []):
                    if "referred to in paragraph" not in deadline["phrase"]:  # the services follow those
                        cases.append(pytest.param(entry, deadline, id=f"{entry.name}:{deadline['phrase'][:40]}"))
    return cases


@pytest.mark.parametrize("entry, expected", _corpus_cases())
def test_corpus_session_deadlines(entry, expected):
    text = re.sub(r"\s+", " ", corpus.strip_markers(entry.text_path.read_text(encoding="utf-8")))
    phrase = re.sub(r"\s+", " ", expected["phrase"])
    at = text.find(phrase)
    assert at >= 0, phrase
    start = max(text.rfind(";", 0, at), text.rfind(". ", 0, at), text.rfind(":", 0, at)) + 1
    end = min(i for i in (text.find(";", at), text.find(". ", at), len(text)) if i >= 0)
    adopted = D.fromisoformat(str(entry.expected["adopted"]))
    context = DeadlineContext.for_resolution(body=entry.expected["body"], adopted=adopted,
                                             symbol=entry.expected.get("symbol", ""))
    context.observe(text[:start])
    got = find_deadlines(text[start:end], context)
    session = expected.get("session")
    if not expected.get("body"):  # a date or a year: the phrases contain each other, the year is the same
        matches = [d for d in got if d.text in phrase or phrase in d.text]
        assert matches, (phrase, [d.text for d in got])
        if expected.get("year"):
            assert matches[0].date.year == expected["year"]
        if expected.get("date"):
            assert matches[0].date == D.fromisoformat(str(expected["date"]))
        return
    matches = [d for d in got if d.body == expected["body"] and (
        session is None or (session == "special" and d.session and d.session.kind == "special")
        or (d.session and d.session.number == session))]
    assert matches, (phrase, [(d.text, d.body, d.session) for d in got])
    deadline = matches[0]
    if expected.get("year"):
        assert deadline.date is not None and deadline.date.year == expected["year"]
    if expected.get("recurring"):
        assert deadline.recurrence
    if expected.get("recipient"):
        assert expected["recipient"] in {d.recipient for d in matches}
