"""One database's part of ``make bench``: fill it scale by scale and measure every workload.

Run as ``python -m mandates.benchmarks.measure --scales 1,20 --out FILE`` with ``DATABASE_URL``
set (the orchestrator in ``run`` does it for SQLite and PostgreSQL). The database is migrated,
given the reference and demo data, then the generated portfolio grows to each scale in turn
(N=1, then 19 more units for N=20: the same database grows, it is not filled twice); at each scale every workload is run ``repeat`` times (median
time), and run once more for its queries and its peak memory (resident, sampled). Results
are written as JSON lines.
"""
from __future__ import annotations

import argparse
import gc
import io
import json
import os
import statistics
import sys
import threading
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


SLOW = float(os.environ.get("MANDATES_BENCH_SLOW", "10"))
DATABASE = os.environ.get("MANDATES_BENCH_DATABASE", "")


def _timed(fn, repeat: int, setup=None) -> float:
    times = []
    for _ in range(repeat):
        if setup is not None:  # e.g. an import's clean slate: not part of what is measured
            setup()
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class _PeakRSS:
    """The peak resident memory of this process while a block runs, above what it held before (MB).

    A thread samples /proc/self/statm every 20 ms: cheap enough to leave on while timing, and it
    sees what the operating system sees (C libraries and spooled buffers included).
    """

    def __init__(self):
        self.page = os.sysconf("SC_PAGE_SIZE")

    def _rss(self) -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * self.page

    def __enter__(self):
        gc.collect()
        self.base = self.peak = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())
        self.mb = (self.peak - self.base) / 2**20


def _once(fn, setup=None) -> tuple[float, int, float]:
    """Time, number of SQL queries and peak memory of one run (after ``setup``, which is not measured)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if setup is not None:
        setup()
    with CaptureQueriesContext(connection) as queries, _PeakRSS() as memory:
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries.captured_queries), memory.mb


def _filled(seed: int) -> bool:
    """Whether the generated portfolio with this seed is already in the database (``--reuse``)."""
    from mandates.portfolio.models import Project

    return Project.objects.filter(code__startswith=f"G{seed}-").exists()


def load() -> float:
    """The machine's load average over the last minute (the bench shares its cores: said beside every time)."""
    return round(os.getloadavg()[0], 1)


def prepare(out, reuse: bool = False) -> None:
    from django.core.management import call_command

    quiet = io.StringIO()
    started = time.perf_counter()
    steps = {}

    def step(name, *args):
        began = time.perf_counter()
        call_command(*args, verbosity=0, stdout=quiet)
        steps[name] = round(time.perf_counter() - began, 1)

    step("migrate", "migrate")
    if reuse and _filled(1):
        out({"event": "reused", "database": DATABASE, "seconds": round(time.perf_counter() - started, 1),
             "load": load()})
        return
    step("reference", "load_reference_data")
    step("demo", "load_demo")
    out({"event": "prepared", "database": DATABASE, "seconds": round(time.perf_counter() - started, 1),
         "steps": steps, "load": load()})


def grow(to_scale: int, have: int, out, reuse: bool = False) -> None:
    """Add units of scale ``have + 1`` … ``to_scale``, one transaction per unit (seed = the unit's number).

    One transaction per unit keeps each commit small: on PostgreSQL every foreign key is checked at
    commit (deferred constraints), and a single transaction of N=19 units spent most of its time —
    over ten minutes on the shared machine — in one COMMIT, with no sign of progress.
    """
    from mandates.demo.generator import SIZES, generate
    from mandates.portfolio.models import Project

    started, made, loads = time.perf_counter(), 0, []
    for unit in range(have + 1, to_scale + 1):
        if reuse and Project.objects.filter(code__regex=r"^G[0-9]+-").count() >= unit * SIZES["projects"]:
            continue  # a database filled before (by units, or all at once with one seed)
        began = time.perf_counter()
        generate(scale=1, seed=unit)
        made += 1
        loads.append(load())
        print(f"{DATABASE}: generated unit {unit} of {to_scale} in {time.perf_counter() - began:.1f} s "
              f"({time.perf_counter() - started:.0f} s in all, load {loads[-1]})", file=sys.stderr, flush=True)
    if made:
        out({"event": "generated", "database": DATABASE, "scale": to_scale, "units": made,
             "seconds": round(time.perf_counter() - started, 1),
             "load": round(sum(loads) / len(loads), 1)})


