"""Importing treaty status files: both formats, name matching, errors with line numbers, atomicity, idempotence."""
import csv
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from mandates.treaties import reference, services
from mandates.treaties.models import Instrument, Participant, TreatyEvent

from .conftest import raw_file

HEADER = 'Participant,Signature,"Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"\n'


def _import(text, code="TEST-1", **kwargs):
    return services.import_status(text.encode("utf-8"), filename="status.csv", instrument=code, by=None, **kwargs)


def _data_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))[1:]


@pytest.mark.django_db
def test_raw_file_imports_every_row_with_kinds_from_the_markers(m49):
    path = raw_file("XVIII-12")
    rows = _data_rows(path)
    summary = services.import_status_path(path, instrument="XVIII-12", by=None)
    expected = sum(bool(r[1].strip()) + bool(r[2].strip()) for r in rows)
    assert summary.created == expected == TreatyEvent.objects.count()
    france = TreatyEvent.objects.get(participant__code="FRA", kind="ratification")
    assert (france.date, france.source_line) == (date(2002, 10, 29), 1 + next(i for i, r in enumerate(rows, 1) if r[0] == "France"))
    # "21 May 2004 AA" -> approval by the European Union, a regional economic integration organization.
    eu = TreatyEvent.objects.get(participant__is_rei=True, kind="approval")
    assert eu.date == date(2004, 5, 21) and eu.participant.name == "European Union" and eu.participant.country is None
    assert TreatyEvent.objects.filter(kind="accession").count() == sum(r[2].strip().endswith(" a") for r in rows)


@pytest.mark.django_db
def test_untc_names_are_matched_through_the_alias_file_and_accents(m49):
    _import(HEADER + "Turkey,12 Dec 2000,25 Mar 2003\nCzech Republic,12 Dec 2000,\n"
                     "Côte d'Ivoire,15 Dec 2000,\nBolivia (Plurinational State of)4,12 Dec 2000,\n"
                     "\"Netherlands 2, 3\",12 Dec 2000,26 May 2004 A\n")
    assert set(Participant.objects.values_list("code", flat=True)) == {"TUR", "CZE", "CIV", "BOL", "NLD"}
    assert Participant.objects.get(code="TUR").name == "Türkiye"  # the M49 name is kept


@pytest.mark.django_db
def test_alias_file_drives_matching(m49, tmp_path, monkeypatch):
    with pytest.raises(ValidationError):
        _import(HEADER + "Freedonia,1 Jan 2001,\n")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(reference.ALIASES_FILE.read_text(encoding="utf-8") + "Freedonia,KEN,test\n", encoding="utf-8")
    monkeypatch.setattr(reference, "ALIASES_FILE", aliases)
    reference.aliases.cache_clear()
    try:
        _import(HEADER + "Freedonia,1 Jan 2001,\n")
    finally:
        reference.aliases.cache_clear()
    assert TreatyEvent.objects.get().participant.code == "KEN"


@pytest.mark.django_db
def test_unknown_state_and_impossible_date_name_their_lines_and_nothing_is_saved(m49):
    text = HEADER + "France,12 Dec 2000,29 Oct 2002\nAtlantis,12 Dec 2000,\nKenya,31 Feb 2004 a,\nPeru,soon,\n"
    with pytest.raises(ValidationError) as caught:
        _import(text)
    messages = caught.value.message_dict["file"]
    assert any("line 3" in m and "Atlantis" in m for m in messages)
    assert any("line 4" in m and "impossible" in m for m in messages)
    assert any("line 5" in m and "soon" in m for m in messages)
    assert not any("line 2" in m for m in messages)
    assert not Instrument.objects.exists() and not TreatyEvent.objects.exists() and not Participant.objects.exists()


@pytest.mark.django_db
def test_a_failed_reimport_keeps_the_previous_status(untoc):
    before = list(TreatyEvent.objects.order_by("pk").values_list("pk", "date"))
    broken = raw_file("XVIII-12").read_text(encoding="utf-8") + "Atlantis,1 Jan 2001,\n"
    with pytest.raises(ValidationError):
        services.import_status(broken, filename="18-12.csv", instrument="XVIII-12", by=None)
    assert list(TreatyEvent.objects.order_by("pk").values_list("pk", "date")) == before


