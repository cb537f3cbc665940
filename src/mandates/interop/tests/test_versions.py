"""The version shim on real 2.01 and 2.02 files: one parser, the 2.03 schema, and the constructs newer than a
file's version reported (``interop/versions.py``, ``data/versions.json``)."""
import io

import pytest

from mandates.interop import versions
from mandates.interop.models import ExternalActivity, ExternalBudget, ImportRecord
from mandates.interop.services import import_file

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db

ACF_202 = SAMPLES / "acfspain-ph_ES-CIF-G81164105.xml"
FIXTURE_201 = SAMPLES / "edge-cases" / "js-validator-api" / "iati-act-identifier-exists-14-transaction-x-ref-not-found-201.xml"
FIXTURE_202 = SAMPLES / "edge-cases" / "js-validator-api" / "iati-act-identifier-exists-17-2-act-x-refs-not-found-202.xml"


def _shim_warnings(activity) -> list[dict]:
    return [i for i in activity.issues if "newer than this file's version" in i["message"]]


@pytest.mark.parametrize("path, version", [(ACF_202, "2.02"), (FIXTURE_201, "2.01"), (FIXTURE_202, "2.02")])
def test_real_older_files_import_with_their_version_and_no_false_warning(iati_dir, path, version):
    record = import_file(path)
    assert record.outcome == ImportRecord.Outcome.DONE and record.version == version
    assert record.stored > 0 and record.refused == 0
    stored = list(ExternalActivity.objects.filter(source=record))
    assert {a.version for a in stored} == {version}
    # each uses only what its version has: the shim flags nothing
    assert [w for a in stored for w in _shim_warnings(a)] == []
    assert ExternalBudget.objects.filter(activity__source=record).exists()


def test_2_01_budgets_without_status_are_stored_as_indicative(iati_dir):
    assert b"<budget " in FIXTURE_201.read_bytes() and b"status=" not in FIXTURE_201.read_bytes().split(
        b"<budget ", 1)[1].split(b">", 1)[0]
    record = import_file(FIXTURE_201)
    statuses = set(ExternalBudget.objects.filter(activity__source=record).values_list("status", flat=True))
    assert statuses == {"1"}


def test_a_construct_newer_than_the_files_version_is_reported_with_its_line(iati_dir):
    """The real 2.02 file declared as 2.01: its @humanitarian (2.02) is flagged; a <tag> (2.03) put into it as
    well. The 2.03 schema alone accepts both, so only the shim can say so."""
    data = ACF_202.read_bytes().replace(b'version="2.02"', b'version="2.01"', 1)
    data = data.replace(b"<budget ", b'<tag vocabulary="2" code="16"/><budget ', 1)  # after sector, as 2.03 orders it
    record = import_file(io.BytesIO(data), name="acf-as-2.01.xml")
    assert record.outcome == ImportRecord.Outcome.DONE and record.refused == 0, record.problems
    first = ExternalActivity.objects.filter(source=record).order_by("line").first()
    messages = [w["message"] for w in _shim_warnings(first)]
    assert any(m.startswith("@humanitarian is IATI 2.02") for m in messages), messages
    assert any(m.startswith("tag is IATI 2.03") for m in messages), messages
    assert all(w["line"] and w["line"] >= first.line for w in _shim_warnings(first))


def test_the_shim_reads_its_differences_from_data():
    assert versions.older("2.01") and versions.older("2.02") and not versions.older("2.03")
    newer_than_201 = {path for path, *_rest in versions._newer_than("2.01")}
    newer_than_202 = {path for path, *_rest in versions._newer_than("2.02")}
    assert "humanitarian-scope" in newer_than_201 - newer_than_202
    assert "tag" in newer_than_202 and versions._newer_than("2.03") == ()


def _activity(body: str):
    from lxml import etree

    return etree.fromstring(f"<iati-activity>{body}</iati-activity>".encode())


def _paths(element, version):
    return [message.split(" is IATI ")[0] for _severity, _line, message in versions.findings(element, version)]


def test_limits_relaxed_by_a_later_version_are_reported_for_older_files():
    """From IATI-Schemas' version-2.02 to version-2.03 an indicator's baseline, a period's target and actual became
    repeatable and their @value optional; 2.02 made policy-marker/@significance optional. The 2.03 schema accepts
    all of these, so only the shim can say that the file's own schema would not."""
    indicator = ('<result><indicator><baseline year="2015" value="1"/><baseline year="2016" value="2"/>'
                 '<period><target/><actual value="3"/></period></indicator></result>')
    element = _activity(indicator)
    found = _paths(element, "2.02")
    assert "more than one result/indicator/baseline" in found
    assert "result/indicator/period/target/@value left out" in found
    assert "result/indicator/period/actual/@value left out" not in found  # it has one
    assert "more than one result/indicator/period/target" not in found  # one target
    assert _paths(element, "2.03") == []
    marker = _activity('<policy-marker vocabulary="1" code="2"/>')
    assert _paths(marker, "2.01") == ["policy-marker/@significance left out"]
    assert _paths(marker, "2.02") == []


def test_constructs_the_schema_history_shows_as_2_02_and_2_03_are_listed():
    element = _activity('<participating-org role="1" activity-id="X-1"/><result><indicator aggregation-status="1">'
                        '<reference vocabulary="1" code="A"/><period><actual value="1"><dimension name="sex" value="f"/>'
                        '</actual></period></indicator></result>')
    assert set(_paths(element, "2.01")) == {"participating-org/@activity-id", "result/indicator/reference",
                                            "result/indicator/period/actual/dimension",
                                            "result/indicator/@aggregation-status"}
    assert _paths(element, "2.02") == ["result/indicator/@aggregation-status"]
