"""Faults (issue 14), run by ``make test-resilience`` (``scripts/test-resilience``) on a durable throwaway
PostgreSQL server that the tests may crash; skipped in the ordinary suite.

- PostgreSQL crashes (``pg_ctl stop -m immediate``) and comes back while clients read and write through a
  live server: while it is down Mandates answers 503 (never a 500 or a hang), it recovers by itself, and
  every write it acknowledged (201) is in the database afterwards.
- An ERP import killed with SIGKILL half-way through leaves nothing behind, and the next import runs.
"""
import collections
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.skipif(not os.environ.get("MANDATES_RESILIENCE_PG_CTL"),
                                reason="fault tests crash their database server: run `make test-resilience`")


def pg_ctl(*args):
    subprocess.run(shlex.split(os.environ["MANDATES_RESILIENCE_PG_CTL"]) + list(args), check=True,
                   capture_output=True, timeout=90)


@pytest.mark.django_db(transaction=True)
def test_postgresql_crash_and_restart_under_load_loses_no_acknowledged_write(users, live_server):
    from mandates.partners.models import Partner
    from mandates.people.services import issue_api_token

    token = issue_api_token(users["administrator"])
    headers = {"Authorization": f"Bearer {token}"}
    phase = ["up"]
    seen = collections.Counter()  # (phase, status)
    acknowledged: list[str] = []
    stop = threading.Event()

    def writer(n):
        i = 0
        while not stop.is_set():
            name = f"Resilience partner {n}-{i}"
            i += 1
            now = phase[0]
            try:
                answer = requests.post(f"{live_server.url}/api/v1/partners/", json={
                    "name": name, "kind": "civil_society"}, headers=headers, timeout=30)
            except requests.RequestException:
                seen[(now, "no answer")] += 1
                continue
            seen[(now, answer.status_code)] += 1
            if answer.status_code == 201:
                acknowledged.append(name)
            time.sleep(0.01)

    def reader():
        while not stop.is_set():
            now = phase[0]
            try:
                answer = requests.get(f"{live_server.url}/api/v1/partners/?page_size=5", headers=headers, timeout=30)
                seen[(now, answer.status_code)] += 1
            except requests.RequestException:
                seen[(now, "no answer")] += 1
            time.sleep(0.01)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)] + [threading.Thread(target=reader)]
    for t in threads:
        t.start()
    time.sleep(3)
    phase[0] = "crashing"
    pg_ctl("stop", "-m", "immediate")
    phase[0] = "down"
    time.sleep(3)
    phase[0] = "restarting"
    pg_ctl("start", "-o", os.environ["MANDATES_RESILIENCE_PG_OPTS"])
    phase[0] = "back"
    time.sleep(4)
    stop.set()
    for t in threads:
        t.join()

    statuses = {status for _phase, status in seen}
    assert statuses <= {200, 201, 503}, seen  # never a 500, never a hang
    assert seen[("down", 503)] > 0, seen  # it said so while the database was down
    assert seen[("back", 201)] > 0 and seen[("back", 200)] > 0, seen  # and recovered by itself
    connection.close()  # the test's own connection died with the server
    stored = set(Partner.objects.filter(name__startswith="Resilience partner").values_list("name", flat=True))
    lost = set(acknowledged) - stored
    assert not lost, f"{len(lost)} acknowledged writes lost: {sorted(lost)[:5]}"
    assert len(acknowledged) > 20


ERP_HEADER = ("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,"
              "contribution_ref,work_unit_code,description\n")


