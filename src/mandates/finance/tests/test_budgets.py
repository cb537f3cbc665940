from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from mandates.core.testing import with_version
from mandates.finance.models import BudgetLine, BudgetRevision
from mandates.finance.services import revise_budget


def line(year, segment, klass, amount):
    return {"year": year, "segment": segment, "budget_class": klass, "amount": Decimal(amount)}


@pytest.mark.django_db
def test_a_revision_is_a_new_version_and_the_latest_is_current(structure, projects, users):
    project, fo = projects["KEN01"], users["finance_officer"]
    first = revise_budget(project=project, lines=[line(2008, "CPCJF-SP", "travel", "1000.00")], by=fo)
    with pytest.raises(ValidationError) as err:  # a revision needs its reason
        revise_budget(project=project, lines=[line(2008, "CPCJF-SP", "travel", "1500.00")], by=fo)
    assert "reason" in err.value.message_dict
    second = revise_budget(project=project, reason="More missions", by=fo, lines=[
        line(2008, "CPCJF-SP", "travel", "1500.00"), line(2010, "CPCJF-SP", "staff", "2000.00")])
    first.refresh_from_db()
    assert (first.number, first.is_current, second.number, second.is_current) == (0, False, 1, True)
    current = BudgetLine.objects.filter(project=project, is_current=True)
    assert sorted((ln.year, ln.amount) for ln in current) == [(2008, Decimal("1500.00")), (2010, Decimal("2000.00"))]
    assert first.lines.count() == 1 and first.lines.get().amount == Decimal("1000.00")  # the old version is kept
    assert second.reason == "More missions" and second.created_by == fo


@pytest.mark.django_db
@pytest.mark.parametrize("bad, message", [
    (line(2010, "CPCJF-SP", "staff", "10.00"), "outside the project's dates"),
    (line(2008, "CPCJF-SP", "staff", "-1.00"), "cannot be negative"),
    (line(2008, "CPCJF-SP", "limousines", "1.00"), "unknown budget class"),
    (line(2008, "XX-SP", "staff", "1.00"), "unknown fund segment"),
    (line(2015, "CPCJF-SP", "staff", "1.00"), "outside the project's dates"),
])
def test_bad_budget_lines_are_refused_and_nothing_is_written(structure, projects, users, bad, message):
    good = line(2008, "CPCJF-SP", "travel", "10.00")
    with pytest.raises(ValidationError) as err:
        revise_budget(project=projects["GLO01"], lines=[good, bad], by=users["finance_officer"])
    errors = err.value.message_dict["lines"]
    assert len(errors) == 1 and errors[0].startswith("Line 2:") and message in errors[0]
    assert not BudgetRevision.objects.exists() and not BudgetLine.objects.exists()


@pytest.mark.django_db
def test_office_budget_apportions_general_purpose_requirements_and_refuses_special_purpose(structure, users):
    b = structure["2008-2009"]
    revision = revise_budget(biennium=b, lines=[line(2008, "GP", "staff", "1000000.02")], by=users["finance_officer"])
    shares = {ln.segment.code: ln.amount for ln in revision.lines.all()}
    assert shares == {"UNDCP-GP": Decimal("750000.02"), "CPCJF-GP": Decimal("250000.00")}
    assert all(ln.apportioned for ln in revision.lines.all())
    with pytest.raises(ValidationError) as err:
        revise_budget(biennium=b, reason="x", lines=[line(2008, "CPCJF-SP", "staff", "5.00")],
                      by=users["finance_officer"])
    assert "special-purpose money is budgeted on a project" in err.value.message_dict["lines"][0]
    with pytest.raises(ValidationError) as err:  # consolidated from 2010: GP is a presentation group
        revise_budget(biennium=structure["2010-2011"], lines=[line(2010, "GP", "staff", "5.00")],
                      by=users["finance_officer"])
    assert "presentation group" in err.value.message_dict["lines"][0]


@pytest.mark.django_db
def test_repeated_lines_are_refused(structure, projects, users):
    with pytest.raises(ValidationError) as err:
        revise_budget(project=projects["KEN01"], by=users["finance_officer"], lines=[
            line(2008, "CPCJF-SP", "travel", "1.00"), line(2008, "CPCJF-SP", "travel", "2.00")])
    assert "repeats line 1" in err.value.message_dict["lines"][0]


@pytest.mark.django_db
def test_budget_page_revises_with_a_formset(client, structure, projects, users):
    project = projects["KEN01"]
    revise_budget(project=project, lines=[line(2008, "GP", "staff", "400.00")], by=None)
    client.force_login(users["finance_officer"])
    page = client.get(f"/finance/projects/{project.pk}/budget/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="GP" selected' in body  # the apportioned shares come back as the one coded line
    data = {"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "1000", "lines-0-year": "2009", "lines-0-segment": "CPCJF-SP",
            "lines-0-budget_class": "grants", "lines-0-amount": "5000.00", "lines-1-year": "2012",
            "lines-1-segment": "CPCJF-SP", "lines-1-budget_class": "grants", "lines-1-amount": "1.00", "reason": ""}
    refused = client.post(f"/finance/projects/{project.pk}/budget/", with_version(
        client, f"/finance/projects/{project.pk}/budget/", data)).content.decode()
    assert "Line 2:" in refused and "Say why the budget is revised" in refused
    assert BudgetRevision.objects.filter(project=project).count() == 1
    data.update({"lines-TOTAL_FORMS": "1", "reason": "Grant to the prison service"})
    done = client.post(f"/finance/projects/{project.pk}/budget/", with_version(
        client, f"/finance/projects/{project.pk}/budget/", data))
    assert done.status_code == 302
    assert BudgetLine.objects.get(project=project, is_current=True).amount == Decimal("5000.00")
    tab = client.get(f"/finance/projects/{project.pk}/").content.decode()
    assert "Grant to the prison service" in tab and "Revision 1" in tab


@pytest.mark.django_db
def test_api_records_a_revision_and_lists_current_lines(client, structure, projects, users):
    client.force_login(users["finance_officer"])
    bad = client.post("/api/v1/finance/budget-revisions", {"project": "GLO01", "lines": [
        {"year": 2011, "segment": "CPCJF-SP", "budget_class": "staff", "amount": "10.00"}]},
        content_type="application/json")
    assert bad.status_code == 400 and "outside the project's dates" in bad.json()["lines"][0]
    ok = client.post("/api/v1/finance/budget-revisions", {"project": "GLO01", "lines": [
        {"year": 2009, "segment": "CPCJF-SP", "budget_class": "staff", "amount": "10.00"}]},
        content_type="application/json")
    assert ok.status_code == 201 and ok.json()["lines"][0]["amount"] == "10.00"
    listed = client.get("/api/v1/finance/budgets?project=GLO01").json()
    assert listed["count"] == 1 and listed["results"][0]["segment"] == "CPCJF-SP"
