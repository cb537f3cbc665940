"""What the reader says about every activity of the shared samples stays the same while it is made faster.

``data/findings.json`` was recorded with the per-activity evaluator (``findings_digest``): for each file, a
digest of every activity's line, errors and findings, in order. A faster reader must give the same digest on
all of them (3,066 activities of the 96 files read; the refused files must be refused for the same reason).
"""
import json

import pytest
from django.utils import translation

from . import findings_digest

pytestmark = pytest.mark.skipif(not findings_digest.SAMPLES.is_dir(), reason="no shared IATI samples")


def test_every_sample_gives_the_recorded_findings():
    expected = json.loads(findings_digest.FIXTURE.read_text(encoding="utf-8"))
    files = findings_digest.files()
    assert {str(p.relative_to(findings_digest.SAMPLES)) for p in files} == set(expected)
    with translation.override("en"):
        different = {name: got for name, got in ((str(p.relative_to(findings_digest.SAMPLES)), findings_digest.digest(p))
                                                 for p in files) if got != expected[name]}
    assert different == {}, sorted(different)
    assert sum(v.get("activities", 0) for v in expected.values()) > 3000
