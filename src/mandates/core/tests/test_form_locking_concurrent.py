"""Lost updates under real concurrency (issue 14): six people open the same contribution's edit form, each
types a different amount and all submit at the same moment through a live server (one connection each).
Exactly one save wins, the others are told someone else changed it, and afterwards the money reconciles:
the record holds the winner's amount, and the donor's total, the register's totals and the sum of the rows
agree to the cent."""
import threading
from decimal import Decimal

import lxml.html
import pytest
import requests
from django.db import connection
from django.test import Client

from mandates.people.tests.matrix_world import build_world

WRITERS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_form_writers_one_wins_and_the_money_reconciles(live_server):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database is not shared with the live server's threads")
    from mandates.finance import selectors
    from mandates.finance.models import Contribution, FundSegment

    world = build_world()
    admin = world["users"]["administrator"]
    contribution = world["contribution"]["A"]
    contribution.segment = FundSegment.objects.filter(biennium__code="2008-2009", kind="special_purpose").first()
    contribution.save(update_fields=["segment"])
    client = Client()
    client.force_login(admin)
    cookie = client.cookies["sessionid"].value
    url = f"{live_server.url}/finance/contributions/{contribution.pk}/edit/"

    sessions, forms = [], []
    for _ in range(WRITERS):  # everyone opens the form before anyone saves
        session = requests.Session()
        session.cookies.set("sessionid", cookie)
        opened = session.get(url, timeout=60)
        assert opened.status_code == 200
        form = next(f for f in lxml.html.fromstring(opened.text).forms
                    if f.xpath(".//input[@name='record_version']"))
        sessions.append(session)
        forms.append(form.form_values())

    barrier = threading.Barrier(WRITERS)
    answers: dict[int, requests.Response] = {}

    def writer(n):
        data = [(k, v) for k, v in forms[n] if k != "amount"] + [("amount", f"{6000 + n}.25")]
        barrier.wait()
        answers[n] = sessions[n].post(url, data=data, headers={"X-CSRFToken": sessions[n].cookies.get("csrftoken", "")},
                                      allow_redirects=False, timeout=120)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    won = [n for n, answer in answers.items() if answer.status_code == 302]
    refused = [n for n, answer in answers.items()
               if answer.status_code in (200, 400) and "Someone else changed this record" in answer.text]
    assert len(won) == 1 and len(refused) == WRITERS - 1, {n: a.status_code for n, a in answers.items()}

    stored = Contribution.objects.get(pk=contribution.pk)
    winner = Decimal(f"{6000 + won[0]}.25")
    assert stored.amount == winner and stored.usd_amount == winner  # a USD pledge: rate 1
    rows = Contribution.objects.filter(donor=contribution.donor)
    register = selectors.totals(rows)
    donor_row = selectors.donors(admin).get(pk=contribution.donor_id)
    assert register["usd"] == donor_row.total == sum(r.usd_amount for r in rows) == winner
