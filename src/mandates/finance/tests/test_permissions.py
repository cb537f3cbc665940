"""Finance officers write; programme managers read their own projects' money; Member-State and donor
readers see their own contributions; the public sees nothing."""
from decimal import Decimal

import pytest

from mandates.finance.models import Contribution
from mandates.finance.services import assign_donor_reader, import_expenditure, revise_budget

from .conftest import contribute, erp_file


@pytest.fixture
def money(structure, rates, projects, donors, users):
    """Each project has a budget, expenditure and a hard-earmarked contribution; plus general-purpose money."""
    ken, glo = projects["KEN01"], projects["GLO01"]
    for project, donor, ref in ((ken, donors["kenya"], "KE-1"), (glo, donors["sweden"], "SE-1")):
        revise_budget(project=project, by=None, lines=[
            {"year": 2008, "segment": "CPCJF-SP", "budget_class": "travel", "amount": Decimal("1000.00")}])
        contribute(structure, donor, code="CPCJF-SP", earmarking="hard", project=project, reference=ref)
    contribute(structure, donors["ec"], code="UNDCP-GP", reference="EC-GP")
    import_expenditure(erp_file("A,1,2008-05-01,disbursement,CPCJF-SP,KEN01,travel,USD,400.00,,,",
                                "A,2,2008-05-01,disbursement,CPCJF-SP,GLO01,travel,USD,900.00,,,"), by=None)
    return projects


def refs(response):
    return sorted(r["reference"] for r in response.json()["results"])


@pytest.mark.django_db
def test_programme_manager_sees_the_money_of_own_projects_only(client, money, users):
    client.force_login(users["programme_manager"])  # Regional Office for Eastern Africa: leads KEN01
    own, other = money["KEN01"], money["GLO01"]
    assert client.get(f"/finance/projects/{own.pk}/").status_code == 200
    assert client.get(f"/finance/projects/{other.pk}/").status_code == 403
    assert client.get(f"/api/v1/finance/projects/{other.pk}").status_code == 403
    assert {r["project"] for r in client.get("/api/v1/finance/budgets").json()["results"]} == {"KEN01"}
    assert {r["project"] for r in client.get("/api/v1/finance/expenditure").json()["results"]} == {"KEN01"}
    assert refs(client.get("/api/v1/finance/contributions")) == ["KE-1"]
    page = client.get("/finance/contributions/").content.decode()
    assert "KE-1" in page and "SE-1" not in page and "EC-GP" not in page
    assert [r["label"] for r in client.get("/api/v1/finance/delivery?by=project").json()["rows"]] == [
        "KEN01 Project KEN01"]
    assert client.get(f"/finance/contributions/{Contribution.objects.get(reference='SE-1').pk}/").status_code == 404
    assert client.post("/api/v1/finance/budget-revisions", {"project": "KEN01", "lines": []},
                       content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_member_state_reader_sees_own_contributions_only(client, money, users):
    client.force_login(users["member_state_reader"])  # Kenya
    assert refs(client.get("/api/v1/finance/contributions")) == ["KE-1"]
    assert refs(client.get("/api/v1/finance/contributions?donor=SWE")) == []
    donors = client.get("/api/v1/finance/donors").json()["results"]
    assert [(d["name"], d["total_usd"]) for d in donors] == [("Kenya", "1000.00")]
    assert "Sweden" not in client.get("/finance/donors/").content.decode()
    sweden = Contribution.objects.get(reference="SE-1")
    assert client.get(f"/finance/donors/{sweden.donor_id}/").status_code == 404
    # money spent in Kenya is visible to Kenya; elsewhere it is not
    assert client.get(f"/finance/projects/{money['KEN01'].pk}/").status_code == 200
    assert client.get(f"/finance/projects/{money['GLO01'].pk}/").status_code == 403
    assert client.post("/api/v1/finance/contributions", {}, content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_donor_reader_sees_the_donors_contributions_and_what_they_paid_for(client, money, users, donors):
    from mandates.people.services import create_user

    reader = create_user(username="sida", password="pass-word-123", role="donor_reader")
    assign_donor_reader(reader, donors["sweden"], by=users["administrator"])
    client.force_login(reader)
    assert refs(client.get("/api/v1/finance/contributions")) == ["SE-1"]
    assert client.get(f"/finance/projects/{money['GLO01'].pk}/").status_code == 200  # paid for by Sweden
    assert client.get(f"/finance/projects/{money['KEN01'].pk}/").status_code == 403
    detail = client.get(f"/finance/donors/{donors['sweden'].pk}/").content.decode()
    assert "SE-1" in detail and "KE-1" not in detail
    assert client.get(f"/finance/donors/{donors['kenya'].pk}/").status_code == 404


@pytest.mark.django_db
def test_a_reader_role_cannot_become_a_donor_reader(users, donors):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        assign_donor_reader(users["reader"], donors["sweden"], by=None)


@pytest.mark.django_db
@pytest.mark.parametrize("role, can_write", [
    ("finance_officer", True), ("administrator", True), ("planning_officer", False), ("reader", False),
    ("programme_manager", False), ("member_state_reader", False),
])
def test_only_finance_officers_write(client, money, users, donors, role, can_write):
    client.force_login(users[role])
    response = client.post("/api/v1/finance/contributions", {
        "reference": "NEW-1", "donor": donors["sweden"].pk, "segment": "CPCJF-GP", "date": "2008-05-05",
        "currency": "USD", "amount": "10.00", "earmarking": "general_purpose"}, content_type="application/json")
    page = client.get("/finance/contributions/new/")
    if can_write:
        assert response.status_code == 201 and page.status_code == 200
    else:
        assert response.status_code == 403 and page.status_code == 403
        assert not Contribution.objects.filter(reference="NEW-1").exists()


@pytest.mark.django_db
def test_the_public_sees_no_finance(client, money):
    assert client.get("/finance/").status_code == 302
    assert client.get("/finance/contributions/").status_code == 302
    assert client.get("/api/v1/finance/funds").status_code in (401, 403)
    assert client.get("/api/v1/finance/contributions").status_code in (401, 403)


@pytest.mark.django_db
def test_history_is_shown_to_those_who_may_see_it(client, money, users):
    c = Contribution.objects.get(reference="KE-1")
    client.force_login(users["finance_officer"])
    assert "History" in client.get(f"/finance/contributions/{c.pk}/").content.decode()
    client.force_login(users["member_state_reader"])
    assert "History" not in client.get(f"/finance/contributions/{c.pk}/").content.decode()
