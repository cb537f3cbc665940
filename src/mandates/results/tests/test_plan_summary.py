"""The plan's summary mode (the page and the API's default answer) gives every row the same counts,
money, places, units and gaps, and the same totals, as the full plan (the exports and the one-result
detail), to the cent — on the demo data and on a generated portfolio, for several people, as-at dates
and filters."""
from datetime import date

from mandates.geography.models import Country
from mandates.people.models import User
from mandates.results.plan import implementation_plan

from .portfolio import PlanPortfolioTestCase

SHOWN = {"outputs": 2, "projects": 3, "indicators": 4}


def _indicator(entry):
    return (entry["indicator"].pk, entry["progress"].status, entry["progress"].label, entry["last_year"],
            entry["source"])


def assert_same(test, full, summary):
    test.assertEqual(full.totals, summary.totals)
    test.assertEqual(full.source, summary.source)
    test.assertEqual(full.conversions, summary.conversions)
    test.assertEqual([r.result.pk for r in full.rows], [r.result.pk for r in summary.rows])
    for f, s in zip(full.rows, summary.rows):
        code = f.result.code
        test.assertEqual(s.counts, {"outputs": len(f.outputs), "projects": len(f.projects),
                                    "indicators": len(f.indicators)}, code)
        test.assertEqual(s.outputs, f.outputs[:SHOWN["outputs"]], code)
        test.assertEqual(s.projects, f.projects[:SHOWN["projects"]], code)
        test.assertEqual([_indicator(i) for i in s.indicators],
                         [_indicator(i) for i in f.indicators[:SHOWN["indicators"]]], code)
        test.assertEqual((s.activity_count, s.budget, s.expenditure), (f.activity_count, f.budget, f.expenditure),
                         code)
        test.assertEqual((s.countries, s.regions, s.is_global, s.units), (f.countries, f.regions, f.is_global, f.units),
                         code)
        test.assertEqual(s.gaps, f.gaps, code)


class SummaryIsTheFullPlanInShort(PlanPortfolioTestCase):
    seed = 3

    def compare(self, username, **filters):
        user = User.objects.get(username=username)
        full = implementation_plan(user, self.period, **filters)
        summary = implementation_plan(user, self.period, summary=SHOWN, **filters)
        assert_same(self, full, summary)
        return full

    def test_every_row_and_the_totals_match_for_each_person_and_as_at_date(self):
        full = self.compare("admin")
        self.assertGreater(full.totals["projects"], 20)  # the demo and the generated projects
        self.assertTrue(any(len(r.projects) > SHOWN["projects"] for r in full.rows))
        self.assertTrue(any(len(r.indicators) > SHOWN["indicators"] for r in full.rows))
        self.assertTrue(any("no_recent_data" in r.gaps for r in full.rows)
                        and any(r.indicators and "no_recent_data" not in r.gaps for r in full.rows))
        for as_of in (date(2008, 6, 30), date(2009, 12, 31), date(2010, 3, 1)):
            self.compare("admin", as_of=as_of)
        for username in ("planner", "pm.nairobi"):
            self.compare(username)

    def test_filters_give_the_same_rows(self):
        self.compare("admin", year=2009)
        self.compare("admin", country=Country.objects.get(iso3="KEN"))
