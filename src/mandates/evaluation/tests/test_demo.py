"""The evaluation demo loader on a portfolio without the demo projects: it skips, it does not fail."""
import pytest

from mandates.evaluation.demo import load_evaluation_demo
from mandates.evaluation.models import Evaluation, Lesson


@pytest.mark.django_db
def test_missing_projects_and_programmes_are_skipped(strategy, users, units):
    report = load_evaluation_demo()
    # the projects, the programme and the thematic evaluation's work unit (DTA-TPB) are not in this database
    assert {"KENX41", "GP-GPML", "XEAX20", "DTA-TPB"} <= set(report.skipped)
    assert not Evaluation.objects.exists()
    # lessons that name a missing evaluation or project are skipped too; none is half-loaded
    assert not Lesson.objects.exists()
    assert load_evaluation_demo().skipped == report.skipped
