"""The stored plan summary refreshed in part after a write (``plan.incremental``) is the summary computed
in full, every row and the totals to the cent — for every kind of write that changes the plan's figures,
each through its service (and an ERP import, written in bulk), one after the other on the same stored
summary; writes the plan reads nothing of touch no row; writes that cannot be followed row by row make
the whole summary computed again."""
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from mandates.core.audit import acting_as
from mandates.core.lifecycle import available_transitions
from mandates.finance.models import BudgetLine, Contribution
from mandates.finance.services import import_expenditure, revise_budget, save_contribution
from mandates.finance.tests.conftest import ERP_HEADER
from mandates.geography.models import Country
from mandates.organisation.models import WorkUnit
from mandates.people.models import User
from mandates.portfolio import services as portfolio
from mandates.portfolio.models import Activity, Output, Project
from mandates.results import services
from mandates.results.models import Indicator, PlanSummary
from mandates.results.plan import implementation_plan, incremental, stored

from .portfolio import PlanPortfolioTestCase

SHOWN = {"outputs": 2, "projects": 3, "indicators": 4}


def figures(plan):
    """Everything a summary row and the totals show, comparable with ``==``."""
    rows = [(r.result.pk, r.theme.pk if r.theme else None, r.area.pk if r.area else None, r.counts,
             [(o["id"], o["code"], o["title"], o["project"], o["activities"]) for o in r.outputs],
             [(p["id"], p["code"], p["title"], p["status"], p["lead_unit__code"]) for p in r.projects],
             [(i["indicator"].pk, i["indicator"].title, i["progress"].status, i["progress"].label, i["last_year"],
               i["source"]) for i in r.indicators],
             r.activity_count, r.budget, r.expenditure, r.countries, r.regions, r.is_global, r.units, r.gaps)
            for r in plan.rows]
    groups = [(g["theme"].pk if g["theme"] else None, [[r.result.pk for r in a["rows"]] for a in g["areas"]])
              for g in plan.groups]
    return rows, groups, plan.totals, plan.source, plan.as_of


