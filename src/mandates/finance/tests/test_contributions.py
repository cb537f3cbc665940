from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from mandates.core.testing import with_version
from mandates.finance.models import Contribution
from mandates.finance.services import record_receipt, save_contribution

from .conftest import contribute, segment


@pytest.mark.django_db
def test_a_contribution_keeps_its_original_amount_the_rate_used_and_the_dollar_equivalent(structure, rates, donors,
                                                                                         users):
    c = contribute(structure, donors["sweden"],
                   currency="SEK", amount="1000000.00", day=date(2008, 5, 20), by=users["finance_officer"])
    c.refresh_from_db()
    assert (c.currency, c.amount, c.rate, c.rate_month) == ("SEK", Decimal("1000000.00"), Decimal("6.25"),
                                                             date(2008, 5, 1))
    assert c.usd_amount == Decimal("160000.00") and c.status == Contribution.Status.PLEDGED
    entry = LogEntry.objects.get_for_object(c).get()
    assert entry.actor == users["finance_officer"]


@pytest.mark.django_db
def test_receipts_set_the_status_and_cannot_exceed_the_pledge(structure, rates, donors, users):
    c = contribute(structure, donors["sweden"], currency="EUR", amount="800.00")
    assert c.usd_amount == Decimal("1000.00")
    record_receipt(c, amount="200.00", by=users["finance_officer"])
    assert (c.status, c.received_usd) == ("partly_received", Decimal("250.00"))
    record_receipt(c, amount="600.00", by=users["finance_officer"])
    assert (c.status, c.received_usd) == ("received", Decimal("1000.00"))
    with pytest.raises(ValidationError) as err:
        record_receipt(c, amount="0.01", by=users["finance_officer"])
    assert "amount" in err.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("changes, field", [
    ({"currency": "EUX"}, "currency"),
    ({"currency": "NOK"}, "currency"),              # a real currency, but no rate imported for it
    ({"amount": Decimal("-5.00")}, "amount"),
    ({"amount": Decimal("0")}, "amount"),
    ({"received_amount": Decimal("2000.00")}, "received_amount"),
    ({"date": date(2010, 1, 5)}, "date"),            # outside the biennium of the chosen segment
    ({"earmarking": "hard"}, "project"),             # hard earmark without a project
    ({"earmarking": "soft"}, "earmarking"),          # soft earmark without a target
    ({"psc_rate": Decimal("7")}, "psc_rate"),        # no support cost on general-purpose money
])
def test_bad_contributions_are_refused_with_a_field_error_and_nothing_saved(structure, rates, donors, changes, field):
    data = {"by": None, "reference": "BAD-1", "donor": donors["sweden"],
            "segment": segment(structure, "2008-2009", "CPCJF-GP"),
            "date": date(2008, 3, 1), "currency": "USD", "amount": Decimal("1000.00"), "earmarking": "general_purpose"}
    data.update(changes)
    with pytest.raises(ValidationError) as err:
        save_contribution(**data)
    assert field in err.value.message_dict
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_earmarking_levels(structure, rates, donors, projects, strategy, m49):
    from mandates.geography.models import Area

    sp = {"code": "CPCJF-SP"}
    soft = contribute(structure, donors["ec"], earmarking="soft", area=Area.objects.get(m49_code="002"), **sp)
    theme = contribute(structure, donors["ec"], earmarking="soft", theme=strategy["theme"], **sp)
    hard = contribute(structure, donors["ec"], earmarking="hard", project=projects["KEN01"],
                      psc_rate=Decimal("7.00"), **sp)
    assert soft.earmarked_to.m49_code == "002" and theme.earmarked_to == strategy["theme"]
    assert hard.earmarked_to == projects["KEN01"] and hard.psc_rate == Decimal("7.00")
    with pytest.raises(ValidationError) as err:  # general-purpose money goes to a general-purpose segment
        contribute(structure, donors["ec"], earmarking="general_purpose", **sp)
    assert "segment" in err.value.message_dict
    with pytest.raises(ValidationError) as err:  # two soft targets
        contribute(structure, donors["ec"], earmarking="soft", theme=strategy["theme"],
                   area=Area.objects.get(m49_code="002"), **sp)
    assert "earmarking" in err.value.message_dict


