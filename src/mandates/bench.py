"""``make bench``: how pages and endpoints scale with the size of the portfolio.

Builds a throwaway database, fills it at a base size and at ten times that size, and prints for
each page/endpoint the number of SQL queries and the median time at both sizes, with their
ratios. Queries should not grow at all (ratio 1.00); time should grow far slower than the data.
Ratios are measured within one run on one machine, so they compare like with like.
"""
import io
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE = int(os.environ.get("MANDATES_BENCH_BASE", "200"))
FACTOR = 10
REPEAT = 5
TARGETS = [
    ("project list page", "/projects/"),
    ("programme list page", "/programmes/"),
    ("projects API", "/api/v1/projects?page_size=50"),
    ("strategy tree", "/strategy/"),
    ("strategy results API", "/api/v1/strategy/results?period=2008-2011"),
    ("implementation plan page", "/results/plan/?period=2008-2011"),
    ("implementation plan API", "/api/v1/implementation-plan?period=2008-2011"),
    ("home page", "/"),
]


def _fill(total: int, start: int) -> None:
    """Add projects numbered start..total-1, each with a location, two results and a small logframe."""
    from mandates.geography.models import Country
    from mandates.organisation.models import WorkUnit
    from mandates.portfolio.models import Activity, Outcome, Output, Project, ProjectLocation
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.get(code="2008-2011")
    results = list(StrategyNode.objects.filter(period=period, level=period.result_level))
    countries = list(Country.objects.all()[:60])
    units = list(WorkUnit.objects.all())
    projects = Project.objects.bulk_create([
        Project(code=f"BENCH{i:06}", title=f"Benchmark project {i}", objective="Measure scale",
                strategy_period=period, lead_unit=units[i % len(units)], start_date=date(2008, 1, 1),
                end_date=date(2011, 12, 31), status="in_implementation", is_public=True)
        for i in range(start, total)
    ])
    ProjectLocation.objects.bulk_create(
        [ProjectLocation(project=p, country=countries[i % len(countries)]) for i, p in enumerate(projects)])
    through = Project.results.through
    through.objects.bulk_create([
        through(project_id=p.pk, strategynode_id=results[(i + k) % len(results)].pk)
        for i, p in enumerate(projects) for k in (0, 7)
    ])
    outcomes = Outcome.objects.bulk_create([Outcome(project=p, code="OC1", title="Outcome") for p in projects])
    outputs = Output.objects.bulk_create([Output(outcome=o, code="OP1.1", title="Output") for o in outcomes])
    Activity.objects.bulk_create([
        Activity(output=o, code="A1", title="Workshop", planned_cost=Decimal("12500.00")) for o in outputs])


def _measure(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], 0
    for _ in range(REPEAT):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            return None, None, response.status_code
        queries = len(ctx.captured_queries)
    return queries, statistics.median(timings), 200


def main() -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        quiet = io.StringIO()
        call_command("load_reference_data", verbosity=0, stdout=quiet)
        call_command("load_demo", portfolio_only=True, verbosity=0, stdout=quiet)
        from mandates.people.models import User

        client = Client()
        client.force_login(User.objects.filter(role="reader").first() or User.objects.get(username="admin"))
        rows = []
        _fill(BASE, 0)
        small = {name: _measure(client, url) for name, url in TARGETS}
        _fill(BASE * FACTOR, BASE)
        large = {name: _measure(client, url) for name, url in TARGETS}
        print(f"Portfolio of {BASE} vs {BASE * FACTOR} bench projects (plus the demo), median of {REPEAT} requests")
        print(f"{'page or endpoint':28} {'queries':>15} {'ratio':>6} {'ms':>17} {'ratio':>6}")
        worst = 0.0
        for name, _url in TARGETS:
            (q1, t1, s1), (q2, t2, s2) = small[name], large[name]
            if s1 != 200 or s2 != 200:
                print(f"{name:28} HTTP {s1}/{s2}")
                continue
            q_ratio, t_ratio = q2 / q1, t2 / t1
            worst = max(worst, q_ratio)
            rows.append((name, q1, q2, q_ratio, t1 * 1000, t2 * 1000, t_ratio))
            print(f"{name:28} {q1:>6} -> {q2:<6} {q_ratio:>6.2f} {t1 * 1000:>7.1f} -> {t2 * 1000:<7.1f} {t_ratio:>6.2f}")
        print("queries constant for every target" if worst <= 1.0 else f"WARNING: query count grew (x{worst:.2f})")
        from mandates.core.testing import SHARED_DIR
        from mandates.interop.bench import run as iati_bench

        for line in iati_bench(SHARED_DIR):
            print(line)
        return 0 if worst <= 1.0 else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
