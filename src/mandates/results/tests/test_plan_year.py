"""A year of the implementation plan has its own stored summary (``PlanSummary.year``, ``plan.stored``): read
while current, refreshed in part after a write, filtered by place, unit or theme from its parts — each time the
plan of that year computed live, every row (counts, first outputs, projects and indicators, activities, money
to the cent, places, units, gaps) and the totals, on a generated portfolio; the whole period's summary stays
apart."""
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.portfolio import services as portfolio
from mandates.portfolio.models import Activity, Project
from mandates.results.models import PlanSummary
from mandates.results.plan import implementation_plan, stored
from mandates.strategy.models import StrategyNode

from .portfolio import PlanPortfolioTestCase
from .test_plan_incremental import figures

SHOWN = {"outputs": 2, "projects": 3, "indicators": 4}
NONE = {"region": None, "country": None, "work_unit": None, "theme": None, "as_of": None}
YEAR = 2010


def read(user, period, **filters):
    """The summary plan a reader gets (stored, refreshed in part, served from parts or computed live)."""
    return stored.summary_plan(user, period, shown=SHOWN, **{"year": None, **NONE, **filters})


class AYearIsStoredAndReadAsComputedLive(PlanPortfolioTestCase):
    seed = 11

    def live(self, **filters):
        return implementation_plan(self.admin, self.period, summary=SHOWN, **filters)

    def test_a_year_stored_then_read_is_the_year_computed_live(self):
        whole = read(self.admin, self.period)
        for year in (2009, YEAR):
            first = read(self.admin, self.period, year=year)  # computed and stored
            self.assertEqual(figures(first), figures(self.live(year=year)), year)
            self.assertEqual((first.year, first.as_of), (year, date(year, 12, 31)))
            self.assertTrue(PlanSummary.objects.filter(year=year, version=stored.version()).exists())
            with CaptureQueriesContext(connection) as queries:
                again = read(self.admin, self.period, year=year)
            self.assertEqual(figures(again), figures(first), year)
            self.assertLessEqual(len(queries), 8, year)  # the stored summary read, not computed again
            # a year's money and activities are not the period's (else the test proves little)
            self.assertNotEqual(again.totals["budget"], whole.totals["budget"])
        self.assertEqual(PlanSummary.objects.filter(year=0).count(), 1)  # the period's summary kept apart
        self.assertEqual(figures(read(self.admin, self.period)), figures(self.live()))

    def test_a_year_filtered_is_served_from_the_years_summary(self):
        read(self.admin, self.period, year=YEAR)  # the year's summary stored
        kenya, africa = Country.objects.get(iso3="KEN"), Area.objects.get(m49_code="002")
        unit = Project.objects.filter(lead_unit__depth__gte=3).order_by("code").first().lead_unit
        parent = WorkUnit.objects.get(path=unit.path[:-WorkUnit.steplen])
        theme = StrategyNode.objects.filter(period=self.period, track="results", level=0).order_by("sort_key").first()
        whole_year = self.live(year=YEAR)
        for filters in ({"country": kenya}, {"region": africa}, {"region": kenya.sub_region}, {"work_unit": parent},
                        {"theme": theme}, {"theme": theme, "country": kenya}, {"region": africa, "work_unit": parent},
                        {"as_of": date(YEAR, 12, 31)}):
            plan = stored._filtered(self.admin, self.period, stored.ALL, SHOWN, {"year": YEAR, **NONE, **filters})
            self.assertIsNotNone(plan, filters)  # served, not computed live
            live = self.live(year=YEAR, **filters)
            self.assertEqual(figures(plan), figures(live), filters)
            self.assertEqual((plan.attribution, plan.year), (live.attribution, YEAR), filters)
            if "as_of" not in filters:
                self.assertLess((live.totals["projects"], live.totals["results"]),
                                (whole_year.totals["projects"], whole_year.totals["results"]), filters)
        # another as-at date, or a year with no summary stored: computed live by the caller
        self.assertIsNone(stored._filtered(self.admin, self.period, stored.ALL, SHOWN,
                                           {"year": YEAR, **NONE, "as_of": date(YEAR, 6, 30)}))
        self.assertIsNone(stored._filtered(self.admin, self.period, stored.ALL, SHOWN,
                                           {"year": 2008, **NONE, "country": kenya}))

    def test_a_years_summary_refreshed_in_part_after_writes(self):
        admin = self.admin
        read(self.admin, self.period)
        before = read(self.admin, self.period, year=YEAR)
        shown_key = stored._shown_key(SHOWN)
        ids = [p["id"] for r in before.rows if r.budget for p in r.projects]
        project = Project.objects.filter(pk__in=ids, end_date__gte=date(YEAR + 1, 12, 31),
                                         outcomes__outputs__activities__start_date__year__lte=YEAR,
                                         outcomes__outputs__activities__end_date__year__gte=YEAR).distinct().order_by(
            "code").first()
        other = WorkUnit.objects.exclude(pk=project.lead_unit_id).order_by("code").first()
        portfolio.update_project(project, by=admin, lead_unit=other)  # (d) who

        def refreshed(year):
            plan = stored.catch_up(self.period, stored.ALL, shown_key, stored.version(), year=year)
            self.assertIsNotNone(plan, f"{year}: refreshed in part")
            self.assertEqual(figures(plan), figures(self.live(year=year)), year)
            return plan

        after = refreshed(YEAR)
        self.assertNotEqual(figures(after), figures(before))
        refreshed(None)
        # an activity moved out of the year: the year's row loses it, the period's keeps it
        activity = Activity.objects.filter(output__outcome__project=project, start_date__year__lte=YEAR,
                                           end_date__year__gte=YEAR).order_by("pk").first()
        portfolio.update_activity(activity, by=admin, start_date=date(YEAR + 1, 1, 1), end_date=date(YEAR + 1, 12, 31))
        moved = refreshed(YEAR)
        self.assertNotEqual(figures(moved), figures(after))
        # a project that started after the year, now starting in it: it joins the year's rows with its money
        entering = Project.objects.filter(start_date__gt=date(YEAR, 12, 31), results__period=self.period).order_by(
            "code").first()
        self.assertIsNotNone(entering)
        portfolio.update_project(entering, by=admin, start_date=date(YEAR, 1, 1))
        joined = refreshed(YEAR)
        self.assertEqual(joined.totals["projects"], moved.totals["projects"] + 1)
        index = stored._load(PlanSummary.objects.get(year=YEAR).index)
        self.assertTrue(any(entering.pk in projects for projects in index["projects_of"].values()))
        self.assertEqual(figures(read(self.admin, self.period)), figures(self.live()))
        self.assertEqual(set(PlanSummary.objects.values_list("year", "version")),
                         {(0, stored.version()), (YEAR, stored.version())})
