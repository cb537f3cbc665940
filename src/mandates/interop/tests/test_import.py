"""Import of real IATI files: every shared sample imports or is refused with the right reason."""
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import etree

from mandates.core.testing import SHARED_DIR
from mandates.interop.models import ExternalActivity, ExternalCountry, ImportRecord
from mandates.interop.services import import_file

SAMPLES = SHARED_DIR / "data" / "iati" / "samples"

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared IATI samples")]

FILES = sorted(p for p in SAMPLES.rglob("*.xml") if "large" not in p.parts) if SAMPLES.is_dir() else []

# What a refused file must be refused for, by what the file is (a property of the file, read below).
NOT_XML = "not XML"
NOT_WELL_FORMED = "not well-formed"
NOT_IATI = "Not an IATI file"
OLD = "1.x version"
NO_VERSION = "names no IATI version"


def _oracle(path: Path):
    """What the file is, found independently: (expected reason or None, schema-invalid or duplicate activities)."""
    head = path.read_bytes()[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return NOT_XML, None
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return NOT_WELL_FORMED, None
    root = tree.getroot()
    if root.tag not in ("iati-activities", "iati-organisations"):
        return NOT_IATI, None
    version = (root.get("version") or "").strip()
    if not version:
        return NO_VERSION, None
    if version.startswith("1."):
        return OLD, None
    kind = "iati-activity" if root.tag == "iati-activities" else "iati-organisation"
    xsd = "iati-activities-schema.xsd" if kind == "iati-activity" else "iati-organisations-schema.xsd"
    schema = etree.XMLSchema(etree.parse(str(SHARED_DIR / "data" / "iati" / "schema-2.03" / xsd)))
    bad, seen = 0, set()
    for element in root.findall(kind):
        identifier = (element.findtext("iati-identifier") or "").strip()
        if not schema.validate(element) or (kind == "iati-activity" and (not identifier or identifier in seen)):
            bad += 1
        seen.add(identifier)
    return None, bad


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(SAMPLES)) for p in FILES])
def test_every_sample_imports_or_is_refused_for_the_right_reason(path, m49):
    expected_reason, expected_refused = _oracle(path)
    record = import_file(path, name=str(path.relative_to(SAMPLES)))
    if expected_reason:
        assert record.outcome == ImportRecord.Outcome.REFUSED
        assert expected_reason.lower() in record.reason.lower()
        assert ExternalActivity.objects.count() == 0
        return
    assert record.outcome == ImportRecord.Outcome.DONE, record.reason
    assert record.refused == expected_refused
    if path.parent.name != "js-validator-api" and "organisation" not in path.name:
        assert record.stored > 0
    for problem in record.problems:
        assert problem.get("line") and isinstance(problem["line"], int)
    if record.stored:
        assert ExternalActivity.objects.filter(source=record).count() <= record.stored


def test_reimport_is_idempotent_and_updates_by_identifier(m49, tmp_path):
    source = SAMPLES / "who-argentina_XM-DAC-928.xml"
    first = import_file(source)
    counts = (ExternalActivity.objects.count(), ExternalCountry.objects.count())
    assert first.stored == counts[0] > 100
    changed = tmp_path / source.name
    text = source.read_text(encoding="utf-8")
    title = re.search(r"<title>\s*<narrative[^>]*>([^<]+)</narrative>", text).group(1)
    changed.write_text(text.replace(title, "Renamed by the publisher", 1), encoding="utf-8")
    again = import_file(changed)
    assert (ExternalActivity.objects.count(), ExternalCountry.objects.count()) == counts
    assert ExternalActivity.objects.filter(title="Renamed by the publisher").count() == 1
    assert ImportRecord.objects.filter(file_name=source.name).count() == 1
    assert again.pk == first.pk


