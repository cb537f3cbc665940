"""The IATI export of the demo data, element for element, against a recorded copy.

The recorded files (``data/demo-activities.xml``, ``data/demo-organisation.xml``) are the export of the
demo data in canonical XML (C14N 2.0: attributes sorted, whitespace kept) without the two timestamps
that change on every run (``generated-datetime``, ``last-updated-datetime``). They were written by the
export as it was before it read plain rows, so a faster export must give the same file. When the demo
data or the export is changed on purpose, record them again and read the diff before committing:
``MANDATES_RECORD_IATI_EXPORT=1 .venv/bin/pytest src/mandates/interop/tests/test_export_recorded.py``.
"""
import difflib
import io
import os
from pathlib import Path

import pytest
from lxml import etree

from mandates.interop import export

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
TIMESTAMPS = ("generated-datetime", "last-updated-datetime")
RECORD = os.environ.get("MANDATES_RECORD_IATI_EXPORT") == "1"


def canonical(data: bytes) -> str:
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter():
        for name in TIMESTAMPS:
            element.attrib.pop(name, None)
    return etree.tostring(root, method="c14n2").decode("utf-8") + "\n"


def _compare(data: bytes, name: str) -> None:
    path = DATA / name
    got = canonical(data)
    if RECORD:
        path.write_text(got, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if got != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), got.splitlines(True), "recorded", "now",
                                                 n=2))[:60])
        pytest.fail(f"The export differs from {name}:\n{diff}")


def test_the_activity_file_is_the_recorded_one(demo):
    out = io.BytesIO()
    count = export.write_activities(out)
    assert count == 33
    _compare(out.getvalue(), "demo-activities.xml")


def test_the_portal_stream_gives_the_same_file(demo):
    # the portal download streams the same writer, chunk by chunk
    data = b"".join(export.stream_activities())
    _compare(data, "demo-activities.xml")


def test_the_organisation_file_is_the_recorded_one(demo):
    out = io.BytesIO()
    export.write_organisation(out)
    _compare(out.getvalue(), "demo-organisation.xml")


def test_timestamps_are_the_only_attributes_left_out():
    data = (b'<iati-activities version="2.03" generated-datetime="2026-01-01T00:00:00">'
            b'<iati-activity last-updated-datetime="2026-01-01T00:00:00" default-currency="USD"/></iati-activities>')
    assert canonical(data) == ('<iati-activities version="2.03"><iati-activity default-currency="USD">'
                               '</iati-activity></iati-activities>\n')


def test_markup_characters_in_the_data_reach_the_file_as_they_were(demo):
    """The activities are written as escaped markup: names, titles and references holding markup,
    quotes and whitespace characters come back unchanged (text and attributes), and nothing is injected."""
    from mandates.finance.models import Contribution
    from mandates.interop.selectors import identifier_of, public_projects

    hostile = 'A&B <iati-activity> "q" \'s\' ]]> t\tl\nr\r end'  # within every column's 60 characters
    contribution = Contribution.objects.filter(project__in=public_projects()).select_related("project", "donor").first()
    project, donor = contribution.project, contribution.donor
    type(project).objects.filter(pk=project.pk).update(title=hostile)
    type(donor).objects.filter(pk=donor.pk).update(name=hostile, iati_organisation_ref=hostile)
    Contribution.objects.filter(pk=contribution.pk).update(reference=hostile)
    out = io.BytesIO()
    count = export.write_activities(out)
    root = etree.fromstring(out.getvalue(), etree.XMLParser(resolve_entities=False, no_network=True))
    assert len(root) == count  # no activity injected
    activity = next(a for a in root if a.findtext("iati-identifier") == identifier_of(project))
    assert activity.findtext("title/narrative") == hostile
    assert activity.find("document-link/title/narrative").text.endswith(hostile)
    funder = next(o for o in activity.findall("participating-org") if o.get("role") == "1"
                  and o.findtext("narrative") == hostile)
    assert funder.get("ref") == hostile
    transaction = next(t for t in activity.findall("transaction") if t.get("ref") == hostile)
    assert transaction.find("provider-org").get("ref") == hostile
    assert transaction.findtext("provider-org/narrative") == hostile
