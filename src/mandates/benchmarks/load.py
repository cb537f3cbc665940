"""The load run: 20 concurrent clients for 30 s against the production server on 127.0.0.1.

For each server (gunicorn and granian, same worker and thread counts), Mandates is started on the
benchmark's PostgreSQL database with production settings, then locust (headless) runs the main
pages (``MainPages``) and then the trivial endpoint (``Trivial``): p50/p95 latency and throughput
of each, so that the main pages are read against the framework's floor on the same server.
"""
from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
USERS = int(os.environ.get("MANDATES_BENCH_USERS", "20"))
SECONDS = int(os.environ.get("MANDATES_BENCH_SECONDS", "30"))
WORKERS = os.environ.get("MANDATES_WEB_WORKERS", str((os.cpu_count() or 1) * 2))
THREADS = os.environ.get("MANDATES_WEB_THREADS", "4")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_command(server: str, port: int) -> list[str]:
    bin_dir = Path(sys.executable).parent
    if server == "granian":
        return [str(bin_dir / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                "--workers", WORKERS, "--blocking-threads", THREADS, "--no-ws", "mandates.wsgi:application"]
    return [str(bin_dir / "gunicorn"), "mandates.wsgi", "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null"]


def _wait(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer {url}")


def _locust(host: str, user_class: str) -> dict:
    prefix = Path(tempfile.mkdtemp()) / "run"
    subprocess.run([str(Path(sys.executable).parent / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
                    "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", host, "--csv", str(prefix),
                    "--only-summary", "--loglevel", "WARNING", user_class],
                   check=False, capture_output=True, timeout=SECONDS + 120)
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {r["Name"]: r for r in csv.DictReader(handle)}
    total = rows.pop("Aggregated")
    failures = int(total["Failure Count"])
    per_page = {name: {"p50_ms": float(r["50%"]), "p95_ms": float(r["95%"]), "requests": int(r["Request Count"])}
                for name, r in rows.items() if name not in ("login", "login page")}
    return {"p50_ms": float(total["50%"]), "p95_ms": float(total["95%"]), "rps": float(total["Requests/s"]),
            "requests": int(total["Request Count"]), "failures": failures, "pages": per_page}


def load_runs(database_url: str, servers: str = "gunicorn,granian"):
    env = {**os.environ, "DATABASE_URL": database_url, "MANDATES_DEBUG": "0", "MANDATES_STATIC_MANIFEST": "1", "MANDATES_HTTPS": "0",
           "MANDATES_SECRET_KEY": os.environ.get("MANDATES_SECRET_KEY", "bench-only-" + "x" * 40),
           "MANDATES_CONN_MAX_AGE": "60", "MANDATES_PAGE_CACHE": "1",
           "MANDATES_CACHE_DIR": os.environ.get("MANDATES_CACHE_DIR", tempfile.mkdtemp(prefix="mandates-cache-")), "MANDATES_WEB_WORKERS": WORKERS, "MANDATES_WEB_THREADS": THREADS}
    subprocess.run([str(Path(sys.executable).parent / "mandates"), "collectstatic", "--noinput", "-v0"], env=env,
                   check=True)
    for server in [s for s in servers.split(",") if s]:
        port = _free_port()
        process = subprocess.Popen(_server_command(server, port), env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            host = f"http://127.0.0.1:{port}"
            _wait(f"{host}/health/")
            for user_class, label in (("MainPages", "main pages"), ("Trivial", "trivial endpoint")):
                print(f"== load run: {server}, {label}, {USERS} clients for {SECONDS} s ==", flush=True)
                yield {"event": "load", "server": server, "target": label, "users": USERS, "seconds": SECONDS,
                       **_locust(host, user_class)}
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
