"""The session calendars under data/sessions/: well-formed, complete, sourced, and right on dates
checked by hand against their sources."""
import datetime

import pytest

from mandates.resolutions.deadlines import calendar

D = datetime.date
REGULAR_RANGES = {"GA": (1, 80), "ECOSOC": (1, 63), "CND": (1, 69), "CCPCJ": (1, 35), "COP-UNTOC": (1, 12), "CONGRESS": (1, 15),
                  "COSP-UNCAC": (1, 11)}


def test_every_row_reads_and_names_its_source():
    sessions = calendar.sessions()
    assert len(sessions) > 400
    for s in sessions:
        assert s.source and len(s.source) > 10, s
        assert s.place or not s.checked, s  # an unknown place is left empty, never guessed
        if s.closes is not None:
            assert s.closes.first_day >= s.opens.first_day, s


@pytest.mark.parametrize("body, span", REGULAR_RANGES.items())
def test_regular_sessions_have_no_gap_and_open_in_order(body, span):
    rows = [s for s in calendar.sessions() if s.body == body and s.kind == "regular" and s.part in ("", "1")]
    numbers = [s.number for s in rows]
    assert numbers == list(range(span[0], span[1] + 1))
    for earlier, later in zip(rows, rows[1:]):  # "1965" may be any day of 1965: compare what is known
        assert earlier.opens.first_day <= _last_possible_day(later.opens), (earlier, later)


def _last_possible_day(value):
    if value.day:
        return value.first_day
    if value.month:
        return (value.first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return D(value.year, 12, 31)


def test_the_councils_year_sessions_follow_its_numbered_ones():
    years = sorted({s.number for s in calendar.sessions() if s.body == "ECOSOC" and s.kind != "regular"})
    assert years == list(range(1978, 2027))
    last_numbered = calendar.find("ECOSOC", 63)
    assert last_numbered.opens.year == 1977
    assert calendar.find("ECOSOC", 1992, "substantive") and calendar.find("ECOSOC", 2016, "annual")


def test_a_date_keeps_the_precision_it_is_known_to():
    assert calendar.find("CND", 14).opens.precision == "month"
    assert calendar.find("CND", 13).opens.precision == "day"
    assert calendar.find("CND", 2, "special").opens.precision == "year"
    with pytest.raises(ValueError):
        calendar.PartialDate.parse("1959-13")


@pytest.mark.parametrize("body, number, kind, opens, place", [
    ("CND", 13, "regular", D(1958, 4, 28), "Geneva"),     # Bulletin on Narcotics 1958
    ("CND", 14, "regular", D(1959, 4, 1), "Geneva"),      # 1959, not 1971
    ("CND", 20, "regular", D(1965, 11, 29), "Geneva"),
    ("CND", 25, "regular", D(1973, 1, 22), "Geneva"),     # biennial sessions: the 25th after the 24th of 1971
    ("CND", 3, "special", D(1974, 2, 18), "Geneva"),
    ("ECOSOC", 26, "regular", D(1958, 7, 1), "Geneva"),
    ("ECOSOC", 40, "regular", D(1966, 2, 23), "New York"),
    ("GA", 64, "regular", D(2009, 9, 15), "New York"),
    ("GA", 20, "special", D(1998, 6, 8), "New York"),
    ("CCPCJ", 19, "regular", D(2010, 5, 17), "Vienna"),
])
def test_known_dates(body, number, kind, opens, place):
    session = calendar.find(body, number, kind)
    assert session.opens.first_day == opens
    assert session.place == place


def test_a_share_of_the_dates_was_checked_against_its_source():
    """Every row says whether its date was read in the source it names (``checked``) or written from the
    compiler's knowledge with the source to check it in. The share read in a source is reported per body
    (``pytest -s``) and may only grow: raise the floor when rows are checked, never lower it quietly."""
    sessions = calendar.sessions()
    checked = [s for s in sessions if s.checked]
    lines = []
    for body in sorted({s.body for s in sessions}):
        rows = [s for s in sessions if s.body == body]
        done = sum(s.checked for s in rows)
        lines.append(f"{body:<11} {done:4}/{len(rows):<4} {done / len(rows):6.1%}")
    lines.append(f"{'all':<11} {len(checked):4}/{len(sessions):<4} {len(checked) / len(sessions):6.1%}")
    print("\nsession dates read in their source\n" + "\n".join(lines))
    assert len(checked) >= 163 and len(checked) / len(sessions) >= 0.37
    assert all(s.source.startswith(("http", "E/", "derived")) or "http" in s.source for s in checked)
    # the Commissions' sessions whose reports' covers were found (E/2016/30 ... E/2020/28)
    for body, numbers in (("CCPCJ", range(25, 29)), ("CND", range(61, 64))):
        assert all(calendar.find(body, n).checked and calendar.find(body, n).closes for n in numbers), body


def test_the_committee_on_crime_prevention_and_control_is_a_body_with_its_sessions():
    """The Commission's predecessor (1971-1991): "the Committee on Crime Prevention and Control at its tenth
    session" has a date; a session not in its calendar says so instead of guessing."""
    from mandates.resolutions.deadlines import find_deadline

    deadline = find_deadline("to report to the Committee on Crime Prevention and Control at its tenth session",
                             body="ECOSOC", on=D(1987, 5, 28))
    assert deadline is not None and deadline.text == "at its tenth session"
    assert deadline.date == D(1988, 8, 22)
    later = find_deadline("to submit it to the tenth session of the Committee on Crime Prevention and Control",
                          body="GA", on=D(1987, 12, 7))
    assert later is not None and later.date == D(1988, 8, 22)
    unknown = calendar.resolve("CCPC", 9)
    assert unknown.date is None and "Committee on Crime Prevention and Control" in unknown.rule
    assert calendar.find("CCPC", 10).place == "Vienna"


def test_resolution_beyond_the_calendar_follows_the_bodys_rule_and_gaps_say_so():
    assert calendar.resolve("GA", 90).date == D(2035, 9, 1)
    assert calendar.resolve("CND", 70).date == D(2027, 3, 1)
    missing = calendar.resolve("CND", 5)
    assert missing.date == D(1950, 12, 1)
    gap = calendar.resolve("CND", 12, "special")
    assert gap.date is None and gap.rule
    assert calendar.resolve("SC", 1).date is None
