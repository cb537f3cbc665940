"""Lost updates through page forms (issue 14): every edit form carries a version token (``core.locking``);
a form opened before someone else's change is refused, names what changed, and changes nothing. Saving
again (the form now carries the current version) goes through, knowingly.

Each kind of edit form is opened as the administrator on the permission walk's world, someone else then
changes the record, and the form is posted back exactly as it was opened: without the check this post would
silently put back the old value (the lost update the issue found on the project form)."""
from datetime import date
from decimal import Decimal

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from mandates.people.tests.matrix_world import world_rolled_back


def _text_change(getter, field):
    def change(w):
        record = getter(w)
        type(record)._base_manager.filter(pk=record.pk).update(**{field: "Changed by someone else"})
        return lambda: getattr(type(record)._base_manager.get(pk=record.pk), field) == "Changed by someone else"
    return change


def _a(kind):
    return lambda w: w[kind]["A"]


def _new_budget_revision(w):
    from mandates.finance.models import BudgetRevision

    BudgetRevision.objects.create(project=w["project"]["A"], number=2, reason="Someone else's revision")
    return lambda: BudgetRevision.objects.filter(project=w["project"]["A"]).count() == 2


def _new_target(w):
    from mandates.results.models import IndicatorTarget

    IndicatorTarget.objects.create(indicator=w["indicator"]["A"], year=2010, value=Decimal(7))
    return lambda: IndicatorTarget.objects.get(indicator=w["indicator"]["A"], year=2010).value == 7


def _activity(w):
    from mandates.portfolio.models import Activity

    output = w["indicator"]["A"].output
    return output.activities.first() or Activity.objects.create(
        output=output, code="A1.1.1", title="Train judges", start_date=date(2009, 1, 1), end_date=date(2009, 6, 30),
        planned_cost=Decimal(0), currency="USD")


def _special_purpose(contribution):
    """The world's contribution is hard-earmarked: the form wants a special-purpose segment of its biennium."""
    from mandates.finance.models import FundSegment

    contribution.segment = FundSegment.objects.filter(biennium__code="2008-2009", kind="special_purpose").first()
    contribution.save(update_fields=["segment"])
    return contribution


def _completed(evaluation):
    """A completed evaluation has a completion date (the world's has none)."""
    evaluation.completion_date = date(2010, 6, 30)
    evaluation.save(update_fields=["completion_date"])
    return evaluation


# url name -> (url kwargs from the world, what someone else changes -> a check that their change is still there)
CASES = {
    "strategy:node_edit": (lambda w: {"period": w["period"].code, "code": w["result"].code},
                           _text_change(lambda w: w["result"], "description")),
    "portfolio:programme_edit": (lambda w: {"pk": w["programme"]["A"].pk}, _text_change(_a("programme"), "title")),
    "portfolio:project_edit": (lambda w: {"pk": w["project"]["A"].pk}, _text_change(_a("project"), "objective")),
    "portfolio:outcome_edit": (lambda w: {"pk": w["project"]["A"].pk, "row_pk": w["project"]["A"].outcomes.first().pk},
                               _text_change(lambda w: w["project"]["A"].outcomes.first(), "title")),
    "portfolio:output_edit": (lambda w: {"pk": w["project"]["A"].pk, "row_pk": w["indicator"]["A"].output_id},
                              _text_change(lambda w: w["indicator"]["A"].output, "title")),
    "portfolio:activity_edit": (lambda w: {"pk": w["project"]["A"].pk, "row_pk": _activity(w).pk},
                                _text_change(_activity, "title")),
    "partners:edit": (lambda w: {"pk": w["partner"]["A"].pk}, _text_change(_a("partner"), "name")),
    "finance:donor_edit": (lambda w: {"pk": w["donor"]["A"].pk}, _text_change(_a("donor"), "name")),
    "finance:contribution_edit": (lambda w: {"pk": _special_purpose(w["contribution"]["A"]).pk},
                                  _text_change(_a("contribution"), "description")),
    "finance:project_budget": (lambda w: {"pk": w["project"]["A"].pk}, _new_budget_revision),
    "results:indicator_edit": (lambda w: {"pk": w["indicator"]["A"].pk}, _text_change(_a("indicator"), "title")),
    "results:indicator_targets": (lambda w: {"pk": w["indicator"]["A"].pk}, _new_target),
    "results:value_edit": (lambda w: {"value_pk": w["indicator_value"]["B"].pk},
                           _text_change(lambda w: w["indicator_value"]["B"], "note")),
    "results:delivery_edit": (lambda w: {"pk": w["delivery"]["A"].pk}, _text_change(_a("delivery"), "title")),
    "evaluation:edit": (lambda w: {"pk": _completed(w["evaluation"]["A"]).pk}, _text_change(_a("evaluation"), "title")),
    "evaluation:recommendation_edit": (lambda w: {"rec_pk": w["recommendation"]["A"].pk},
                                       _text_change(_a("recommendation"), "text")),
    "evaluation:action_edit": (lambda w: {"action_pk": w["action_item"]["A"].pk},
                               _text_change(_a("action_item"), "description")),
    "evaluation:lesson_edit": (lambda w: {"pk": w["lesson"]["A"].pk}, _text_change(_a("lesson"), "text")),
    "resolutions:edit": (lambda w: {"pk": w["resolution"]["A"].pk}, _text_change(_a("resolution"), "title")),
    "assistance:edit": (lambda w: {"pk": w["assistance_request"]["A"].pk},
                        _text_change(_a("assistance_request"), "subject")),
    "reporting:narrative_edit": (lambda w: {"pk": w["narrative"]["A"].pk}, _text_change(_a("narrative"), "text")),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_rolled_back(django_db_blocker) as w:
        yield w


def _form_values(html: str, action_path: str) -> list[tuple[str, str]]:
    """The values a browser would send back for the page's form that carries the version token."""
    doc = lxml.html.fromstring(html)
    forms = [f for f in doc.forms if f.xpath(".//input[substring(@name, string-length(@name) - 13) = "
                                             "'record_version']")]
    assert len(forms) == 1, f"{action_path}: the edit form carries no version token"
    return forms[0].form_values()


def _errors(html: str) -> list[str]:
    return [e.text_content().strip() for e in lxml.html.fromstring(html).xpath(
        "//*[contains(@class, 'error') or contains(@class, 'form-errors')]")]


def _post(client, url, values):
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_form_opened_before_someone_elses_change_is_refused_and_changes_nothing(world, db, name):
    kwargs, change = CASES[name]
    client = Client()
    client.force_login(world["users"]["administrator"])
    url = reverse(name, kwargs=kwargs(world))
    opened = client.get(url)
    assert opened.status_code == 200, (url, opened.status_code)
    values = _form_values(opened.content.decode(), url)
    still_there = change(world)

    stale = _post(client, url, values)
    body = stale.content.decode()
    assert stale.status_code in (200, 400), (url, stale.status_code)
    assert "Someone else changed this record since you opened it" in body, (url, _errors(body))
    assert still_there(), f"{url}: the stale form overwrote someone else's change"

    # the refusal names the change and carries the current version: saving again is a knowing overwrite
    values = _form_values(body, url)
    if name == "finance:project_budget":  # a revision after the original says why
        values = [(n, v) for n, v in values if n != "reason"] + [("reason", "Keep my version")]
    again = _post(client, url, values)
    assert again.status_code == 302, (url, again.status_code, _errors(again.content.decode()))

