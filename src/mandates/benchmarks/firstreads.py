"""The CPU of first readings as the load run asks them (``python -m mandates.benchmarks.firstreads``).

``pagecost`` measures one URL per kind of page; the load run (``locustfile``) reads, for each demo person,
project pages drawn from the first 500 projects the projects API gives them, programme pages from the first
200 programmes and project lists with a few filters, and most of those are first readings (a person reads a
project once in 30 s). This asks the same kinds of URL the same way — ``--sample`` project and programme pages
per person drawn from those lists (seeded by the person's name, so two runs ask the same pages), and the list
filters — through Django's test client with the settings of ``make serve`` (page cache and shared figures on,
a fresh file cache), and prints per person and kind the median and mean CPU of the process, the PostgreSQL
backend's CPU (``/proc``, when the database is PostgreSQL on this machine) and the most queries of one page.
Run it before and after a change, back to back: CPU, not wall time.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")
os.environ.setdefault("MANDATES_PAGE_CACHE", "1")
os.environ.setdefault("MANDATES_HTTPS", "0")
os.environ.setdefault("MANDATES_SECRET_KEY", "bench-only-" + "x" * 40)
os.environ.setdefault("MANDATES_CACHE_DIR", tempfile.mkdtemp(prefix="mandates-firstreads-"))

PEOPLE = "admin,planner,pm.nairobi,pm.vienna,finance,reader,kenya"
LISTS = ["status=in_implementation", "region=002", "country=KEN", "q=drug", "ending=180", "status=approved",
         "page=2", "status=completed"]


def _urls(kind: str, projects: list, programmes: list, rnd: random.Random, sample: int) -> list[str]:
    if kind == "project":
        return [f"/projects/{pk}/" for pk in rnd.sample(projects, min(sample, len(projects)))]
    if kind == "programme":
        return [f"/programmes/{pk}/" for pk in rnd.sample(programmes, min(sample, len(programmes)))]
    return [f"/projects/?{query}" for query in LISTS]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", default=PEOPLE)
    parser.add_argument("--sample", type=int, default=10, help="project and programme pages per person")
    parser.add_argument("--kinds", default="project,programme,list")
    parser.add_argument("--same", action="store_true",
                        help="draw the same pages for every person (the load run's people read from the same first "
                             "projects, so a page is often read by another person first: shared parts are hits)")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mandates.people.models import User
    from mandates.people.permissions import visible
    from mandates.portfolio.models import Programme, Project

    from .pagecost import _backend_ticks

    ticks_per_second = os.sysconf("SC_CLK_TCK")
    every: dict[str, list[float]] = {}
    print("| who | page | pages | CPU ms (median) | mean | PostgreSQL CPU ms (mean) | queries (most) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for person in [p for p in args.people.split(",") if p]:
        user = User.objects.get(username=person)
        projects = list(visible(user, Project.objects.order_by("code")).values_list("pk", flat=True)[:500])
        programmes = list(visible(user, Programme.objects.order_by("code")).values_list("pk", flat=True)[:200])
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for url in ("/projects/?_warm=1", f"/projects/{projects[0]}/?_warm=1", f"/programmes/{programmes[0]}/?_warm=1"):
            client.get(url)  # templates, imports and the shared choices, as a server warmed by earlier requests
        rnd = random.Random("everyone" if args.same else person)
        for kind in args.kinds.split(","):
            urls = _urls(kind, projects, programmes, rnd, args.sample)
            cpu, queries = [], []
            before = _backend_ticks()
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    started = time.process_time()
                    status = client.get(url).status_code
                    cpu.append(1000 * (time.process_time() - started))
                if status != 200:
                    print(f"{person} {url}: status {status}", file=sys.stderr)
                queries.append(len(captured))
            after = _backend_ticks()
            db = "" if before is None or after is None else f"{1000 * (after - before) / ticks_per_second / len(urls):.1f}"
            every.setdefault(kind, []).extend(cpu)
            print(f"| {person} | {kind} | {len(urls)} | {statistics.median(cpu):.1f} | {statistics.mean(cpu):.1f} "
                  f"| {db} | {max(queries)} |", flush=True)
    for kind, cpu in every.items():
        print(f"| all | {kind} | {len(cpu)} | {statistics.median(cpu):.1f} | {statistics.mean(cpu):.1f} | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