def test_reimport_of_an_unchanged_activity_keeps_its_rows_and_marks_it_imported(m49, tmp_path):
    """An activity found unchanged is not deleted and written back (its parts keep their rows); it is marked as
    imported again. A changed one gets its new values and parts; the countries' links stay resolved."""
    from mandates.interop.models import ExternalTransaction

    source = SAMPLES / "unodc-related-a.xml"
    import_file(source)
    before = {a.identifier: a for a in ExternalActivity.objects.all()}
    transactions = set(ExternalTransaction.objects.values_list("pk", "activity_id", "value"))
    countries = set(ExternalCountry.objects.values_list("pk", "activity_id", "country_id"))
    assert transactions and any(country_id for _pk, _a, country_id in countries)
    import_file(source)
    assert set(ExternalTransaction.objects.values_list("pk", "activity_id", "value")) == transactions
    assert set(ExternalCountry.objects.values_list("pk", "activity_id", "country_id")) == countries
    for activity in ExternalActivity.objects.all():
        assert activity.imported_at > before[activity.identifier].imported_at
        assert activity.fingerprint == before[activity.identifier].fingerprint != ""

    text = source.read_text(encoding="utf-8")
    value = re.search(r"<transaction[ >].*?<value[^>]*>([^<]+)</value>", text, re.DOTALL)
    changed = tmp_path / source.name
    changed.write_text(text[:value.start(1)] + "123456.78" + text[value.end(1):], encoding="utf-8")
    import_file(changed)
    after = set(ExternalTransaction.objects.values_list("pk", "activity_id", "value"))
    assert len(after) == len(transactions)
    assert ExternalTransaction.objects.filter(value=Decimal("123456.78")).count() == 1
    touched = {a for pk, a, v in transactions ^ after}
    assert len(touched) == 1  # only the changed activity's parts were replaced
    assert set(ExternalCountry.objects.values_list("activity_id", "country_id")) == {
        (a, c) for _pk, a, c in countries}


def test_activities_keep_countries_sectors_budgets_and_transactions(m49):
    import_file(SAMPLES / "usaid-798_US-GOV-1.xml")
    tree = etree.parse(str(SAMPLES / "usaid-798_US-GOV-1.xml"))
    element = tree.getroot().find("iati-activity")
    activity = ExternalActivity.objects.get(identifier=element.findtext("iati-identifier").strip())
    assert activity.reporting_org_ref == "US-GOV-1"
    assert activity.transactions.count() == len(element.findall("transaction"))
    assert activity.budgets.count() == len([b for b in element.findall("budget") if b.findtext("value")])
    assert activity.sectors.count() == len(element.findall("sector"))
    assert {c.code for c in activity.countries.all()} == {c.get("code") for c in element.findall("recipient-country")}


def test_the_office_is_found_by_name_as_a_partner(m49):
    import_file(SAMPLES / "unodc-related-a.xml")
    flagged = ExternalActivity.objects.filter(names_office=True)
    assert flagged.exists()
    office = re.compile(r"UNODC|Drugs and Crime", re.IGNORECASE)
    for activity in flagged:
        names = [p.name for p in activity.participants.all()] + [
            n for t in activity.transactions.all() for n in (t.provider_name, t.receiver_name)]
        assert any(office.search(n) for n in names)
    for activity in ExternalActivity.objects.filter(names_office=False):
        assert not any(office.search(p.name) for p in activity.participants.all())


HOSTILE = {
    "billion laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                      b'<iati-activities version="2.03"><iati-activity>&lol2;</iati-activity></iati-activities>',
    "external entity": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                       b'<iati-activities version="2.03"><iati-activity><iati-identifier>&xxe;</iati-identifier>'
                       b'</iati-activity></iati-activities>',
    "external DTD": b'<?xml version="1.0"?><!DOCTYPE iati-activities SYSTEM "http://example.org/x.dtd">'
                    b'<iati-activities version="2.03"/>',
    "deep nesting": b'<iati-activities version="2.03"><iati-activity>' + b"<a>" * 5000 + b"</a>" * 5000
                    + b"</iati-activity></iati-activities>",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_safely(name, tmp_path, db):
    path = tmp_path / "hostile.xml"
    path.write_bytes(HOSTILE[name])
    record = import_file(path)
    assert record.outcome == ImportRecord.Outcome.REFUSED
    assert re.search(r"DOCTYPE|not well-formed", record.reason)
    assert "root:" not in record.reason and ExternalActivity.objects.count() == 0


def test_the_command_prints_a_summary(m49, capsys):
    call_command("import_iati", str(SAMPLES / "unodc-related-a.xml"),
                 str(SAMPLES / "edge-cases" / "legacy-v1.02_dfid-589_GB-1.xml"), "--no-progress")
    out = capsys.readouterr().out
    assert "6 activities stored, 1 refused" in out
    assert "-5e-10" in out
    assert "refused — IATI version 1.02" in out
