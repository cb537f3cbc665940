"""The donor filter is typed, with public suggestions limited to donors of published projects."""
from datetime import date
from decimal import Decimal

import pytest

from mandates.finance.models import Contribution, Donor, Expenditure


def _hidden_donor(world):
    """A donor whose only money went to unpublished projects (a contribution, and spending charged to it)."""
    donor = Donor.objects.create(name="Norland Hidden Fund", short_name="NHF", kind="member_state")
    sweden_contribution = Contribution.objects.get(reference="SWE-2")
    contribution = Contribution.objects.create(
        reference="NHF-1", donor=donor, segment=sweden_contribution.segment, date=date(2008, 3, 1), currency="USD",
        amount=Decimal(700), rate=Decimal(1), rate_month=date(2008, 3, 1), usd_amount=Decimal(700),
        earmarking="hard", project=world["hidden"][1])
    line = Expenditure.objects.filter(project=world["hidden"][0]).first()
    Expenditure.objects.filter(pk=line.pk).update(contribution=contribution)
    return donor


@pytest.mark.django_db
def test_suggestions_are_public_and_name_only_donors_of_published_projects(client, world):
    hidden = _hidden_donor(world)
    response = client.get("/open/suggest/donors/", {"donor": ""})
    assert response.status_code == 200  # no sign-in needed
    assert b'<option value="Sweden">' in response.content
    assert hidden.name.encode() not in response.content
    for typed in ("Norland", "NHF", "hidden"):
        assert hidden.name.encode() not in client.get("/open/suggest/donors/", {"donor": typed}).content
    assert b"Sweden" in client.get("/open/suggest/donors/", {"donor": "swe"}).content
    assert b"Sweden" not in client.get("/open/suggest/donors/", {"donor": "xyz"}).content


@pytest.mark.django_db
def test_a_donor_reached_only_through_spending_on_a_published_project_is_suggested(client, world):
    donor = Donor.objects.create(name="Spending Only Donor", kind="member_state")
    other = Contribution.objects.create(
        reference="SOD-1", donor=donor, segment=Contribution.objects.get(reference="SWE-1").segment,
        date=date(2008, 3, 1), currency="USD", amount=Decimal(50), rate=Decimal(1), rate_month=date(2008, 3, 1),
        usd_amount=Decimal(50), earmarking="soft")
    Expenditure.objects.filter(document_number="D2").update(contribution=other)
    assert b"Spending Only Donor" in client.get("/open/suggest/donors/", {"donor": "spending"}).content


@pytest.mark.django_db
def test_the_filter_is_a_typeahead_and_never_reaches_an_unpublished_donor(client, world):
    hidden = _hidden_donor(world)
    page = client.get("/open/").content.decode()
    assert '<select id="f-donor"' not in page
    assert 'id="f-donor" name="donor"' in page and 'list="f-donor-choices"' in page
    assert hidden.name not in page
    by_name = client.get("/open/", {"donor": "sweden"})
    assert by_name.status_code == 200
    assert 'value="Sweden"' in by_name.content.decode()  # the input keeps the chosen donor's name
    assert client.get("/open/", {"donor": world["sweden"].pk}).status_code == 200  # older links by number
    # Answered exactly as a donor that does not exist: the portal does not confirm it exists.
    by_number = client.get("/open/", {"donor": hidden.pk})
    assert by_number.status_code == 400 and b"There is no donor with the number" in by_number.content
    assert hidden.name.encode() not in by_number.content
    by_name = client.get("/open/", {"donor": hidden.name})
    assert by_name.status_code == 400 and "No donor of a published project is named" in by_name.content.decode()
    assert client.get("/open/projects/", {"donor": hidden.name}).status_code == 400
    assert client.get(f"/open/donors/{hidden.pk}/").status_code == 404
    assert client.get(f"/open/donors/{world['sweden'].pk}/").status_code == 200


@pytest.mark.django_db
def test_suggestions_make_the_same_queries_whatever_the_number_of_donors(client, world, django_assert_max_num_queries):
    from django.core.cache import cache

    with django_assert_max_num_queries(3):
        client.get("/open/suggest/donors/", {"donor": "d"})
    segment = Contribution.objects.get(reference="SWE-1").segment
    for i in range(30):
        donor = Donor.objects.create(name=f"Donor {i:02}", kind="member_state")
        Contribution.objects.create(
            reference=f"D-{i}", donor=donor, segment=segment, date=date(2008, 3, 1), currency="USD",
            amount=Decimal(1), rate=Decimal(1), rate_month=date(2008, 3, 1), usd_amount=Decimal(1),
            earmarking="hard", project=world["open1"])
    cache.clear()
    with django_assert_max_num_queries(3):
        response = client.get("/open/suggest/donors/", {"donor": "d"})
    assert response.content.count(b"<option") == 20  # at most LIMIT
