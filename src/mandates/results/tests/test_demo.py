"""The demo indicators, values and deliveries, and the demo evaluations, loaded after the demo portfolio."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.test import TestCase, override_settings

from mandates.evaluation.models import ActionItem, Evaluation, Lesson
from mandates.people.models import User
from mandates.results.demo import DATA_DIR, _read, load_results_demo
from mandates.results.models import Delivery, Indicator, IndicatorValue
from mandates.results.plan import implementation_plan
from mandates.results.selectors import series_for
from mandates.strategy.models import StrategyPeriod


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoAfterThePortfolio(TestCase):
    @classmethod
    def setUpTestData(cls):
        quiet = StringIO()
        call_command("load_reference_data", stdout=quiet)
        call_command("load_demo", portfolio_only=True, stdout=quiet)
        cls.first = StringIO()
        call_command("load_results_demo", stdout=cls.first)
        call_command("load_evaluation_demo", stdout=cls.first)

    def test_every_demo_indicator_and_delivery_finds_its_place(self):
        file = _read("demo_indicators.yaml", DATA_DIR)["indicators"]
        assert Indicator.objects.filter(is_demo=True).count() == len(file)
        assert Delivery.objects.count() == len(_read("demo_deliveries.yaml", DATA_DIR)["deliveries"])
        assert "Skipped" not in self.first.getvalue()

    def test_the_seed_figures_follow_from_the_deliveries(self):
        trained, workshops, states = (Indicator.objects.get(code=c) for c in ("GLOR35-1", "GLOR35-2", "GLOR35-3"))
        series = series_for([trained, workshops, states])
        # A/64/123 para. 40, 1 January 2008 - 31 May 2009 (the demo has nothing in June-December 2009)
        assert series[trained.pk].actuals[2008] + series[trained.pk].actuals[2009] == 2350
        assert series[workshops.pk].actuals[2008] + series[workshops.pk].actuals[2009] == 21
        assert series[states.pk].actuals[2009] == 70
        assert Delivery.objects.filter(project__code="GLOR35", end_date__year=2009, end_date__month__gt=5).count() == 1
        # the one after May 2009 is the database opened to the public in June 2009, a tool, not a training

    def test_values_went_through_the_workflow(self):
        planner, admin = User.objects.get(username="planner"), User.objects.get(username="admin")
        approved = IndicatorValue.objects.filter(status="approved")
        # managers' values are approved by the planning officer, the planning officer's by someone else
        assert approved.filter(indicator__project__isnull=False, approved_by=planner).exists()
        assert set(approved.values_list("approved_by", flat=True)) == {planner.pk, admin.pk}
        assert not approved.filter(approved_by=models.F("submitted_by")).exists()
        assert IndicatorValue.objects.filter(status="returned").exclude(review_comment="").exists()
        assert IndicatorValue.objects.filter(status="submitted").exists()

    def test_the_plan_shows_all_53_expected_results(self):
        plan = implementation_plan(User.objects.get(username="planner"), StrategyPeriod.objects.get(code="2008-2011"))
        assert len(plan.rows) == 53
        assert any(not row.gaps for row in plan.rows) and any("no_project" in row.gaps for row in plan.rows)

    def test_evaluations_have_overdue_follow_up_and_lessons(self):
        assert Evaluation.objects.count() == 4 and Lesson.objects.count() == 6
        from mandates.evaluation.models import ManagementResponse
        dates = set(ManagementResponse.objects.values_list("responded_on", flat=True))
        assert {d.isoformat() for d in dates} == {"2010-03-31", "2011-01-15", "2010-08-20"}
        from mandates.evaluation.selectors import lessons_for_project, overdue_items
        from mandates.organisation.models import WorkUnit
        from mandates.portfolio.models import Project

        reader = User.objects.get(username="reader")
        assert overdue_items(reader, unit=WorkUnit.objects.get(code="ROEA")).exists()
        assert ActionItem.objects.filter(status="done").exists()
        titles = [lesson.title for lesson in lessons_for_project(Project.objects.get(code="XSCT24"), reader)]
        assert "Train judges together with prosecutors" in titles  # XSCT24 also serves 1.2.8

    def test_running_again_changes_nothing(self):
        counts = (Indicator.objects.count(), IndicatorValue.objects.count(), Delivery.objects.count(),
                  Evaluation.objects.count(), ActionItem.objects.count(), Lesson.objects.count())
        again = StringIO()
        call_command("load_results_demo", stdout=again)
        call_command("load_evaluation_demo", stdout=again)
        assert "0 loaded" in again.getvalue()
        assert counts == (Indicator.objects.count(), IndicatorValue.objects.count(), Delivery.objects.count(),
                          Evaluation.objects.count(), ActionItem.objects.count(), Lesson.objects.count())


@pytest.mark.django_db
def test_missing_projects_are_skipped_gracefully(strategy, users):
    report = load_results_demo()
    assert Indicator.objects.filter(project__isnull=False).count() == 0 and Delivery.objects.count() == 0
    assert report.skipped and any("GLOR35" in s for s in report.skipped)
    # of the expected-result indicators, only the one whose code the test tree has (1.4.3) is loaded
    assert set(Indicator.objects.values_list("code", flat=True)) == {"R-1.4.3-1"}
    assert "R-1.4.2-1" in report.skipped
