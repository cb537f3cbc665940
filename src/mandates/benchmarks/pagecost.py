"""The CPU and the queries each page of the load run costs, one request at a time (``python -m mandates.benchmarks.pagecost``).

The load run (``locustfile``) reports CPU per request over its whole mix; this says which page it
goes to. With ``DATABASE_URL`` set to a filled database, every URL of the mix is asked as a
signed-in person (``--people``, the demo people) and as an anonymous visitor through Django's test
client with the settings of ``make serve`` (page cache on, a shared file cache, sessions from the
cache): first once to warm the process (templates, imports), then ``--repeat`` times as a
*miss* (an ignored ``_cost=<n>`` query parameter makes each a new URL for the caches) and once as a
*hit* (the last URL again). Reported per URL: the process's CPU (``time.process_time``), the
PostgreSQL backend's CPU (``/proc``, when the database is PostgreSQL on this machine) and the
number of SQL queries. ``--profile URL`` prints the cProfile of one miss of that URL.
CPU, not wall time: it does not depend on what else the machine runs.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")
os.environ.setdefault("MANDATES_PAGE_CACHE", "1")
os.environ.setdefault("MANDATES_HTTPS", "0")
os.environ.setdefault("MANDATES_SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("MANDATES_CACHE_DIR", tempfile.mkdtemp(prefix="mandates-pagecost-"))

STAFF_URLS = [
    ("/ (dashboard)", "/"),
    ("/projects/?<filter>", "/projects/?status=in_implementation"),
    ("/projects/?<filter>", "/projects/?region=002"),
    ("/projects/?<filter>", "/projects/?q=drug"),
    ("/projects/?<filter>", "/projects/?page=2"),
    ("/projects/<id>/", "/projects/{project}/"),
    ("/programmes/<id>/", "/programmes/{programme}/"),
    ("/strategy/", "/strategy/"),
    ("/treaties/?as_of=<date>", "/treaties/?as_of=2009-05-31"),
    ("/finance/ (fund overview)", "/finance/?biennium=2010-2011"),
    ("/api/v1/projects?<filter>", "/api/v1/projects?page_size=50&status=in_implementation"),
    ("/api/v1/programmes", "/api/v1/programmes"),
    ("/api/v1/strategy/results", "/api/v1/strategy/results?period=2008-2011"),
    ("/api/v1/treaties/instruments", "/api/v1/treaties/instruments?as_of=2009-05-31"),
    ("/api/v1/finance/funds", "/api/v1/finance/funds?biennium=2010-2011"),
    ("/health/live/", "/health/live/"),
]
PORTAL_URLS = [
    ("/open/ (portal overview)", "/open/"),
    ("/open/countries/<iso3>/", "/open/countries/KEN/"),
    ("/open/projects/?<filter>", "/open/projects/"),
    ("/open/projects/?<filter>", "/open/projects/?country=KEN"),
    ("/open/projects/<code>/", "/open/projects/{public_project}/"),
    ("/open-data/", "/open-data/"),
    ("/health/live/", "/health/live/"),
]


def _backend_ticks() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def _with(url: str, n: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}_cost={n}"


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    status = client.get(_with(url, 0)).status_code  # warm the process
    cpu, queries = [], []
    ticks = _backend_ticks()
    for n in range(1, repeat + 1):
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            client.get(_with(url, n))
            cpu.append(time.process_time() - started)
        queries.append(len(captured))
    after = _backend_ticks()
    db_ms = None if ticks is None or after is None else 1000 * (after - ticks) / os.sysconf("SC_CLK_TCK") / repeat
    with CaptureQueriesContext(connection) as captured:
        started = time.process_time()
        response = client.get(_with(url, repeat))
        hit_cpu = time.process_time() - started
    return {"status": status, "miss_ms": 1000 * statistics.median(cpu), "miss_queries": max(queries),
            "db_ms": db_ms, "hit_ms": 1000 * hit_cpu, "hit_queries": len(captured),
            "hit": response.get("X-Mandates-Page-Cache", "")}


def _targets(user):
    from mandates.people.permissions import visible
    from mandates.portfolio.models import Programme, Project

    projects = Project.objects.order_by("pk")
    programmes = Programme.objects.order_by("pk")
    if user is not None and not user.is_superuser:
        projects = visible(user, projects)
        programmes = visible(user, programmes)
    project = projects.values_list("pk", flat=True)[projects.count() // 2]
    programme = programmes.values_list("pk", flat=True)[programmes.count() // 2]
    from mandates.portal.selectors import public as portal

    public = portal.projects().order_by("pk").values_list("code", flat=True)
    return {"project": project, "programme": programme, "public_project": public[public.count() // 2]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", default="pm.nairobi,reader", help="comma-separated usernames; '-' for anonymous")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="only URLs containing this")
    parser.add_argument("--profile", default="", help="print the cProfile of one miss of this URL")
    parser.add_argument("--queries", action="store_true", help="with --profile: print the SQL of that miss instead")
    parser.add_argument("--as", dest="person", default="pm.nairobi", help="who asks the profiled URL")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client

    from mandates.people.models import User

    if args.profile:
        client = Client(HTTP_HOST="127.0.0.1")
        if args.person != "-":
            client.force_login(User.objects.get(username=args.person))
        client.get(_with(args.profile, 0))
        if args.queries:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                client.get(_with(args.profile, 1))
            for query in captured:
                print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}")
            return 0
        profile = cProfile.Profile(time.process_time)  # CPU, not the wait on the database
        profile.enable()
        client.get(_with(args.profile, 1))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return 0

    print("| who | page | URL | miss CPU ms | PostgreSQL CPU ms | miss queries | hit CPU ms | hit queries |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for person in [p for p in args.people.split(",") if p]:
        client = Client(HTTP_HOST="127.0.0.1")
        user = None
        if person != "-":
            user = User.objects.get(username=person)
            client.force_login(user)
        urls = PORTAL_URLS if person == "-" else STAFF_URLS
        targets = _targets(user)
        for name, pattern in urls:
            url = pattern.format(**targets)
            if args.only and args.only not in url and args.only != name:
                continue
            row = measure(client, url, args.repeat)
            db = "" if row["db_ms"] is None else f"{row['db_ms']:.1f}"
            print(f"| {person} | {name} | {url} | {row['miss_ms']:.1f} | {db} | {row['miss_queries']} "
                  f"| {row['hit_ms']:.1f} | {row['hit_queries']} |" + ("" if row["status"] == 200 else
                                                                      f" status {row['status']}"), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
