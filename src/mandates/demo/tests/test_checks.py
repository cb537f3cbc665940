"""Planning the lifecycle steps, and refusing wrong data files before anything is written."""
import datetime
import shutil

import pytest
import yaml

from mandates.demo import lifecycle
from mandates.demo.data_set import DATA_DIR, DemoDataError
from mandates.demo.services import load_demo
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.portfolio.models import Programme, Project


@pytest.mark.parametrize("model", [Programme, Project])
def test_every_status_can_be_planned_from_draft(model):
    for status in model.Status.values:
        state = model._meta.get_field("status").default
        for step in lifecycle.plan(model, status):
            assert step.source == state
            state = step.target
        assert state == status


def test_the_plan_passes_through_the_steps_the_timeline_names():
    assert [s.name for s in lifecycle.plan(Project, "cancelled")] == ["cancel"]
    assert [s.name for s in lifecycle.plan(Project, "cancelled", ["approve", "cancel"])] == [
        "submit", "approve", "cancel"]
    assert [s.name for s in lifecycle.plan(Project, "closed", ["suspend"])] == [
        "submit", "approve", "start_implementation", "suspend", "start_implementation", "complete", "close"]


def test_an_unreachable_status_is_refused():
    with pytest.raises(ValueError, match="cannot be reached"):
        lifecycle.plan(Project, "draft", ["complete"])
    with pytest.raises(ValueError, match="not a lifecycle step"):
        lifecycle.plan(Project, "approved", ["endorse"])


def test_step_dates_never_go_backwards_nor_beyond_today():
    path = lifecycle.plan(Project, "closed")
    start, end = datetime.date(2009, 1, 1), datetime.date(2010, 12, 31)
    dates = lifecycle.dated(path, {"approve": datetime.date(2008, 1, 1)}, start, end,
                            today=datetime.date(2010, 6, 30))
    assert dates == sorted(dates)
    assert dates[0] == datetime.date(2008, 11, 2)  # submitted two months before the start
    assert dates[1] == dates[0]  # an approval dated earlier than the submission is not before it
    assert max(dates) == datetime.date(2010, 6, 30)


@pytest.fixture
def reference(db, m49):
    from mandates.strategy.services import load_shipped_strategies

    load_shipped_strategies()


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)

    def edit(name, change):
        path = target / name
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(content)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")

    return target, edit


def _entry(items, code):
    return next(item for item in items if item["code"] == code)


def test_wrong_files_are_reported_by_file_and_entry_and_nothing_is_written(reference, data_copy):
    directory, edit = data_copy

    def break_projects(content):
        project = _entry(content["projects"], "KENZ02")
        project["results"].append("9.9.9")
        project["logframe"][0]["outputs"][0]["activities"][0]["where"] = "KEX"
        project["partners"]["funding"] = ["Nobody"]

    def break_programmes(content):
        caribbean = _entry(content["programmes"], "RP-CAR")
        caribbean["consultations"] = caribbean["consultations"][:1]  # the Member States consultation only
        caribbean["status"] = "in_implementation"

    edit("projects/justice.yaml", break_projects)
    edit("programmes.yaml", break_programmes)
    edit("users.yaml", lambda c: c.update(users=[u for u in c["users"] if u["role"] != "administrator"]))

    with pytest.raises(DemoDataError) as caught:
        load_demo(data_dir=directory)
    problems = caught.value.problems
    kenya = "projects/justice.yaml: project “KENZ02”"
    assert f"{kenya}: “9.9.9” is not an expected result of the strategy 2008-2011." in problems
    assert any(p.startswith(f"{kenya}, activity A1.1.1: “KEX”") for p in problems)
    assert any(p.startswith(f"{kenya}: no partner “Nobody”") for p in problems)
    assert any(p.startswith("programmes.yaml: programme “RP-CAR”: a regional programme is endorsed only")
               for p in problems)
    assert "users.yaml: there must be a demo administrator." in problems
    assert len(problems) == 5
    assert not WorkUnit.objects.exists() and not Partner.objects.exists()


def test_the_reference_data_must_be_there_first(db):
    with pytest.raises(DemoDataError, match="load_reference_data"):
        load_demo()


def test_a_refusal_by_a_service_names_the_entry_and_undoes_the_whole_load(reference, data_copy, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    directory, edit = data_copy

    def overlong_title(content):
        content["programmes"][0]["title"] = "Countering " * 40  # longer than a programme title may be

    edit("programmes.yaml", overlong_title)
    first = yaml.safe_load((directory / "programmes.yaml").read_text(encoding="utf-8"))["programmes"][0]
    with pytest.raises(DemoDataError, match=f"programmes.yaml: programme “{first['code']}”: title"):
        load_demo(data_dir=directory)
    assert not WorkUnit.objects.exists()  # created before the programme, undone with it
    assert not Partner.objects.exists()
