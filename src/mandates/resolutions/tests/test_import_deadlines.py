"""Imported resolutions keep every deadline of a paragraph with its recipient, the precision of its
date and its recurrence; a recurring obligation is due again, not overdue."""
import datetime

from mandates.resolutions import selectors, services
from mandates.resolutions.models import Obligation

D = datetime.date

TEXT_1958 = """Technical assistance for narcotics control

The Economic and Social Council,

Noting the resolution on technical assistance for narcotics control adopted by the Commission on Narcotic Drugs at its thirteenth session,

1. Requests the Secretary-General, in consultation with the interested specialized agencies, to review the nature and scope of assistance requested by Governments;

2. Requests the Secretary-General to report on these matters to the Commission on Narcotic Drugs at its fourteenth session, and subsequently to the twenty-eighth session of the Economic and Social Council.
"""

TEXT_1966 = """Report of the Commission on Narcotic Drugs

The Economic and Social Council,

1. Takes note of the report of the Commission on Narcotic Drugs (twentieth session);

2. Requests the Secretary-General to provide the Commission on Narcotic Drugs, at each annual session, with the best available information on future project proposals for technical co-operation in the field of narcotic drugs control;

3. Requests that a report be submitted to the Commission at its twenty-first session in December 1966.
"""


def test_a_report_due_at_two_sessions_is_kept_twice_with_its_recipients(db, users):
    resolution = services.import_resolution(TEXT_1958, symbol="E/RES/1958/688(XXVI)", body="ECOSOC",
                                            date="1958-07-28", suggest=False)
    found = list(Obligation.objects.filter(paragraph__resolution=resolution, paragraph__number=2)
                 .order_by("deadline"))
    assert [(o.recipient_body, o.deadline, o.deadline_precision, o.deadline_text) for o in found] == [
        ("CND", D(1959, 4, 1), "month", "at its fourteenth session"),
        ("ECOSOC", D(1959, 6, 1), "month", "to the twenty-eighth session of the Economic and Social Council"),
    ]
    assert found[0].deadline_display == "April 1959"
    assert "Commission on Narcotic Drugs, session 14" in found[0].deadline_rule


def test_a_recurring_obligation_and_a_passive_request(db, users):
    resolution = services.import_resolution(TEXT_1966, symbol="E/RES/1966/1104(XL)", body="ECOSOC",
                                            date="1966-03-04", suggest=False)
    by_number = {o.paragraph.number: o for o in Obligation.objects.filter(paragraph__resolution=resolution)
                 .select_related("paragraph")}
    recurring = by_number[2]
    assert (recurring.recipient_body, recurring.recurrence, recurring.recurrence_months) == ("CND", "session", 12)
    assert recurring.deadline == D(1966, 12, 1) and recurring.state == "due"
    assert recurring.next_due >= datetime.date.today() and recurring.next_due.month == 12
    passive = by_number[3]  # "the Commission" is the one named in paragraph 1
    assert (passive.kind, passive.actor, passive.recipient_body, passive.deadline) == ("report", "", "CND",
                                                                                       D(1966, 12, 1))
    overdue = selectors.obligation_list(users["planning_officer"], selectors.ObligationFilters(status="overdue"))
    assert recurring not in overdue and passive in overdue
    summary = selectors.obligation_summary(users["planning_officer"])
    assert summary["overdue"] == 1 and summary["due"] == 1


def test_reminders_give_a_recurring_obligation_at_its_next_occurrence(db, users):
    from mandates.resolutions.reminders import obligation_deadlines

    resolution = services.import_resolution(TEXT_1966, symbol="E/RES/1966/1104(XL)", body="ECOSOC",
                                            date="1966-03-04", suggest=False)
    recurring = Obligation.objects.get(paragraph__resolution=resolution, paragraph__number=2)
    for days in (1, 400):
        horizon = datetime.date.today() + datetime.timedelta(days=days)
        reminded = {item.key: item for item in obligation_deadlines(users["planning_officer"], days)}
        key = f"obligation:{recurring.pk}"
        assert (key in reminded) == (recurring.next_due <= horizon)
        if key in reminded:
            assert reminded[key].due == recurring.next_due
        assert f"obligation:{Obligation.objects.get(paragraph__resolution=resolution, paragraph__number=3).pk}" in reminded
