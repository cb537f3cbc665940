"""``make bench``: every workload on SQLite and PostgreSQL at N=1 and N=20, beside its floor, and a load run.

Environment: ``MANDATES_BENCH_DATABASES`` (``sqlite,postgresql``), ``MANDATES_BENCH_SCALES``
(``1,20``), ``MANDATES_BENCH_LOAD`` (``1``: the load run on PostgreSQL at the largest scale),
``MANDATES_BENCH_SERVERS`` (``gunicorn,granian``), ``MANDATES_BENCH_ONLY`` (a workload name part),
``MANDATES_BENCH_SKIP`` (workload name parts, comma-separated, left out),
``MANDATES_BENCH_REUSE`` (``1``: keep one database per list of scales — a SQLite file and a database
on the benchmark's PostgreSQL server — filled once and measured again after a change; the server
is left running), ``MANDATES_BENCH_FILL_ONLY`` (``1``: fill, measure nothing),
``MANDATES_BENCH_FIRST_SCALE_ONLY`` (workloads measured at the first scale only: by default the
sample imports, the IATI files, the Word and PDF reports, the Excel export and the ERP import — see
``measure.FIRST_SCALE_ONLY``).
The databases are filled side by side and measured one after the other (see ``stages``); the
table starts with how long each phase took and the load average during it.
Prints one table and writes it with the raw results under ``var/bench/``. Exit status 1 when a
target does not hold.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .table import render

ROOT = Path(__file__).resolve().parents[3]
VAR = Path(os.environ.get("MANDATES_VAR_DIR", ROOT / "var")) / "bench"
PG_PORT = os.environ.get("MANDATES_BENCH_PG_PORT", "54339")


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(extra)
    return env


def _postgres(action: str) -> str:
    script = ROOT / "scripts" / "test-postgres"
    done = subprocess.run([str(script), action], env=_env(MANDATES_TEST_PG_PORT=PG_PORT), check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


REUSE = os.environ.get("MANDATES_BENCH_REUSE", "0") == "1"
FILL_ONLY = os.environ.get("MANDATES_BENCH_FILL_ONLY", "0") == "1"


def _database_name(scales: str) -> str:
    return "mandates_n" + scales.replace(",", "_")


def _url(database: str, scales: str) -> str:
    """The database to fill: a fresh one unless ``MANDATES_BENCH_REUSE`` keeps one per list of scales."""
    if database == "sqlite":
        path = VAR / (f"bench-{_database_name(scales)}.sqlite3" if REUSE else "bench.sqlite3")
        if not REUSE:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if REUSE:
        url = _postgres("start")  # the running server is kept; one database per list of scales
        name = _database_name(scales)
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return url.rsplit("/", 1)[0] + "/" + name
    _postgres("stop")
    return _postgres("start")


def _measure_command(database: str, upto: list[str], results: Path, only: str, *, fill: bool) -> list[str]:
    command = [sys.executable, "-m", "mandates.benchmarks.measure", "--scales", ",".join(upto), "--out",
               str(results), "--only", only, "--reuse"]
    return command + (["--fill-only"] if fill else ["--measure-scale", upto[-1]])


def stages(databases: list[str], scales: str, results: Path, only: str) -> dict[str, str]:
    """Fill every database to each scale side by side, then measure them one after the other.

    The fills overlap (PostgreSQL's fill waits on its server most of the time, SQLite's on Python),
    the measurements never do: each workload and its floor run alone. N=20 grows the database that
    was measured at N=1 by 19 units; nothing is filled twice.
    """
    urls = {database: _url(database, scales) for database in databases}
    upto = []
    for scale in [s for s in scales.split(",") if s]:
        upto.append(scale)
        print(f"== filling {', '.join(databases)} to N={scale} side by side (load {os.getloadavg()[0]:.1f}) ==",
              flush=True)
        fills = [subprocess.Popen(_measure_command(d, upto, results, only, fill=True),
                                  env=_env(DATABASE_URL=urls[d], MANDATES_BENCH_DATABASE=d)) for d in databases]
        if any(process.wait() for process in fills):
            raise RuntimeError("a fill failed (see above)")
        if FILL_ONLY:
            continue
        for database in databases:
            print(f"== {database}: measuring at N={scale} (load {os.getloadavg()[0]:.1f}) ==", flush=True)
            subprocess.run(_measure_command(database, upto, results, only, fill=False),
                           env=_env(DATABASE_URL=urls[database], MANDATES_BENCH_DATABASE=database), check=True)
    return urls


def main() -> int:
    databases = [d for d in os.environ.get("MANDATES_BENCH_DATABASES", "sqlite,postgresql").split(",") if d]
    scales = os.environ.get("MANDATES_BENCH_SCALES", "1,20")
    only = os.environ.get("MANDATES_BENCH_ONLY", "")
    VAR.mkdir(parents=True, exist_ok=True)
    results = VAR / os.environ.get("MANDATES_BENCH_RESULTS", "results.jsonl")
    results.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        urls = stages(databases, scales, results, only)
        if "postgresql" in databases and os.environ.get("MANDATES_BENCH_LOAD", "1") == "1" and not FILL_ONLY:
            from .load import load_runs

            began = time.perf_counter()
            with open(results, "a", encoding="utf-8") as handle:
                for row in load_runs(urls["postgresql"],
                                     servers=os.environ.get("MANDATES_BENCH_SERVERS", "gunicorn,granian")):
                    handle.write(json.dumps(row) + "\n")
                handle.write(json.dumps({"event": "load run", "database": "postgresql",
                                         "seconds": round(time.perf_counter() - began, 1),
                                         "load": round(os.getloadavg()[0], 1)}) + "\n")
    finally:
        if "postgresql" in databases and not REUSE:
            _postgres("stop")
    rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    text, ok = render(rows, machine=_machine(), seconds=time.perf_counter() - started)
    (VAR / "table.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok else 1


def _machine() -> str:
    cores = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0
    return f"{cores} cores, {mem:.0f} GiB, Python {sys.version.split()[0]}"


if __name__ == "__main__":
    sys.exit(main())
