"""The finance pages and endpoints run a bounded number of queries whatever the number of transactions."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.finance.services import import_expenditure, revise_budget

from .conftest import contribute, erp_file


def fill(structure, projects, donors, start: int, count: int) -> None:
    names = list(donors)
    for i in range(start, start + count):
        contribute(structure, donors[names[i % 3]], code=["CPCJF-GP", "UNDCP-GP"][i % 2],
                   currency=["USD", "EUR", "SEK"][i % 3], amount=f"{1000 + i}.25",
                   day=date(2008 + i % 2, 1 + i % 12, 3),
                   reference=f"Q-{i:05d}")
    contribute(structure, donors["ec"], code="CPCJF-SP", earmarking="hard", project=projects["KEN01"],
               reference=f"HARD-{start}")
    import_expenditure(erp_file(*[
        f"E-{i},1,{2008 + i % 2}-{1 + i % 12:02d}-20,disbursement,{['CPCJF-SP', 'UNDCP-SP', 'GP'][i % 3]},"
        f"{['KEN01', 'GLO01', ''][i % 3]},{['staff', 'travel', 'grants'][i % 3]},USD,{50 + i}.00,,,"
        for i in range(start, start + count)]), by=None)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


URLS = ["/finance/?biennium=2008-2009", "/finance/projections/?biennium=2008-2009&as_of=2009-06-30",
        "/finance/contributions/?biennium=2008-2009", "/api/v1/finance/contributions?page_size=200",
        "/api/v1/finance/funds?biennium=2008-2009", "/finance/donors/", "/api/v1/finance/expenditure?page_size=200",
        "/finance/delivery/?by=region", "/finance/delivery/?by=theme", "/finance/delivery/?by=result"]


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_transactions(client, structure, rates, projects, donors, users,
                                                             django_assert_max_num_queries):
    revise_budget(project=projects["KEN01"], by=None, lines=[
        {"year": 2008, "segment": "CPCJF-SP", "budget_class": "staff", "amount": "1000"}])
    client.force_login(users["finance_officer"])
    urls = URLS + [f"/finance/projects/{projects['KEN01'].pk}/", f"/finance/donors/{donors['ec'].pk}/",
                   f"/api/v1/finance/projects/{projects['KEN01'].pk}", "/api/v1/finance/donors"]
    fill(structure, projects, donors, 0, 30)
    small = {url: queries(client, url) for url in urls}
    fill(structure, projects, donors, 30, 150)
    large = {url: queries(client, url) for url in urls}
    assert large == small
    with django_assert_max_num_queries(30):
        client.get("/finance/?biennium=2008-2009")
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/finance/contributions?page_size=500").json()["count"] == 182
    with django_assert_max_num_queries(16):  # constant in the data (above); the header grew by a query or two
        assert client.get(f"/finance/projects/{projects['KEN01'].pk}/").status_code == 200
