"""Deadlines in the words of a paragraph, resolved to dates (rules in data/README.md)."""
import datetime

import pytest

from mandates.resolutions.deadlines import bodies_named, find_deadline, ordinal

D = datetime.date
ON_2009 = D(2009, 12, 18)


@pytest.mark.parametrize("word, number", [
    ("first", 1), ("nineteenth", 19), ("twentieth", 20), ("fiftieth", 50), ("sixty-fifth", 65),
    ("seventy-third", 73), ("65th", 65), ("21st", 21), ("resolution", None), ("sixty-fiftieth", None),
])
def test_ordinals(word, number):
    assert ordinal(word) == number


@pytest.mark.parametrize("text, body, on, expected, words", [
    # periods of a year
    ("to report ... at their sessions to be held in the first half of 2011", "ECOSOC", D(2009, 7, 30),
     D(2011, 6, 30), "at their sessions to be held in the first half of 2011"),
    ("to convene in the second quarter of 2010 a special meeting", "GA", ON_2009, D(2010, 6, 30),
     "in the second quarter of 2010"),
    ("to report by September 2009", "ECOSOC", D(2009, 3, 1), D(2009, 9, 30), "by September 2009"),
    ("to report in the second half of 2010", "GA", ON_2009, D(2010, 12, 31), "in the second half of 2010"),
    ("to hold the meeting in 2011", "GA", ON_2009, D(2011, 12, 31), "in 2011"),
    ("to finish by the end of 2010", "GA", ON_2009, D(2010, 12, 31), "by the end of 2010"),
    ("to finish by mid-2010", "GA", ON_2009, D(2010, 6, 30), "by mid-2010"),
    ("to submit it not later than 31 March 2011", "GA", ON_2009, D(2011, 3, 31), "not later than 31 March 2011"),
    # numbered sessions: the listed opening date, or the body's calendar
    ("to submit a report to the General Assembly at its sixty-fifth session", "GA", ON_2009, D(2010, 9, 14),
     "at its sixty-fifth session"),
    ("to submit a report to the General Assembly at its seventieth session", "GA", ON_2009, D(2015, 9, 15),
     "at its seventieth session"),
    ("to submit to the Commission on Narcotic Drugs at its reconvened fiftieth session a report", "ECOSOC",
     D(2007, 7, 25), D(2007, 11, 27), "at its reconvened fiftieth session"),
    ("to report to the Commission on Crime Prevention and Criminal Justice at its nineteenth session", "ECOSOC",
     ON_2009, D(2010, 5, 17), "at its nineteenth session"),
    ("to report to the Commission at its twenty-second session", "CCPCJ", D(2012, 4, 27), D(2013, 4, 22),
     "at its twenty-second session"),
    ("to report to it at its sixty-sixth session", "GA", ON_2009, D(2011, 9, 13), "at its sixty-sixth session"),
    ("to report at the sixty-fifth session of the General Assembly", "ECOSOC", ON_2009, D(2010, 9, 14),
     "at the sixty-fifth session of the General Assembly"),
    # next session, session of a year
    ("to report to the Commission at its next session", "CND", D(2009, 3, 20), D(2010, 3, 8),
     "at its next session"),
    ("to report to the General Assembly at its next session", "GA", ON_2009, D(2010, 9, 14), "at its next session"),
    ("to report to the Council at its substantive session of 2010", "ECOSOC", ON_2009, D(2010, 6, 28),
     "at its substantive session of 2010"),
    # the most precise wins; the past is not a deadline
    ("to report to the Commission at its nineteenth session, to be held in Vienna in May 2010", "CCPCJ", ON_2009,
     D(2010, 5, 17), "at its nineteenth session"),
    ("adopted by the Commission at its eighteenth session, held from 16 to 24 April 2009, and to report in 2011",
     "CCPCJ", ON_2009, D(2011, 12, 31), "in 2011"),
])
def test_deadlines_resolved_to_dates(text, body, on, expected, words):
    deadline = find_deadline(text, body=body, on=on)
    assert deadline is not None
    assert deadline.date == expected
    assert deadline.text == words


@pytest.mark.parametrize("text, body, words", [
    ("to report to the Security Council at its next session", "SC", "at its next session"),
])
def test_unresolvable_words_keep_their_text_and_no_date(text, body, words):
    deadline = find_deadline(text, body=body, on=ON_2009)
    assert deadline.text == words
    assert deadline.date is None


def test_no_deadline_words():
    assert find_deadline("to continue to provide technical assistance", body="GA", on=ON_2009) is None
    assert find_deadline("bearing in mind its resolution of 2008", body="GA", on=ON_2009) is None


def test_bodies_named_resolve_the_commission_to_the_one_named_before():
    text = ("Commission on Crime Prevention and Criminal Justice decision 17/1 ... by the Commission at its "
            "nineteenth session and by the General Assembly")
    assert [code for _pos, code in bodies_named(text, "GA")] == ["CCPCJ", "CCPCJ", "GA"]
    assert [code for _pos, code in bodies_named("the Commission at its next session", "CND")] == ["CND"]
    assert bodies_named("the Commission at its next session", "GA") == []


def test_older_interfaces_still_answer():
    from mandates.resolutions.deadlines import next_session, session_date

    assert next_session("CND", D(1958, 5, 30))[0] == D(1959, 4, 1)
    assert session_date("CND", 13)[0] == D(1958, 4, 28)
    assert session_date("CND", 50, "reconvened")[0] == D(2007, 11, 27)  # E/2007/28/Rev.1: 27-28 November 2007