@pytest.mark.django_db
def test_reimporting_the_same_file_changes_nothing(untoc):
    events, logs = TreatyEvent.objects.count(), LogEntry.objects.count()
    again = services.import_status_path(raw_file("XVIII-12"), instrument="XVIII-12", by=None)
    assert not again.changed and again.unchanged == TreatyEvent.objects.filter(instrument__code="XVIII-12").count()
    assert (TreatyEvent.objects.count(), LogEntry.objects.count()) == (events, logs)


@pytest.mark.django_db
def test_a_newer_file_updates_adds_and_removes_events(m49, users):
    _import(HEADER + "France,12 Dec 2000,29 Oct 2002\nKenya,,16 Jun 2004 a\nPeru,14 Dec 2000,\n")
    summary = services.import_status((HEADER + "France,12 Dec 2000,30 Oct 2002\nKenya,,16 Jun 2004 a\nChile,,1 Mar 2005 a\n").encode(),
                                     filename="status.csv", instrument="TEST-1", by=users["planning_officer"])
    assert (summary.created, summary.updated, summary.deleted, summary.unchanged) == (1, 1, 1, 2)  # Chile; France; Peru
    assert TreatyEvent.objects.get(participant__code="FRA", kind="ratification").date == date(2002, 10, 30)
    assert not TreatyEvent.objects.filter(participant__code="PER").exists()
    change = LogEntry.objects.get_for_object(TreatyEvent.objects.get(participant__code="FRA", kind="ratification")).first()
    assert change.actor == users["planning_officer"]


@pytest.mark.django_db
def test_long_csv_gives_the_same_events_as_the_raw_files(untoc):
    raw = set(TreatyEvent.objects.values_list("instrument__code", "participant__code", "kind", "date"))
    summary = services.import_status_path(reference.LONG_FILE, instrument="XVIII-12-a", by=None)
    assert summary.format == "long" and (summary.created, summary.deleted) == (0, 0)
    assert set(TreatyEvent.objects.values_list("instrument__code", "participant__code", "kind", "date")) == raw
    assert TreatyEvent.objects.filter(instrument__code="XVIII-12-a", source_file="treaty_participation.csv").exists()


@pytest.mark.django_db
def test_long_csv_without_instrument_imports_every_instrument(m49):
    summary = services.import_status_path(reference.LONG_FILE, by=None)
    codes = {row["mtdsg_no"] for row in csv.DictReader(open(reference.LONG_FILE, encoding="utf-8"))}
    assert set(summary.instruments) == codes == set(Instrument.objects.values_list("code", flat=True))
    with pytest.raises(ValidationError) as caught:
        services.import_status_path(reference.LONG_FILE, instrument="XVIII-99", by=None)
    assert "no row for instrument XVIII-99" in str(caught.value)


@pytest.mark.django_db
def test_long_csv_impossible_date_names_the_line(m49):
    text = ("mtdsg_no,participant,iso3,signature_date,signature_note,consent_date,consent_type\n"
            "T-9,France,FRA,2000-12-12,,2002-10-29,ratification\nT-9,Kenya,KEN,,,2004-02-30,accession\n")
    with pytest.raises(ValidationError) as caught:
        services.import_status(text, filename="long.csv", by=None)
    assert any("line 3" in m and "impossible" in m for m in caught.value.message_dict["file"])
    assert not TreatyEvent.objects.exists() and not Instrument.objects.exists()


@pytest.mark.django_db
def test_an_instrument_never_seen_is_created_and_protocols_find_their_convention(untoc):
    text = HEADER + "France,12 Dec 2000,\nKenya,,5 Jan 2005 a\n"
    _import(text, code="XVIII-12-z", title="Protocol on imaginary matters. Palermo, 12 December 2000")
    new = Instrument.objects.get(code="XVIII-12-z")
    assert new.parent.code == "XVIII-12" and new.group == new.parent.group
    assert (new.adoption_place, new.adoption_date) == ("Palermo", date(2000, 12, 12))
    assert new.events.count() == 2


