"""What the reader says about every activity of the shared samples stays the same while it is made faster.

``data/findings.json`` was recorded with the per-activity evaluator (``findings_digest``): for each file, a
digest of every activity's line, errors and findings, in order. A faster reader must give the same digest on
all of them (3,066 activities of the 96 files read; the refused files must be refused for the same reason), whether
the checks run in this process or in a second one (``parallel``).
"""
import json

import pytest
from django.utils import translation

from . import findings_digest

pytestmark = pytest.mark.skipif(not findings_digest.SAMPLES.is_dir(), reason="no shared IATI samples")


@pytest.mark.parametrize("processes", [1, 2], ids=["one process", "checks in a second process"])
def test_every_sample_gives_the_recorded_findings(processes, monkeypatch):
    """Both routes of the reader: every check in this process, and the checks in a forked second process (for every
    file, however small: ``parallel.MIN_BYTES`` set to 0) joined with the reading here."""
    from mandates.interop import parallel

    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    if processes > 1 and not parallel.enabled():
        pytest.skip("one CPU, or no fork: the import reads in one process")
    expected = json.loads(findings_digest.FIXTURE.read_text(encoding="utf-8"))
    files = findings_digest.files()
    assert {str(p.relative_to(findings_digest.SAMPLES)) for p in files} == set(expected)
    with translation.override("en"):
        different = {name: got for name, got in ((str(p.relative_to(findings_digest.SAMPLES)), findings_digest.digest(p, processes))
                                                 for p in files) if got != expected[name]}
    assert different == {}, sorted(different)
    assert sum(v.get("activities", 0) for v in expected.values()) > 3000
