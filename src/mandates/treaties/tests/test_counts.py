"""Counts as at a date, computed from the shipped UN Treaty Collection files."""
import csv
from datetime import date, timedelta

import pytest

from mandates.treaties import reference, selectors, services
from mandates.treaties.models import Instrument, TreatyEvent

REPORT_DATE = date(2009, 5, 31)  # A/64/123 (seed 004): 149 / 130 / 119 States parties


@pytest.mark.django_db
def test_seed_report_figures_come_out_of_the_shipped_files(untoc):
    parties = {code: selectors.status_counts(Instrument.objects.get(code=code), as_of=REPORT_DATE)["parties"]
               for code in ("XVIII-12", "XVIII-12-a", "XVIII-12-b")}
    assert parties == {"XVIII-12": 149, "XVIII-12-a": 130, "XVIII-12-b": 119}


@pytest.mark.django_db
def test_the_european_union_counts_only_when_asked(untoc):
    for code in ("XVIII-12", "XVIII-12-a", "XVIII-12-b"):
        inst = Instrument.objects.get(code=code)
        without = selectors.status_counts(inst, as_of=REPORT_DATE)
        with_rei = selectors.status_counts(inst, as_of=REPORT_DATE, include_rei=True)
        eu_signed, eu_bound = (
            TreatyEvent.objects.filter(instrument=inst, participant__is_rei=True, kind__in=kinds, date__lte=REPORT_DATE).exists()
            for kinds in (("signature",), ("approval", "ratification", "formal_confirmation", "acceptance"))
        )
        assert with_rei["parties"] == without["parties"] + eu_bound
        assert with_rei["signatories"] == without["signatories"] + eu_signed
        assert eu_bound  # the EU approved all three before 2009


@pytest.mark.django_db
def test_counts_today_match_the_totals_published_with_the_data(shipped):
    """instruments.csv carries participants/signatories/parties counted by the data's author (REI included)."""
    published = {row["mtdsg_no"]: row for row in csv.DictReader(open(reference.INSTRUMENTS_FILE, encoding="utf-8"))}
    for inst in selectors.instruments_with_counts(None, as_of=date.today(), include_rei=True):
        assert (inst.parties, inst.signatories) == (int(published[inst.code]["parties"]),
                                                    int(published[inst.code]["signatories"])), inst.code


@pytest.mark.django_db
def test_as_at_dates_before_entry_into_force_and_before_any_action(untoc):
    untoc_ = Instrument.objects.get(code="XVIII-12")
    first_signature = TreatyEvent.objects.filter(instrument=untoc_).order_by("date").first().date
    assert selectors.status_counts(untoc_, as_of=first_signature - timedelta(days=1)) == {"parties": 0, "signatories": 0}
    day_before = untoc_.entry_into_force - timedelta(days=1)
    counts = selectors.status_counts(untoc_, as_of=day_before)
    # The Convention enters into force on the 90th day after the 40th instrument of ratification.
    assert counts["parties"] >= 40 and untoc_.in_force_on(day_before) is False
    on_the_40th = sorted(TreatyEvent.objects.filter(instrument=untoc_, participant__is_rei=False)
                         .exclude(kind="signature").values_list("date", flat=True))[39]
    assert on_the_40th + timedelta(days=90) <= untoc_.entry_into_force
    assert selectors.status_counts(untoc_, as_of=on_the_40th)["parties"] >= 40


@pytest.mark.django_db
def test_counts_are_one_query(untoc, django_assert_num_queries):
    inst = Instrument.objects.get(code="XVIII-12")
    with django_assert_num_queries(1):
        selectors.status_counts(inst, as_of=REPORT_DATE)
    with django_assert_num_queries(1):
        assert len(list(selectors.instruments_with_counts(None, as_of=REPORT_DATE))) == 3


@pytest.mark.django_db
def test_series_ends_at_the_counts_of_each_year(untoc):
    inst = Instrument.objects.get(code="XVIII-12-a")
    series = selectors.parties_series(inst, until=date(2012, 12, 31))
    assert series[0]["year"] == 2000 and series[-1]["year"] == 2012
    for point in series:
        counts = selectors.status_counts(inst, as_of=date(point["year"], 12, 31))
        assert (point["parties"], point["signatories"]) == (counts["parties"], counts["signatories"])
    assert [p["parties"] for p in series] == sorted(p["parties"] for p in series)