@pytest.mark.django_db
def test_catalogue_describes_a_known_instrument_on_first_import(m49):
    services.import_status_path(raw_file("XVIII-12-b"), instrument="XVIII-12-b", by=None)
    inst = Instrument.objects.get(code="XVIII-12-b")
    known = reference.catalogue()["XVIII-12-b"]
    assert (inst.short_name, inst.group, inst.entry_into_force) == (known["short_name"], known["group"], known["entry_into_force"])
    assert inst.parent is None  # the Convention itself is not imported yet
    assert inst.status_date == known["status_date"] and inst.status_source == raw_file("XVIII-12-b").name


@pytest.mark.django_db
def test_headers_decide_special_columns(shipped):
    # 1971 Convention: definitive signatures announced but their marker lost -> ambiguous kind kept as such.
    assert TreatyEvent.objects.filter(instrument__code="VI-16", kind="ratification").count() == 0
    assert TreatyEvent.objects.filter(instrument__code="VI-16", kind="ratification_or_definitive_signature").exists()
    # 1961 Convention as amended: the second column is participation by virtue of the Protocol, not a signature.
    assert not TreatyEvent.objects.filter(instrument__code="VI-18", kind="signature").exists()
    assert TreatyEvent.objects.filter(instrument__code="VI-18", kind="participation").exists()
    # Nuclear Terrorism Convention: "d" in the signature column is a succession to signature.
    assert TreatyEvent.objects.filter(instrument__code="XVIII-15", kind="succession_to_signature").exists()
    assert not TreatyEvent.objects.filter(instrument__code="XVIII-15", kind="succession").exists()


@pytest.mark.django_db
def test_other_bad_files_are_refused_clearly(m49):
    for content, expected in (
        (b"", "empty"),
        (b"name,when\nFrance,2001\n", "header"),
        ("Participant,Signature,Ratification\nFrance,12 Dec 2000,".encode("utf-16"), "UTF-8"),
        (HEADER.encode() + b"France,12 Dec 2000,\nFrance,,1 Jan 2003 a\n", "already appears on line 2"),
        (HEADER.encode() + b"France,12 Dec 2000 q,\n", "not a known marker"),
        (HEADER.encode() + b"France,12 Dec 2999,\n", "future"),
        (HEADER.encode() + b"France,,\n", "no treaty action"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.import_status(content, filename="bad.csv", instrument="T-1", by=None)
        assert expected in " ".join(caught.value.messages), (content, caught.value.messages)
    assert not Instrument.objects.exists()


@pytest.mark.django_db
def test_command_imports_and_reports_errors(m49, tmp_path, capsys):
    call_command("import_treaty_status", str(raw_file("XVIII-12")), "--instrument", "XVIII-12")
    assert "events added" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Ruritania,1 Jan 2001,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2.*Ruritania"):
        call_command("import_treaty_status", str(bad), "--instrument", "XVIII-12")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_treaty_status", str(tmp_path / "missing.csv"), "--instrument", "XVIII-12")


@pytest.mark.django_db
def test_load_treaties_loads_every_shipped_file_from_the_package(m49):
    call_command("load_treaties")
    shipped = reference.shipped_raw_files()
    assert len(shipped) == len(list(reference.RAW_DIR.glob("*.csv")))
    assert set(Instrument.objects.values_list("code", flat=True)) == {code for code, _ in shipped}
    assert all(str(path).startswith(str(reference.DATA_DIR)) for _, path in shipped)


@pytest.mark.django_db
def test_the_command_removes_events_only_with_replace(m49, tmp_path):
    """Importing a status file that no longer lists some events removes them only when asked."""
    call_command("import_treaty_status", str(raw_file("XVIII-12")), "--instrument", "XVIII-12")
    before = TreatyEvent.objects.count()
    lines = raw_file("XVIII-12").read_text(encoding="utf-8").splitlines(keepends=True)
    shorter = tmp_path / "shorter.csv"
    kept = [line for line in lines if not line.startswith(("Kenya", '"Kenya'))]
    assert len(kept) < len(lines)
    shorter.write_text("".join(kept), encoding="utf-8")
    with pytest.raises(CommandError, match=r"no longer lists \d+ events? .*Kenya.*--replace"):
        call_command("import_treaty_status", str(shorter), "--instrument", "XVIII-12")
    assert TreatyEvent.objects.count() == before
    call_command("import_treaty_status", str(shorter), "--instrument", "XVIII-12", "--replace")
    assert TreatyEvent.objects.count() < before
    assert not TreatyEvent.objects.filter(participant__name="Kenya").exists()
