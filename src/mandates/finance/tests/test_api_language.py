"""The finance API answers its field errors in the language the client asks for (Accept-Language)."""
import pytest
from django.utils import translation

from mandates.finance.models import Contribution


@pytest.fixture(autouse=True)
def _language_restored():
    """The locale middleware activates the asked language in this thread: give the next tests English back."""
    with translation.override("en-gb"):
        yield


BAD = {"reference": "API-L", "segment": "CPCJF-GP", "date": "2008-02-01", "currency": "ZZZ", "amount": "-3",
       "earmarking": "general_purpose"}


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "currency", "amount"), [
    ("fr", "Monnaie inconnue « ZZZ » : utilisez un code ISO 4217 tel que EUR.",
     "Le montant doit être supérieur à zéro."),
    ("es", "Moneda desconocida «ZZZ»: utilice un código ISO 4217 como EUR.", "El importe debe ser superior a cero."),
    ("en", "Unknown currency “ZZZ”: use an ISO 4217 code such as EUR.", "The amount must be more than zero."),
])
def test_contribution_errors_in_the_clients_language(client, structure, rates, donors, users, language, currency,
                                                      amount):
    client.force_login(users["finance_officer"])
    response = client.post("/api/v1/finance/contributions", {**BAD, "donor": donors["kenya"].pk},
                           content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["currency"] == [currency] and response.json()["amount"] == [amount]
    assert not Contribution.objects.exists()


@pytest.mark.django_db
def test_query_parameter_errors_in_french(client, users):
    client.force_login(users["finance_officer"])
    response = client.get("/api/v1/finance/delivery", {"by": "nothing"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400 and response.json()["by"][0].startswith("Choisissez parmi ")