@pytest.mark.django_db(transaction=True)
def test_an_erp_import_killed_half_way_leaves_nothing_behind(tmp_path, users, units, m49):
    from mandates.finance.models import Expenditure, ImportBatch
    from mandates.finance.services import load_fund_structure

    load_fund_structure()
    big = tmp_path / "erp.csv"
    with big.open("w") as out:
        out.write(ERP_HEADER)
        for n in range(30_000):
            out.write(f"JV-{n // 50},{n % 50 + 1},2008-06-30,disbursement,GP,,staff,USD,{n % 900 + 100}.25,,,Row {n}\n")
    env = {**os.environ, "DATABASE_URL": _test_database_url(), "MANDATES_DEBUG": "1"}
    command = [str(Path(sys.executable).with_name("mandates")), "import_expenditure", str(big)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    writing = _wait_for_a_writing_transaction(process)
    assert writing, "the import never started writing"
    assert process.poll() is None, "the import finished before it could be killed: make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    time.sleep(1)  # the server notices the dropped connection and rolls its transaction back
    assert Expenditure.objects.count() == 0
    assert ImportBatch.objects.count() == 0
    # nothing is left locked: the next import runs and is complete
    small = tmp_path / "small.csv"
    small.write_text(ERP_HEADER + "JV-1,1,2008-06-30,disbursement,GP,,staff,USD,4000.00,,,General-purpose posts\n")
    done = subprocess.run([*command[:-1], str(small)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert ImportBatch.objects.count() == 1 and Expenditure.objects.exists()


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def _wait_for_a_writing_transaction(process, timeout=90) -> bool:
    """Half-way: another session of the test database holds a transaction that has written (it has an xid)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL")
            if cursor.fetchone()[0]:
                time.sleep(0.5)  # a little further into the writes
                return True
        time.sleep(0.1)
    return False


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_mail_server_down_the_action_succeeds_and_the_mail_is_sent_when_it_is_back(settings, client):
    """SMTP down: a value is submitted through its page (the planners are told by e-mail); the submission
    succeeds, the in-app notification is kept with no e-mail date, and the hourly retry sends it once the mail
    server answers again."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    from mandates.notifications.models import Notification
    from mandates.notifications.services import retry_unsent_mail
    from mandates.people.tests.matrix_world import build_world
    from mandates.results.models import IndicatorValue

    world = build_world()
    planner = world["users"]["planning_officer"]
    planner.email = "planner@example.org"
    planner.save()
    port = _free_port()  # nothing listens there: the mail server is down
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    client.force_login(world["users"]["programme_manager"])
    indicator = world["indicator"]["A"]
    answer = client.post(reverse("results:value_create", args=[indicator.pk]), {"year": "2010", "value": "12", "note": "Court"})
    assert answer.status_code == 302, answer.content.decode()[:500]
    assert IndicatorValue.objects.filter(indicator=indicator, year=2010, value=12).exists()
    notes = Notification.objects.filter(recipient=planner)
    assert notes.exists() and not notes.filter(emailed_at__isnull=False).exists()
    count = notes.count()

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert retry_unsent_mail() == count
        assert retry_unsent_mail() == 0  # sent once, not again
    finally:
        controller.stop()
    assert len(received) == count and {m["To"] for m in received} == {"planner@example.org"}
    assert not notes.filter(emailed_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_background_job_that_crashes_is_marked_failed_with_its_reason_and_writes_nothing(users):
    """A job function with a bug: it saves two partners, then fails on an unexpected error. The job is marked
    failed, says why, and neither partner is left."""
    from mandates.jobs import registry, services
    from mandates.jobs.models import Job
    from mandates.partners.models import Partner
    from mandates.partners.services import save_partner

    def crashing(*, params, input_file, by, progress):
        for n in range(2):
            save_partner(None, by=by, name=f"Half-written {n}", acronym="", kind=Partner.Kind.values[0])
            progress(n + 1, 4, "saved")
        raise ZeroDivisionError("division by zero in row 3")

    registry.register("test.crash", crashing, label="Crashing import")
    try:
        job = services.start("test.crash", by=users["programme_manager"])
    finally:
        registry.unregister("test.crash")
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "ZeroDivisionError" in job.error and "row 3" in job.error
    assert not Partner.objects.filter(name__startswith="Half-written").exists()
