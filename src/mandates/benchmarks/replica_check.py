"""The read-replica routing, against a real streaming standby (run by ``scripts/test-replica``).

With replay paused on the standby, a project saved on the primary is found by a page that reads
the primary and not yet by an endpoint routed to the replica; once replay resumes, the replica
has it too. So replica reads really go to the standby, and writes and other pages never do.
"""
import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    call_command("load_reference_data", verbosity=0, stdout=io.StringIO())
    call_command("load_demo", portfolio_only=True, verbosity=0, stdout=io.StringIO())
    from mandates.people.models import User
    from mandates.portfolio.models import Project

    admin = User.objects.get(username="admin")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)

    # Wait until the standby has caught up with the demo, then pause its replay.
    deadline = time.monotonic() + 60
    while not Project.objects.using("replica").filter(code=Project.objects.order_by("-pk").first().code).exists():
        if time.monotonic() > deadline:
            print("the standby did not catch up", file=sys.stderr)
            return 1
        time.sleep(0.2)
    with connections["replica"].cursor() as c:
        c.execute("SELECT pg_wal_replay_pause()")
    template = Project.objects.order_by("pk").first()
    made = Project.objects.create(code="REPLICA-CHECK", title="Made on the primary", objective="Check",
                                  strategy_period=template.strategy_period, lead_unit=template.lead_unit,
                                  start_date=template.start_date, end_date=template.end_date)
    primary_page = client.get(f"/projects/{made.pk}/").status_code
    replica_api = client.get(f"/api/v1/projects/{made.pk}").status_code
    with connections["replica"].cursor() as c:
        c.execute("SELECT pg_wal_replay_resume()")
    deadline = time.monotonic() + 30
    while client.get(f"/api/v1/projects/{made.pk}").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    after = client.get(f"/api/v1/projects/{made.pk}").status_code
    ok = primary_page == 200 and replica_api == 404 and after == 200
    print(f"primary page: {primary_page}; replica-routed API while replay paused: {replica_api}; "
          f"after replay: {after} -> {'replica routing holds' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