class RefreshedInPartIsComputedInFull(PlanPortfolioTestCase):
    seed = 5

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.reviewer = User.objects.create_superuser("plan6-reviewer", "plan6@example.org", "x")

    def setUp(self):
        self.key, self.shown_key = stored.ALL, stored._shown_key(SHOWN)
        stored._computed(self.admin, self.period, self.key, self.shown_key, stored.version())

    def refresh(self, *, changes=True):
        """Bring the stored summary up to date in part; assert it is the summary computed in full."""
        row = PlanSummary.objects.get(scope=self.key, shown=self.shown_key)
        before, index, current = stored._load(row.data), stored._load(row.index), stored.version()
        self.assertNotEqual(row.version, current)  # a write was made
        old = figures(before)
        plan = stored.catch_up(self.period, self.key, self.shown_key, current)
        self.assertIsNotNone(plan, "refreshed in part")
        full = implementation_plan(self.admin, self.period, summary=SHOWN)
        self.assertEqual(figures(plan), figures(full))
        if changes:  # the write did change what the plan shows (else the test proves little)
            self.assertNotEqual(old, figures(full))
        elif changes is not None:
            self.assertEqual(old, figures(full))
        self.assertEqual(PlanSummary.objects.get(scope=self.key, shown=self.shown_key).version, current)
        self.assertEqual(index.keys(), stored._load(PlanSummary.objects.get().index).keys())
        return full

    def project_with_money(self):
        plan = stored._load(PlanSummary.objects.get().data)
        ids = [p["id"] for r in plan.rows if r.budget for p in r.projects]
        return Project.objects.filter(pk__in=ids, outcomes__outputs__activities__isnull=False,
                                      budget_lines__is_current=True).distinct().order_by("code").first()

    def other_result(self, project):
        named = set(project.results.values_list("pk", flat=True))
        return next(r for r in implementation_plan(self.admin, self.period, summary=SHOWN).rows
                    if r.result.pk not in named and r.counts["projects"] == 0 or r.result.pk not in named).result

    def test_logframe_writes(self):
        admin, project = self.admin, self.project_with_money()
        other_unit = WorkUnit.objects.exclude(pk=project.lead_unit_id).order_by("code").first()
        portfolio.update_project(project, by=admin, lead_unit=other_unit)  # (d) who
        self.refresh()
        result = self.other_result(project)
        portfolio.update_project(project, by=admin, results=[result])  # a result named, the others dropped
        self.refresh()
        outcome = portfolio.add_outcome(project, by=admin, code="9", title="New outcome", results=[result])
        output = portfolio.add_output(outcome, by=admin, code="9.1", title="New output")
        self.refresh()
        moved = Output.objects.filter(outcome__project=project).exclude(pk=output.pk).first()
        portfolio.update_output(moved, by=admin, results=[self.other_result(Project.objects.get(pk=project.pk))])
        self.refresh()
        kenya, peru = Country.objects.get(iso3="KEN"), Country.objects.get(iso3="PER")
        activity = portfolio.add_activity(output, by=admin, code="9.1.1", title="Training", country=peru,
                                          responsible_unit=other_unit)
        self.refresh()
        portfolio.update_activity(activity, by=admin, country=kenya)
        self.refresh(changes=None)  # Peru may stay among the row's places through another activity
        old = Activity.objects.filter(output__outcome__project=project).exclude(pk=activity.pk).first()
        portfolio.delete_logframe_item(old, by=admin)
        self.refresh()
        portfolio.update_project(project, by=admin, locations=[{"country": peru, "area": None,
                                                                "percentage": Decimal("100")}])
        self.refresh()

    def test_indicator_writes(self):
        admin, project = self.admin, self.project_with_money()
        rows = implementation_plan(self.admin, self.period, summary=SHOWN).rows
        bare = next(r for r in rows if "no_indicator" in r.gaps).result
        indicator = services.save_indicator(by=admin, result=bare, title="Cases heard", unit="cases")
        self.refresh()  # one gap fewer
        outcome = project.outcomes.order_by("code").first()
        on_outcome = services.save_indicator(by=admin, outcome=outcome, title="Laws drafted", unit="laws")
        self.refresh()
        services.set_targets(on_outcome, by=admin, targets={on_outcome.end_year: 10})
        self.refresh(changes=False)  # not among the first indicators shown: the figures stay, the rows agree
        value = services.record_value(indicator, by=admin, year=indicator.end_year,
                                      value=Decimal("4"))
        self.refresh(changes=False)  # submitted, not yet approved
        services.review_value(value, by=self.reviewer, action="approve")
        self.refresh()  # an actual in the last year: no "no data in the last year" gap
        services.save_indicator(indicator, by=admin, title="Cases heard in court")  # as its row lists it
        self.refresh()
        services.delete_indicator(on_outcome, by=admin)
        self.refresh()

    def test_delivery_writes(self):
        admin = self.admin
        counted = Indicator.objects.exclude(actual_source=Indicator.ActualSource.REPORTED).filter(
            output__isnull=False).order_by("pk").first()
        if counted is None:
            self.skipTest("no indicator counting deliveries in this portfolio")
        output = counted.output
        delivery = services.save_delivery(by=admin, kind="training", title="Course", project=output.outcome.project,
                                          output=output, start_date=date(2011, 3, 1), end_date=date(2011, 3, 4),
                                          participants=10, participant_rows=[("sex", "female", 10)], indicators=[counted])
        self.refresh(changes=None)
        services.save_delivery(delivery, by=admin, end_date=date(2011, 3, 5))
        self.refresh(changes=False)

    def test_money_writes(self):
        admin, project = self.admin, self.project_with_money()
        line = BudgetLine.objects.filter(project=project, is_current=True).select_related(
            "segment", "budget_class").order_by("pk").first()
        revise_budget(project=project, lines=[{"segment": line.segment, "year": line.year, "budget_class": line.budget_class,
                                               "amount": Decimal("12345.67")}], reason="Revision", by=admin)
        self.refresh()
        day = max(project.start_date, date(line.year, 1, 1)).isoformat()
        rows = [f"JV-P6-{i},1,{day},disbursement,{line.segment.code},{project.code},{line.budget_class.code},"
                f"USD,{100 + i}.01,,,Line {i}" for i in range(40)]
        upload = SimpleUploadedFile("erp.csv", (ERP_HEADER + "".join(r + "\n" for r in rows)).encode())
        import_expenditure(upload, by=admin)  # 40 lines and their audit entries written in bulk
        self.refresh()

    def test_writes_the_plan_does_not_read_touch_no_row(self):
        from mandates.finance.models import Contribution

        contribution = Contribution.objects.order_by("pk").first()
        save_contribution(contribution, by=self.admin, amount=contribution.amount + 1)
        self.refresh(changes=False)

    def test_status_changes_and_deletions(self):
        admin, project = self.admin, self.project_with_money()
        names = [name for name, _label in available_transitions(project)]
        self.assertTrue(names)
        portfolio.transition(project, names[0], by=admin, comment="Checked", decided_on=date(2010, 1, 4))
        self.refresh()  # the project's status, as its rows list it
        result = implementation_plan(admin, self.period, summary=SHOWN).rows[0].result
        draft = portfolio.create_project(by=admin, code="XAW/P6", title="A new project", objective="Courts",
                                         strategy_period=self.period, lead_unit=project.lead_unit,
                                         start_date=date(2009, 1, 1), end_date=date(2011, 12, 31), results=[result])
        self.refresh()  # one more project in the row and the totals
        portfolio.delete_project(draft, by=admin)
        self.refresh()

    def test_writes_that_cannot_be_followed_compute_the_whole_summary(self):
        from mandates.strategy.models import StrategyNode

        node = StrategyNode.objects.filter(period=self.period).order_by("pk").first()
        node.title = "Renamed"
        with acting_as(self.admin):
            node.save()
        self.assertIsNone(stored.catch_up(self.period, self.key, self.shown_key, stored.version()))
        with self.assertRaises(incremental.Unfollowed):
            incremental.touched([("strategy.strategynode", str(node.pk), {}, None, None)])


    def test_summaries_listing_different_numbers_share_one_refresh(self):
        """After a write, the page's and the API's summaries (listing different numbers of items) are
        refreshed from one computation of the touched rows, each keeping its own first few."""
        project, wide = self.project_with_money(), {"outputs": 5, "projects": 7, "indicators": 9}
        stored._computed(self.admin, self.period, self.key, stored._shown_key(wide), stored.version())
        portfolio.update_project(project, by=self.admin, results=[self.other_result(project)])
        self.assertEqual(stored.refresh(in_full=False), 2)
        for shown in (SHOWN, wide):
            row = PlanSummary.objects.get(shown=stored._shown_key(shown))
            self.assertEqual(row.version, stored.version())
            self.assertEqual(figures(stored._load(row.data)),
                             figures(implementation_plan(self.admin, self.period, summary=shown)))

    def test_an_entry_committed_after_a_later_one_is_still_read(self):
        """On PostgreSQL a transaction can draw entry number 100 and commit after one that drew 101: the
        summary stored at 101 keeps 100 as pending, and the next refresh reads it."""
        from auditlog.models import LogEntry

        from mandates.core.page_cache import _count_commit

        project = self.project_with_money()
        other = self.other_result(project)
        drawn = LogEntry.objects.create(content_type_id=LogEntry.objects.first().content_type_id, object_pk="0",
                                        action=LogEntry.Action.UPDATE, changes={})
        drawn_pk = drawn.pk
        drawn.delete()  # number drawn, not yet visible
        save_contribution(Contribution.objects.order_by("pk").first(), by=self.admin,
                          amount=Contribution.objects.order_by("pk").first().amount + 1)
        PlanSummary.objects.all().delete()
        stored._computed(self.admin, self.period, self.key, self.shown_key, stored.version())
        latest = LogEntry.objects.order_by("-pk").first().pk
        self.assertIn(drawn_pk, stored._load(PlanSummary.objects.get().index)["pending"])
        portfolio.update_project(project, by=self.admin, results=[other])  # the late transaction's write...
        late = list(LogEntry.objects.filter(pk__gt=latest).order_by("pk"))
        LogEntry.objects.filter(pk=late[0].pk).update(id=drawn_pk)  # ...bears the number it drew
        LogEntry.objects.filter(pk__in=[e.pk for e in late[1:]]).delete()
        _count_commit()  # and counts as committed
        self.assertEqual(LogEntry.objects.order_by("-pk").first().pk, latest)
        self.refresh()

    def test_an_entry_committed_late_from_beyond_the_window_computes_the_whole_summary(self):
        """A transaction that drew its number further back than ``WINDOW`` and commits late is not among the
        pending numbers; the count of entries below the version shows it, and the summary is computed again."""
        from unittest import mock

        from auditlog.models import LogEntry

        from mandates.core.page_cache import _count_commit

        project = self.project_with_money()
        other = self.other_result(project)
        drawn = LogEntry.objects.create(content_type_id=LogEntry.objects.first().content_type_id, object_pk="0",
                                        action=LogEntry.Action.UPDATE, changes={})
        drawn_pk = drawn.pk
        drawn.delete()
        for step in range(3):  # later entries, so that the drawn number falls outside a window of 2
            save_contribution(Contribution.objects.order_by("pk").first(), by=self.admin,
                              amount=Contribution.objects.order_by("pk").first().amount + 1)
        with mock.patch.object(incremental, "WINDOW", 2):
            PlanSummary.objects.all().delete()
            stored._computed(self.admin, self.period, self.key, self.shown_key, stored.version())
            latest = LogEntry.objects.order_by("-pk").first().pk
            self.assertNotIn(drawn_pk, stored._load(PlanSummary.objects.get().index)["pending"])
            portfolio.update_project(project, by=self.admin, results=[other])
            late = list(LogEntry.objects.filter(pk__gt=latest).order_by("pk"))
            LogEntry.objects.filter(pk=late[0].pk).update(id=drawn_pk)
            LogEntry.objects.filter(pk__in=[e.pk for e in late[1:]]).delete()
            _count_commit()
            self.assertIsNone(stored.catch_up(self.period, self.key, self.shown_key, stored.version()))
