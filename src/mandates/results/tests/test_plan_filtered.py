"""A filtered plan served from the stored summary (``plan.filtered``) is the plan computed live with the
same filter — every row (counts, first outputs, projects and indicators, activities, money to the cent,
places, units, gaps) and the totals — for every filter kind (region, sub-region, country, work unit, theme,
the summary's own as-at date, and combinations), on the demo data and a generated portfolio; also after
writes refreshed in part. A year, another as-at date and a reader who does not see every project are
computed live; the pages and the API keep a bounded number of queries."""
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.people.models import User
from mandates.portfolio import services as portfolio
from mandates.portfolio.models import Project
from mandates.results.models import PlanSummary
from mandates.results.plan import build, implementation_plan, stored
from mandates.strategy.models import StrategyNode

from .portfolio import PlanPortfolioTestCase
from .test_plan_incremental import figures

SHOWN = {"outputs": 2, "projects": 3, "indicators": 4}


def served(user, period, **filters):
    """The plan served from the current stored summary (None when it cannot be)."""
    return stored._filtered(user, period, stored.ALL, SHOWN, {
        "year": None, "region": None, "country": None, "work_unit": None, "theme": None, "as_of": None, **filters})


class FilteredFromStoredIsComputedLive(PlanPortfolioTestCase):
    seed = 7

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        stored._computed(cls.admin, cls.period, stored.ALL, stored._shown_key(SHOWN), stored.version())

    def compare(self, **filters):
        plan = served(self.admin, self.period, **filters)
        self.assertIsNotNone(plan, filters)
        live = implementation_plan(self.admin, self.period, summary=SHOWN, **filters)
        self.assertEqual(figures(plan), figures(live), filters)
        self.assertEqual(plan.attribution, live.attribution, filters)
        return live

    def filters(self):
        """A region, a sub-region, a country, a work unit and its parent, a theme: each keeping some projects."""
        kenya = Country.objects.get(iso3="KEN")
        africa = Area.objects.get(m49_code="002")
        sub = kenya.sub_region  # Eastern Africa
        unit = Project.objects.filter(lead_unit__depth__gte=3, budget_lines__is_current=True).order_by(
            "code").first().lead_unit
        theme = StrategyNode.objects.filter(period=self.period, track="results", level=0).order_by("sort_key").first()
        return {"region": africa, "sub_region": sub, "country": kenya, "unit": unit, "parent_unit": WorkUnit.objects.get(path=unit.path[:-WorkUnit.steplen]),
                "theme": theme}

    def test_every_filter_kind_row_by_row_to_the_cent(self):
        f = self.filters()
        everything = implementation_plan(self.admin, self.period, summary=SHOWN)
        cases = [{"region": f["region"]}, {"region": f["sub_region"]}, {"country": f["country"]},
                 {"work_unit": f["unit"]}, {"work_unit": f["parent_unit"]}, {"theme": f["theme"]},
                 {"theme": f["theme"], "country": f["country"]}, {"region": f["region"], "work_unit": f["parent_unit"]},
                 {"as_of": everything.as_of}, {"region": f["sub_region"], "as_of": everything.as_of}]
        for filters in cases:
            live = self.compare(**filters)
            if set(filters) != {"as_of"}:  # the filter kept fewer projects or rows (else it proves little)
                self.assertLess((live.totals["projects"], live.totals["results"]),
                                (everything.totals["projects"], everything.totals["results"]), filters)
        kenya = self.compare(country=f["country"])
        self.assertTrue(kenya.attribution and any(r.budget for r in kenya.rows))  # money attributed, not zero
        self.assertNotEqual(kenya.totals["budget"], everything.totals["budget"])

    def test_the_summary_stored_summed_from_its_parts_is_the_plan_computed_row_by_row(self):
        """A summary computed to be stored makes its rows from its parts (plan.filtered.rows_and_parts, BENCHMARKS.md
        plan8); the plan computed for a reader who cannot be served (build.summary_row_for) must be the same."""
        for shown in (SHOWN, {"outputs": 6, "projects": 12, "indicators": 8}, {"outputs": 0, "projects": 0, "indicators": 0}):
            made = stored._computed(self.admin, self.period, stored.ALL, stored._shown_key(shown), stored.version())
            live = implementation_plan(self.admin, self.period, summary=shown)
            self.assertEqual(figures(made), figures(live), shown)
            self.assertTrue(any(r.outputs for r in made.rows) or not shown["outputs"])
            index = stored._load(PlanSummary.objects.get(shown=stored._shown_key(shown)).index)
            self.assertEqual(set(index["parts"]["rows"]), {r.result.pk for r in live.rows})  # the parts were made

    def test_one_filter_asked_with_exists_keeps_the_projects_of_the_joined_form(self):
        f = self.filters()
        for name, value in (("region", f["region"]), ("region", f["sub_region"]), ("country", f["country"]),
                            ("work_unit", f["unit"]), ("work_unit", f["parent_unit"])):
            kept = set(Project.objects.filter(build._project_filter(**{name: value})).values_list("pk", flat=True))
            joined = set(Project.objects.filter(build._project_filter_joined(**{name: value})).values_list(
                "pk", flat=True))
            self.assertEqual(kept, joined, value)
            self.assertTrue(0 < len(kept) < Project.objects.count(), value)

    def test_after_writes_refreshed_in_part(self):
        kenya, admin = Country.objects.get(iso3="KEN"), self.admin
        project = Project.objects.filter(locations__country=kenya, results__isnull=False).order_by("code").first()
        portfolio.update_project(project, by=admin, title="Kenya, revised")
        other = WorkUnit.objects.exclude(pk=project.lead_unit_id).order_by("code").first()
        portfolio.update_project(project, by=admin, lead_unit=other)
        self.compare(country=kenya)  # the stored summary refreshed in part first, then filtered
        self.compare(work_unit=other)
        self.assertEqual(PlanSummary.objects.get().version, stored.version())

    def test_what_the_stored_summary_cannot_answer_is_computed_live(self):
        self.assertIsNone(served(self.admin, self.period, year=2009))
        self.assertIsNone(served(self.admin, self.period, as_of=date(2009, 6, 30)))
        # no stored summary: not computed in full for a filtered reader
        PlanSummary.objects.all().delete()
        self.assertIsNone(served(self.admin, self.period, country=Country.objects.get(iso3="KEN")))
        self.assertFalse(PlanSummary.objects.exists())

    def test_a_reader_who_does_not_see_everything_gets_the_plan_computed_live_for_them(self):
        narrow = User.objects.get(username="kenya")  # a Member State reader: the projects in Kenya only
        self.assertIsNone(stored.scope_key(narrow))
        africa = Area.objects.get(m49_code="002")
        plan = stored.summary_plan(narrow, self.period, shown=SHOWN, year=None, region=africa, country=None,
                                   work_unit=None, theme=None, as_of=None)
        live = implementation_plan(narrow, self.period, summary=SHOWN, region=africa)
        self.assertEqual(figures(plan), figures(live))
        everyone = served(self.admin, self.period, region=africa)
        self.assertLess(plan.totals["projects"], everyone.totals["projects"])  # not the shared summary's

    def test_pages_and_api_read_the_stored_summary_in_a_bounded_number_of_queries(self):
        client = self.client
        client.force_login(self.admin)
        assert client.get("/results/plan/?period=2008-2011").status_code == 200  # stores the page's summary
        assert client.get("/api/v1/implementation-plan?period=2008-2011").status_code == 200
        for query in ("country=KEN", "region=002", f"work_unit={self.filters()['unit'].code}"):
            with CaptureQueriesContext(connection) as page:
                response = client.get(f"/results/plan/?period=2008-2011&{query}")
            self.assertEqual(response.status_code, 200)
            with CaptureQueriesContext(connection) as api:
                body = client.get(f"/api/v1/implementation-plan?period=2008-2011&{query}").json()
            # the stored index, the results, the kept projects, the shares (2), the titles (2), the shown
            # indicators: the same counts as at twenty times UNODC's size (BENCHMARKS.md, plan7)
            self.assertLessEqual(len(page), 23, query)
            self.assertLessEqual(len(api), 18, query)
            live = implementation_plan(self.admin, self.period, summary={"outputs": 10, "projects": 20, "indicators": 20},
                                       **({"country": Country.objects.get(iso3="KEN")} if query == "country=KEN" else
                                          {"region": Area.objects.get(m49_code="002")} if query == "region=002" else
                                          {"work_unit": self.filters()["unit"]}))
            self.assertEqual(body["totals"]["projects"], live.totals["projects"], query)
            self.assertEqual({k: str(v) for k, v in live.totals["budget"].items()},
                             {k: str(v) for k, v in body["totals"]["budget"].items()}, query)

