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