def client_for_admin():
    from django.test import Client

    from mandates.people.models import User

    user = User.objects.filter(is_superuser=True).order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.bench_user = user
    return client


#: Measured at the first scale only, unless ``MANDATES_BENCH_FIRST_SCALE_ONLY`` names others (empty: all at
#: every scale): the imports of the shared IATI and statistics samples (their input does not grow with N), the
#: IATI files, the reports in PDF (the report on all regional programmes is 777 pages at N=20: LibreOffice
#: alone takes about 25 s of CPU to lay them out), and the two whole-ledger workloads (at N=20 the Excel export
#: is a million lines and the ERP year 500,000 rows: each alone longer than the 20 minutes the whole bench
#: has). Every report kind is measured in Word at every scale.
FIRST_SCALE_ONLY = os.environ.get(
    "MANDATES_BENCH_FIRST_SCALE_ONLY",
    "IATI import,IATI export,statistics import,(PDF),Excel export,ERP import")


def measure(scale: int, out, only: str = "", first: bool = True) -> None:
    from django.db import connection

    from .workloads import all_workloads

    client = client_for_admin()
    started, loads = time.perf_counter(), [load()]
    for w in all_workloads(client, scale):
        if only and only not in w.name:
            continue
        if any(part and part in w.name for part in os.environ.get("MANDATES_BENCH_SKIP", "").split(",")):
            continue
        if not first and any(part and part in w.name for part in FIRST_SCALE_ONLY.split(",")):
            continue
        row = {"event": "workload", "scale": scale, "database": connection.vendor, "name": w.name,
               "kind": w.kind, "limit_ms": w.limit_ms}
        try:
            # A warm-up run (per-process caches filled, and a first check that it works), then one
            # run for the queries and the peak memory; a workload that takes longer than SLOW
            # seconds is timed by that run alone (at N=20 on a shared machine, repeating a slow page
            # would take the bench past its time), the others by the median of ``repeat`` more.
            if w.repeat > 1:
                if w.setup is not None:
                    w.setup()
                w.run()
            elapsed, row["queries"], row["peak_mb"] = _once(w.run, w.setup)
            if w.extra_peak_mb is not None:
                row["peak_mb"] += w.extra_peak_mb()
            if w.repeat > 1 and elapsed < SLOW:
                row["ms"] = _timed(w.run, w.repeat, w.setup) * 1000
            else:
                row["ms"] = elapsed * 1000
                row["runs"] = 1
            if w.floor is not None:
                repeat = w.repeat if row.get("runs") != 1 else 1
                if repeat > 1:
                    w.floor()
                row["floor_ms"] = _timed(w.floor, repeat) * 1000
            for name, other in (w.other_floors or {}).items():
                row[f"{name}_ms"] = _timed(other, 1) * 1000
        except Exception as exc:  # a failed workload is reported in the table, the bench goes on
            row["error"] = f"{exc.__class__.__name__}: {exc}"[:200]
        row["load"] = load()
        loads.append(row["load"])
        out(row)
    out({"event": "measured", "scale": scale, "database": connection.vendor,
         "seconds": round(time.perf_counter() - started, 1), "load": round(sum(loads) / len(loads), 1)})


def main(argv=None) -> int:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,20")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="", help="Only workloads whose name contains this")
    parser.add_argument("--reuse", action="store_true", help="Keep a database already filled to these scales")
    parser.add_argument("--fill-only", action="store_true", help="Fill the database to the scales, measure nothing")
    parser.add_argument("--measure-scale", type=int, default=0,
                        help="Measure at this scale only (the database is filled to it already)")
    args = parser.parse_args(argv)
    django.setup()
    scales = [int(s) for s in args.scales.split(",") if s]
    with open(args.out, "a", encoding="utf-8") as handle:
        def out(row):
            handle.write(json.dumps(row) + "\n")
            handle.flush()
            print(json.dumps(row), file=sys.stderr)

        prepare(out, args.reuse)
        have = 0
        for scale in scales:
            grow(scale, have, out, args.reuse)
            if not args.fill_only and args.measure_scale in (0, scale):
                measure(scale, out, args.only, first=have == 0)
            have = scale
    return 0


if __name__ == "__main__":
    sys.exit(main())
