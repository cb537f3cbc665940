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


def _opened(world, name):
    """The edit form ``name`` opened by the administrator: the client, its address, the page and its values."""
    client = Client()
    client.force_login(world["users"]["administrator"])
    url = reverse(name, kwargs=CASES[name][0](world))
    opened = client.get(url)
    assert opened.status_code == 200, (url, opened.status_code)
    return client, url, opened, _form_values(opened.content.decode(), url)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_form_opened_before_someone_elses_change_is_refused_and_changes_nothing(world, db, name):
    client, url, opened, values = _opened(world, name)
    still_there = CASES[name][1](world)

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



@pytest.mark.parametrize("name", sorted(CASES))
def test_a_form_posted_without_its_version_is_refused_and_loses_nothing(world, db, name):
    """A post that edits a record but carries no version token (a page from before the token, a truncated or
    hand-made post) is not saved over the record: a form error says to reload, the values typed are shown again,
    and the form now carries the record's version, so that saving again goes through, knowingly."""
    client, url, opened, values = _opened(world, name)
    sent = [(n, v) for n, v in values if not n.endswith("record_version")]
    assert len(sent) == len(values) - 1
    field, marker = _typing_field(opened.content.decode())
    if field not in {n for n, _v in sent}:
        field = marker = None
    changed = [(n, (f"{v.strip()} {marker}".strip() if marker == TYPED else marker) if n == field else v)
               for n, v in sent]

    refused = _post(client, url, changed)
    body = refused.content.decode()
    assert refused.status_code in (200, 400), (url, refused.status_code)
    assert "This form is out of date or incomplete; reload the page." in body, (url, _errors(body))
    assert not _saved(client, url, name, marker), f"{url}: saved without a version"
    shown = _form_values(body, url)
    def typed(pairs):  # (a textarea's first line break is the markup's, as browsers read it)
        return [(n, v.strip()) for n, v in pairs if not n.endswith("record_version") and n != "csrfmiddlewaretoken"]

    assert typed(shown) == typed(changed)  # nothing typed is lost
    assert [v for n, v in shown if n.endswith("record_version")] != [""]

    again = _post(client, url, shown)
    assert again.status_code == 302, (url, again.status_code, _errors(again.content.decode()))
    assert marker is None or _saved(client, url, name, marker)


TYPED = "typed anew"


def _typing_field(html: str) -> tuple[str, str]:
    """A field of the versioned form a person types into, and what to type: a text area or a title or name
    (added to what is there), else a number."""
    doc = lxml.html.fromstring(html)
    form = next(f for f in doc.forms if f.xpath(".//input[contains(@name, 'record_version')]"))
    for path in (".//textarea", ".//input[(not(@type) or @type='text') and (contains(@name, 'title') or "
                 "contains(@name, 'name'))]"):
        found = form.xpath(path)
        if found:
            return found[0].get("name"), TYPED
    numbers = form.xpath(".//input[@type='number']")
    return (numbers[0].get("name"), "98765") if numbers else (None, None)  # (a form of nothing but the token)


def _saved(client, url, name, marker) -> bool:
    if marker is None:
        return False
    if name == "finance:project_budget":  # the reason of a revision is read in its history, not on the form
        from mandates.finance.models import BudgetRevision

        return BudgetRevision.objects.filter(reason__contains=marker).exists()
    return marker in client.get(url).content.decode()


@pytest.mark.parametrize("language, words", [("fr", "Ce formulaire est périmé ou incomplet ; rechargez la page."),
                                             ("es", "Este formulario está desactualizado o incompleto")])
def test_the_missing_version_is_said_in_the_readers_language(world, db, language, words):
    client = Client()
    client.force_login(world["users"]["administrator"])
    url = reverse("partners:edit", kwargs={"pk": world["partner"]["A"].pk})
    values = [(n, v) for n, v in _form_values(client.get(url).content.decode(), url) if n != "record_version"]
    refused = _post_in(client, url, values, language)
    assert refused.status_code in (200, 400) and words in refused.content.decode()


def _post_in(client, url, values, language):
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
