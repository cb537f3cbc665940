"""The demo data set, loaded once for the class (through the two commands) on an empty database."""
from decimal import Decimal
from io import StringIO

import yaml
from auditlog.models import LogEntry
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.test import TestCase, override_settings

from mandates.core.lifecycle import status_changes_for
from mandates.core.models import StatusChange
from mandates.demo.data_set import DATA_DIR
from mandates.demo.services import load_demo
from mandates.geography.models import Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.people import permissions
from mandates.people.models import User
from mandates.portfolio.models import Activity, Outcome, Output, Programme, Project
from mandates.strategy.models import StrategyNode

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _files():
    def load(name):
        with open(DATA_DIR / name, encoding="utf-8") as handle:
            return yaml.safe_load(handle)

    projects = []
    for path in sorted((DATA_DIR / "projects").glob("*.yaml")):
        projects += load(path.relative_to(DATA_DIR))["projects"]
    return {
        "units": load("work_units.yaml")["units"],
        "partners": load("partners.yaml")["partners"],
        "users": load("users.yaml"),
        "programmes": load("programmes.yaml")["programmes"],
        "projects": projects,
    }


def _walk(units, parent=None):
    for unit in units:
        yield unit, parent
        yield from _walk(unit.get("children") or [], unit["code"])


def _counts():
    return {model.__name__: model.objects.count() for model in (
        WorkUnit, Partner, User, Programme, Project, Outcome, Output, Activity, StatusChange, LogEntry)}


