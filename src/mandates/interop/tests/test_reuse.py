"""A re-import reuses the verdict of an activity whose check key is the stored one (``interop.reuse``), and checks
every other activity again: the import's outcome and stored rows are those of checking everything."""
import os
import re
from datetime import date, timedelta

import pytest

from mandates.interop import reader, reuse
from mandates.interop.models import ExternalActivity
from mandates.interop.services import import_file

pytestmark = pytest.mark.django_db

ROWS = ("identifier", "line", "fingerprint", "issues", "check_key", "errors_found", "title")


def _stored():
    return sorted(ExternalActivity.objects.values_list(*ROWS))


def _outcome(record):
    return record.outcome, record.stored, record.refused, record.warnings, record.problems, record.reason


@pytest.fixture
def checked(monkeypatch):
    """The activities the checks ran on in this process (``reader._check``, called through)."""
    seen = []
    real = reader._check

    def spy(element, *args):
        seen.append(element.sourceline)
        return real(element, *args)

    monkeypatch.setattr(reader, "_check", spy)
    return seen


def test_an_unchanged_file_is_stored_again_without_checking_its_valid_activities(m49, mixed, checked, monkeypatch):
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))  # a CPU free: the checks in a second process
    first = _outcome(import_file(mixed))  # keys computed by the second process, looked up by this one
    stored = _stored()
    assert first[2] == 2 and first[3] > 0 and all(row[4] for row in stored)  # refused, with rule errors, keyed
    checked.clear()
    progress = []
    again = _outcome(import_file(mixed, progress=lambda done, total: progress.append((done, total))))
    assert len(checked) == 2  # only the two refused activities (never stored, so never reused) are checked again
    size = mixed.stat().st_size
    assert len(progress) > 100 and progress == sorted(progress) and progress[-1] == (size, size)
    assert again == first
    assert _stored() == stored


def test_a_line_break_inside_a_tag_is_a_change_of_the_activity(m49, mixed, tmp_path, checked, settings):
    """The markup of an activity read again may be the same while its lines moved (a line break between a tag's name
    and its end leaves ``tostring`` as it was): its findings carry lines, so it is checked again."""
    settings.IATI_IMPORT_PROCESSES = 1
    import_file(mixed)
    before = {row[0]: row for row in _stored()}
    identifier, line, issues = next((row[0], row[1], row[3]) for row in before.values()
                                    if any(issue["line"] and issue["line"] > row[1] + 1 for issue in row[3]))
    text = mixed.read_text(encoding="utf-8")
    at = text.index(f">{identifier}</iati-identifier>")
    opening = text.rindex("<iati-identifier", 0, at)
    end = text.index("</iati-activity>\n", at) + len("</iati-activity>")
    moved = text[:opening] + "<iati-identifier\n" + text[opening + len("<iati-identifier"):end] + text[end + 1:]
    changed = tmp_path / "changed" / mixed.name
    changed.parent.mkdir()
    changed.write_text(moved, encoding="utf-8")
    checked.clear()
    record = import_file(changed)
    assert record.stored == len(before) and len(checked) == 3  # this one and the two refused
    after = ExternalActivity.objects.get(identifier=identifier)
    shifted = [issue["line"] + 1 if issue["line"] and issue["line"] > line else issue["line"] for issue in issues]
    assert [issue["line"] for issue in after.issues] == shifted
    assert after.check_key != before[identifier][4]
    assert {row[0]: row for row in _stored() if row[0] != identifier} == {
        k: v for k, v in before.items() if k != identifier}


def test_another_day_checks_again_only_what_a_rule_compares_with_today_and_strict_checks_everything(
        m49, mixed, tmp_path, checked, monkeypatch, settings):
    """The only rule that reads today (``date_now``: last updated not after today) can only pass on a later day,
    never fail again: a verdict is reused on another day unless the activity's date was after the day it was given."""
    settings.IATI_IMPORT_PROCESSES = 1
    stored = {row[0]: row for row in (import_file(mixed) and _stored())}
    identifier = sorted(stored)[0]
    tomorrow = date.today() + timedelta(days=1)
    text = mixed.read_text(encoding="utf-8")
    at = text.index(f">{identifier}</iati-identifier>")
    opening = text.rindex("<iati-activity", 0, at)
    tag_end = text.index(">", opening)
    tag = re.sub(r'\s+last-updated-datetime="[^"]*"', "", text[opening:tag_end])
    dated = tmp_path / "dated" / mixed.name
    dated.parent.mkdir()
    dated.write_text(text[:opening] + f'{tag} last-updated-datetime="{tomorrow.isoformat()}T00:00:00"'
                     + text[tag_end:], encoding="utf-8")
    first = _outcome(import_file(dated))  # today: the activity is last updated after today (a rule error)
    activities = first[1] + first[2]
    before = ExternalActivity.objects.get(identifier=identifier).issues
    assert any("11.1.1" in str(issue) or "current date" in str(issue).lower() for issue in before), before

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return tomorrow

    with monkeypatch.context() as patch:
        patch.setattr(reuse, "date", Tomorrow)
        checked.clear()
        import_file(dated)
        assert len(checked) == first[2] + 1  # the refused ones and the dated one; every other verdict reused
        checked.clear()
        strict = import_file(dated, strict=True)
    assert len(checked) == activities  # strict: another verdict, everything checked
    assert strict.refused >= first[2] + 1  # the activities with a rule error are refused when strict
