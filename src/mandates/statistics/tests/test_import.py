"""Importing the real shared statistics files: layouts, M49 matching, idempotence, bad input."""
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from mandates.statistics.models import (
    ImportRun,
    PopulationEstimate,
    Series,
    StatArea,
    Value,
    ValueChange,
)
from mandates.statistics.services import import_file, import_path

from .conftest import head, shared_file

CTS = "unodc_cts_corruption_and_economic_crime.csv"
HEADER = ("Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,"
          "VALUE,Source\n")


def _errors(exc) -> str:
    return "\n".join(exc.value.message_dict["file"])


@pytest.mark.django_db
def test_whole_prisons_export_imports_and_sets_aside_its_known_conflicts(m49):
    """The real 65,797-row export: every value in, the 12 keys UNODC gives twice set aside and reported."""
    run = import_path(shared_file("unodc_cts_prisons_and_prisoners.csv"))
    assert run.layout == "cts" and run.rows == 65797
    assert run.created == 65797 - 24 and run.set_aside == 24
    assert Value.objects.count() == run.created
    assert any("39644, 39645" in note for note in run.notes)
    kenya = Value.objects.get(series__indicator="Persons held", series__dimension="Total", series__sex="Total",
                              series__age="Total", series__unit="Rate per 100,000 population", area__code="KEN",
                              year=2015)
    assert kenya.value > 0 and kenya.source and kenya.run == run
    # Sub-national and special areas are kept and reported, not dropped.
    scotland = StatArea.objects.get(code="GBR_S")
    assert scotland.kind == StatArea.Kind.SUBNATIONAL and scotland.country.iso3 == "GBR"
    assert scotland.values.exists() and any("GBR_S" in note for note in run.notes)
    # The year-1013 row is a known source error kept as is.
    assert Value.objects.filter(area__code="MAR", year=1013).exists()
    # Population implied by count and rate pairs, for coverage shares.
    assert PopulationEstimate.objects.filter(area__code="KEN", year=2015).get().population > 40_000_000

    again = import_path(shared_file("unodc_cts_prisons_and_prisoners.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 65773)
    assert Value.objects.count() == run.created


@pytest.mark.django_db
def test_each_layout_keeps_its_aggregates_and_provenance(stats):
    owid = ImportRun.objects.get(layout="owid")
    world = StatArea.objects.get(code="M49_001")
    assert world.kind == StatArea.Kind.AGGREGATE and world.m49_area.name == "World"
    owid_world = Value.objects.get(series__collection="owid", area=world, year=2015)
    assert owid_world.run == owid and owid_world.source == "OWID"
    gsh = Value.objects.get(series__collection="gsh2019", series__unit="Rate per 100,000 population",
                            series__dimension="Total", area__code="M49_002", year=2015)
    assert gsh.value == Decimal("12.8") and gsh.run.file_name == "regional_homicide_estimates_1990_2017.csv"
    assert StatArea.objects.get(code="XKX").kind == StatArea.Kind.SPECIAL  # OWID_KOS kept


@pytest.mark.django_db
def test_gsh_country_annex_matches_names_to_m49(m49):
    data = head("homicide_gsh2019_annex/country_homicide_1990_2017.csv", 50, keep='"Turkey"')
    run = import_file("country_homicide_1990_2017.csv", data)
    assert run.layout == "gsh_country"
    assert StatArea.objects.get(code="TUR").country.iso3 == "TUR"  # "Turkey" in the annex
    afg = Value.objects.get(area__code="AFG", year=2017, series__unit="Rate per 100,000 population",
                            series__dimension="Total")
    assert afg.value == Decimal("7.1")


@pytest.mark.django_db
def test_reimport_updates_changed_values_and_logs_each_change(m49):
    data = head(CTS, 300)
    first = import_file(CTS, data)
    line = data.decode().splitlines()[1].split(",")
    changed = data.decode().replace(",".join(line), ",".join(line[:11] + ["99999", "CTS/MoI"]), 1).encode()
    second = import_file(CTS, changed)
    assert (second.created, second.updated, second.unchanged) == (0, 1, 299)
    change = ValueChange.objects.get(run=second)
    assert (change.old_text, change.new_text, change.new_source, change.old_run) == (line[11], "99999", "CTS/MoI", first)
    assert change.value.value == 99999 and change.value.run == second


@pytest.mark.parametrize("text, expected", [
    ("UNODC,unodc_ddds@un.org\n16/05/2024\n" + HEADER + "ARM,Armenia,Asia,Western Asia,Offences,by type of offence,"
     "Corruption,Total,Total,2013,Counts,782,CTS\n", "line 2: 2 line(s) above the header"),
    ("Participant,Signature,Ratification\nKenya,2000,2004\n", "line 1: not a recognised layout"),
    (HEADER + "ARM,Armenia,Asia,Western Asia,Offences,by type of offence,Corruption,Total,Total,2013,Counts,782,CTS\n"
     "ARM,Armenia,Asia,Western Asia,Offences seen,by type of offence,Corruption,Total,Total,2013,Counts,7,CTS\n",
     "line 4: unknown indicator 'Offences seen'"),
    (HEADER + "ARM,Armenia,Asia,Western Asia,Offences,by type of offence,Corruption,Total,Total,2013,Counts,n/a,CTS\n",
     "line 3: the value 'n/a' is not a number"),
    (HEADER + "ARM,Armenia,Asia,Western Asia,Offences,by type of offence,Corruption,Total,Total,2013,"
     "\"Rate per 100,000 population\",-3.5,CTS\n", "line 3: the value -3.5 is negative"),
    (HEADER + "ARM,Armenia,Asia,Western Asia,Offences,by type of offence,Corruption,Total,Total,2013,Counts,782,CTS\n"
     "ARM,Armenia,Asia,Western Asia,Offences,by type of offence,Corruption,Total,Total,2013,Counts,783,CTS\n",
     "line 4: the same ARM, Offences / by type of offence / Corruption / Total / Total / Counts, 2013 as line 3"),
    ("Entity,Code,Year,Murders per fortnight\nKenya,KEN,2015,3\n", "unknown indicator column 'Murders per fortnight'"),
])
@pytest.mark.django_db
def test_bad_input_is_refused_whole_with_line_numbers(m49, text, expected):
    good = HEADER + "AUT,Austria,Europe,Western Europe,Offences,by type of offence,Corruption,Total,Total,2013,Counts,3439,CTS\n"
    with pytest.raises(ValidationError) as exc:
        import_file("bad.csv", (good + text[len(HEADER):] if text.startswith(HEADER) else text).encode())
    assert expected in _errors(exc)
    assert not Value.objects.exists() and not ImportRun.objects.exists() and not Series.objects.exists()


@pytest.mark.django_db
def test_command_reports_and_fails_without_importing(m49, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("UNODC,unodc_ddds@un.org\n11/05/2023\n" + HEADER)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_statistics", str(bad), verbosity=0, stdout=out, stderr=err)
    assert "nothing was imported" in err.getvalue() and "header" in err.getvalue()
    good = tmp_path / "owid.csv"
    good.write_bytes(shared_file("owid_homicide_rate_unodc.csv").read_bytes())
    call_command("import_statistics", str(good), verbosity=0, stdout=out, stderr=err)
    assert "4885 rows, 4885 new" in out.getvalue()