@override_settings(PASSWORD_HASHERS=FAST_HASHER)
class DemoDataSetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with override_settings(PASSWORD_HASHERS=FAST_HASHER):
            out = StringIO()
            call_command("load_reference_data", stdout=out)
            cls.reference_output = out.getvalue()
            out = StringIO()
            call_command("load_demo", portfolio_only=True, stdout=out)
            cls.demo_output = out.getvalue()
        cls.files = _files()

    def test_commands_report_what_they_loaded_and_end_with_the_admin_credentials(self):
        self.assertIn(f"{Country.objects.count()} countries", self.reference_output)
        lines = self.demo_output.strip().splitlines()
        self.assertIn(f"Projects: {len(self.files['projects'])} loaded", lines)
        self.assertIn(f"Programmes: {len(self.files['programmes'])} loaded", lines)
        admin = next(u for u in self.files["users"]["users"] if u["role"] == "administrator")
        self.assertIn(admin["username"], lines[-1])
        self.assertIn(self.files["users"]["password"], lines[-1])

    def test_work_units_form_the_tree_of_the_file(self):
        units = {u.code: u for u in WorkUnit.objects.all()}
        by_path = {u.path: u for u in units.values()}
        walked = list(_walk(self.files["units"]))
        self.assertEqual(len(units), len(walked))
        for unit, parent in walked:
            node = units[unit["code"]]
            self.assertTrue(node.is_demo)
            above = by_path.get(node.path[:-WorkUnit.steplen])
            self.assertEqual(above.code if above else None, parent, unit["code"])
            if unit.get("country"):
                self.assertEqual(node.country.iso3, unit["country"])
        self.assertEqual(units["ROEA"].country.iso3, "KEN")
        self.assertTrue(units["DO"].covers(units["POSOM"]))

    def test_partners_carry_kind_and_iati_identifier(self):
        self.assertEqual(Partner.objects.filter(is_demo=True).count(), len(self.files["partners"]))
        undp = Partner.objects.get(acronym="UNDP")
        self.assertEqual((undp.kind, undp.iati_organisation_ref), ("un_entity", "XM-DAC-41114"))
        self.assertEqual(Partner.objects.get(name="World Bank").iati_organisation_ref, "44000")
        self.assertEqual(Partner.objects.get(acronym="INTERPOL").iati_organisation_ref, "")

    def test_one_demo_account_per_role_with_the_documented_password(self):
        password = self.files["users"]["password"]
        accounts = User.objects.filter(username__in=[u["username"] for u in self.files["users"]["users"]])
        self.assertLessEqual({"administrator", "planning_officer", "programme_manager", "finance_officer", "reader",
                              "member_state_reader"}, {u.role for u in accounts})
        for user in accounts:
            self.assertTrue(check_password(password, user.password), user.username)
        self.assertTrue(User.objects.get(username="admin").is_superuser)
        self.assertEqual(User.objects.get(username="pm.nairobi").work_unit.code, "ROEA")
        self.assertEqual(User.objects.get(username="kenya").country.iso3, "KEN")

    def test_every_project_links_only_to_expected_results_of_2008_2011(self):
        nodes = StrategyNode.objects.filter(period__code="2008-2011", track="results")
        result_level = nodes.first().period.result_level
        expected = set(nodes.filter(level=result_level).values_list("pk", flat=True))
        for project in Project.objects.prefetch_related("results", "outcomes__results", "outcomes__outputs__results"):
            self.assertEqual(project.strategy_period.code, "2008-2011")
            linked = {n.pk for n in project.results.all()}
            self.assertTrue(linked, project.code)
            for outcome in project.outcomes.all():
                linked |= {n.pk for n in outcome.results.all()}
                for output in outcome.outputs.all():
                    linked |= {n.pk for n in output.results.all()}
            self.assertLessEqual(linked, expected, project.code)
        for programme in Programme.objects.prefetch_related("results"):
            self.assertLessEqual({n.pk for n in programme.results.all()}, expected, programme.code)

    def test_every_project_has_a_logframe_of_costed_activities(self):
        self.assertEqual(Project.objects.filter(is_demo=True).count(), len(self.files["projects"]))
        for project in Project.objects.prefetch_related("outcomes__outputs__activities"):
            outcomes = list(project.outcomes.all())
            self.assertTrue(outcomes, project.code)
            for outcome in outcomes:
                outputs = list(outcome.outputs.all())
                self.assertTrue(outputs, f"{project.code} {outcome.code}")
                for output in outputs:
                    for activity in output.activities.all():
                        self.assertIsInstance(activity.planned_cost, Decimal)
                        self.assertGreater(activity.planned_cost, 0)
                        self.assertEqual(activity.currency, "USD")
                        self.assertIsNotNone(activity.responsible_unit_id)
                        self.assertTrue(activity.country_id or activity.area_id, activity.code)
        first = Activity.objects.get(output__outcome__project__code="XSCT24", code="A1.1.1")
        self.assertEqual((first.planned_cost, first.country.iso3), (Decimal("38000.00"), "AZE"))

    def test_every_status_of_both_lifecycles_is_reached_through_recorded_transitions(self):
        for model in (Programme, Project):
            objects = list(model.objects.all())
            self.assertEqual({o.status for o in objects}, set(model.Status.values), model.__name__)
            for obj in objects:
                changes = list(status_changes_for(obj))
                if obj.status == model.Status.DRAFT:
                    self.assertEqual(changes, [])
                    continue
                self.assertEqual(changes[0].from_status, "draft", obj.code)
                self.assertEqual(changes[-1].to_status, obj.status, obj.code)
                for before, after in zip(changes, changes[1:]):
                    self.assertEqual(before.to_status, after.from_status, obj.code)
                    self.assertLessEqual(before.changed_at, after.changed_at, obj.code)
                self.assertTrue(all(c.changed_by_id for c in changes), obj.code)

    def test_the_timeline_is_dated_and_taken_by_the_right_people(self):
        piracy = Project.objects.get(code="XEAX20")
        steps = {c.to_status: c for c in status_changes_for(piracy)}
        self.assertEqual(steps["submitted"].changed_by.username, "pm.nairobi")
        self.assertEqual(steps["approved"].changed_by.username, "planner")
        self.assertEqual(steps["in_implementation"].changed_at.date().isoformat(), "2009-05-01")
        somalia = status_changes_for(Project.objects.get(code="SOMX07")).last()
        self.assertEqual((somalia.to_status, somalia.changed_at.date().isoformat()), ("suspended", "2010-08-16"))
        self.assertIn("security", somalia.comment)
        west_africa = {c.to_status: c for c in status_changes_for(Programme.objects.get(code="RP-WAF"))}
        self.assertEqual(west_africa["endorsed"].changed_at.date().isoformat(), "2009-01-15")

    def test_regional_programmes_record_their_meetings(self):
        caribbean = Programme.objects.get(code="RP-CAR")
        self.assertEqual(caribbean.status, "in_consultation")
        self.assertEqual({c.kind for c in caribbean.consultations.all()},
                         {"consultation", "expert_meeting", "ministerial_meeting"})
        for programme in Programme.objects.filter(kind="regional").exclude(status__in=["draft", "in_consultation"]):
            self.assertTrue(programme.has_consultation_meetings(), programme.code)
        for programme in Programme.objects.filter(kind="global").prefetch_related("areas"):
            self.assertEqual([a.m49_code for a in programme.areas.all()], ["001"], programme.code)

    def test_the_seed_report_figures_and_places_are_there(self):
        pacific = Project.objects.get(code="XSPU03")
        self.assertEqual(pacific.locations.count(), 14)  # the 14 jurisdictions of the Pacific Island Forum
        caucasus = {loc.country.iso3 for loc in Project.objects.get(code="XSCT24").locations.all()}
        self.assertEqual(caucasus, {"ARM", "AZE", "GEO"})
        waci = Project.objects.get(code="XAWZ28")
        self.assertLessEqual({"DPKO", "INTERPOL", "UNOWA"}, {p.acronym for p in waci.partners.all()})

    def test_the_kenyan_reader_sees_what_concerns_kenya_and_what_is_public(self):
        kenya = User.objects.get(username="kenya")
        seen = set(permissions.visible(kenya, Project.objects.all(), "view").values_list("code", flat=True))
        self.assertLessEqual({"XEAX20", "KENZ02", "KENX41"}, seen)
        self.assertNotIn("PAKX51", seen)  # submitted, not yet public, in Pakistan
        self.assertNotIn("XAWF13", seen)  # a draft for West Africa

    def test_running_it_again_changes_nothing(self):
        before = _counts()
        report = load_demo()
        self.assertEqual(_counts(), before)
        self.assertEqual(sum(report.created.values()), 0)
        self.assertEqual(report.existing["projects"], len(self.files["projects"]))
        self.assertTrue(report.admin_existed)