@pytest.mark.django_db
def test_profile_lists_what_a_state_has_not_ratified(untoc):
    barbados = selectors.participant_for("BRB")
    rows = {r.instrument.code: r for r in selectors.profile(None, barbados, as_of=date.today())}
    untoc_row = rows["XVIII-12"]
    assert untoc_row.status == "signatory" and untoc_row.consent is None and untoc_row.signature.date == date(2001, 9, 26)
    not_yet = set(selectors.not_yet_parties(Instrument.objects.get(code="XVIII-12"), as_of=date.today())
                  .values_list("code", flat=True))
    assert "BRB" in not_yet and "FRA" not in not_yet and "EU" not in not_yet
    # Before its ratification, France too was a target.
    france_ratified = TreatyEvent.objects.get(participant__code="FRA", instrument__code="XVIII-12", kind="ratification").date
    earlier = selectors.not_yet_parties(Instrument.objects.get(code="XVIII-12"), as_of=france_ratified - timedelta(days=1))
    assert earlier.filter(code="FRA").exists()


@pytest.mark.django_db
def test_status_table_pivot_and_totals(untoc):
    chosen = list(Instrument.objects.order_by("position"))
    rows, totals = selectors.status_table(None, instrument_list=chosen, as_of=REPORT_DATE)
    assert [t["parties"] for t in totals] == [149, 130, 119]
    albania = next(r for r in rows if r["participant"].code == "ALB")
    assert [cell["consent"].date for cell in albania["cells"]] == [date(2002, 8, 21)] * 3
    assert not any(r["participant"].is_rei for r in rows)


@pytest.mark.django_db
def test_assisted_ratifications_counted_per_instrument_and_period(untoc, project):
    albania = TreatyEvent.objects.get(participant__code="ALB", instrument__code="XVIII-12-a", kind="ratification")
    services.link_assistance(albania, by=None, projects=[project])
    rows = {r.code: r for r in selectors.assisted_ratifications(None, date_from=date(2002, 1, 1), date_to=date(2002, 12, 31))}
    assert rows["XVIII-12-a"].assisted == 1 and rows["XVIII-12"].assisted == 0
    assert rows["XVIII-12-a"].consents == TreatyEvent.objects.filter(
        instrument__code="XVIII-12-a", date__year=2002).exclude(kind="signature").count()
    later = {r.code: r for r in selectors.assisted_ratifications(None, date_from=date(2003, 1, 1))}
    assert later["XVIII-12-a"].assisted == 0
    signature = TreatyEvent.objects.get(participant__code="ALB", instrument__code="XVIII-12-a", kind="signature")
    with pytest.raises(Exception, match="consent"):
        services.link_assistance(signature, by=None, projects=[project])


LISTED = ("pk", "code", "short_name", "name", "title", "group", "adoption_date", "adoption_place", "entry_into_force",
          "status_date", "parent_id", "parties", "signatories")


def _listed(rows):
    return [(*(getattr(i, f) for f in LISTED), i.parent and (i.parent.pk, i.parent.name, i.parent.short_name))
            for i in rows]


@pytest.mark.django_db
def test_the_lists_one_query_gives_the_figures_of_the_counts_per_instrument(untoc, users, django_assert_num_queries):
    """``instrument_list`` (pages8: the list's counts in one read of the events, the floor's shape) gives the same
    instruments, columns, parents and counts as ``instruments_with_counts``, at every date around the events, with
    and without the European Union, by group, for each role; in one query, and none more when the list is shown."""
    from mandates.people.models import User

    Instrument.objects.filter(code="XVIII-12-b").update(group="other")
    events = sorted(set(TreatyEvent.objects.values_list("date", flat=True)))
    days = [events[0] - timedelta(days=1), events[0], events[len(events) // 2], REPORT_DATE, events[-1], date.today()]
    people = [None, User.objects.create_superuser("root", "root@example.org", "x"), *users.values()]
    compared = 0
    for user in people:
        for as_of in days:
            for include_rei in (False, True):
                for group in ("", "organized_crime", "other", "drug_control"):
                    expected = selectors.instruments_with_counts(user, as_of=as_of, include_rei=include_rei,
                                                                 group=group)
                    with django_assert_num_queries(1):
                        rows = selectors.instrument_list(user, as_of=as_of, include_rei=include_rei, group=group)
                        listed = _listed(rows)
                    assert listed == _listed(expected)
                    compared += len(rows)
    assert compared > 100
    rows = selectors.instrument_list(None, as_of=REPORT_DATE)
    assert any(i.parent for i in rows) and any(not i.parent for i in rows) and all(i.signatories for i in rows)
    with_eu = {i.code: i.parties for i in selectors.instrument_list(None, as_of=REPORT_DATE, include_rei=True)}
    without = {i.code: i.parties for i in selectors.instrument_list(None, as_of=REPORT_DATE)}
    assert without == {"XVIII-12": 149, "XVIII-12-a": 130, "XVIII-12-b": 119} and with_eu != without