@pytest.mark.django_db
def test_contribution_form_shows_field_errors_and_saves_a_good_one(client, structure, rates, donors, users):
    client.force_login(users["finance_officer"])
    seg = segment(structure, "2008-2009", "CPCJF-GP")
    form = {"reference": "UNODC/2008/1", "donor": donors["sweden"].pk, "date": "2008-04-02", "segment": seg.pk,
            "earmarking": "general_purpose", "currency": "XYZ", "amount": "100", "received_amount": "0"}
    page = client.post("/finance/contributions/new/", form)
    assert page.status_code == 200 and "Unknown currency" in page.content.decode()
    assert not Contribution.objects.exists()
    form["currency"] = "eur"
    done = client.post("/finance/contributions/new/", form)
    c = Contribution.objects.get()
    assert done.status_code == 302 and c.currency == "EUR" and c.usd_amount == Decimal("125.00")
    detail = client.get(f"/finance/contributions/{c.pk}/").content.decode()
    assert "USD 1 = EUR 0.8" in detail and "History" in detail


@pytest.mark.django_db
def test_api_creates_contributions_and_answers_400_per_field(client, structure, rates, donors, users):
    client.force_login(users["finance_officer"])
    bad = client.post("/api/v1/finance/contributions", {
        "reference": "API-1", "donor": donors["kenya"].pk, "segment": "CPCJF-GP", "date": "2008-02-01",
        "currency": "ZZZ", "amount": "-3", "earmarking": "general_purpose"}, content_type="application/json")
    assert bad.status_code == 400 and {"currency", "amount"} <= set(bad.json())
    ok = client.post("/api/v1/finance/contributions", {
        "reference": "API-1", "donor": donors["kenya"].pk, "segment": "CPCJF-GP", "date": "2008-02-01",
        "currency": "JPY", "amount": "5000000", "earmarking": "general_purpose"}, content_type="application/json")
    assert ok.status_code == 201, ok.json()
    body = ok.json()
    assert (body["usd_amount"], body["rate"], body["biennium"], body["segment"]) == ("50000.00", "100.000000",
                                                                                     "2008-2009", "CPCJF-GP")
    wrong_segment = client.post("/api/v1/finance/contributions", {
        "reference": "API-2", "donor": donors["kenya"].pk, "segment": "NOPE", "date": "2008-02-01",
        "currency": "USD", "amount": "5", "earmarking": "general_purpose"}, content_type="application/json")
    assert wrong_segment.status_code == 400 and "segment" in wrong_segment.json()


@pytest.mark.django_db
def test_editing_the_date_or_currency_takes_that_months_rate(client, structure, rates, donors, users):
    from mandates.finance.models import ExchangeRate

    ExchangeRate.objects.filter(currency="EUR", month=date(2008, 7, 1)).update(units_per_usd=Decimal("0.5"))
    c = contribute(structure, donors["sweden"], currency="EUR", amount="800.00", day=date(2008, 3, 1))
    client.force_login(users["finance_officer"])
    form = {"reference": c.reference, "donor": c.donor_id, "date": "2008-07-15", "segment": c.segment_id,
            "earmarking": "general_purpose", "currency": "EUR", "amount": "800.00", "received_amount": "0"}
    assert client.post(f"/finance/contributions/{c.pk}/edit/", with_version(
        client, f"/finance/contributions/{c.pk}/edit/", form)).status_code == 302
    c.refresh_from_db()
    assert (c.rate, c.rate_month, c.usd_amount) == (Decimal("0.5"), date(2008, 7, 1), Decimal("1600.00"))
    form["amount"] = "0"
    page = client.post(f"/finance/contributions/{c.pk}/edit/", with_version(
        client, f"/finance/contributions/{c.pk}/edit/", form)).content.decode()
    assert 'The amount must be more than zero' in page
    c.refresh_from_db()
    assert c.amount == Decimal("800.00")
