"""The load run: 20 concurrent clients for 30 s against the production server on 127.0.0.1.

For each server (gunicorn and granian, same worker and thread counts), Mandates is started on the
benchmark's PostgreSQL database with production settings, then locust (headless) runs the main
pages (``MainPages``) and then the trivial endpoint (``Trivial``): p50/p95 latency and throughput
of each, so that the main pages are read against the framework's floor on the same server.
"""
from __future__ import annotations

import json
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
WORKER_CLASS = os.environ.get("MANDATES_WEB_WORKER_CLASS", "gthread")
WARM_UP_LIMIT = 300  # seconds allowed for the sign-ins before the measured window


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


def _database_pid(database_url: str) -> int:
    """The PostgreSQL postmaster's process id when the server runs on this machine (else 0)."""
    if not database_url.startswith("postgres"):
        return 0
    try:
        import psycopg

        with psycopg.connect(database_url) as conn:
            folder = conn.execute("SHOW data_directory").fetchone()[0]
        return int((Path(folder) / "postmaster.pid").read_text().split()[0])
    except Exception:  # noqa: BLE001 - a remote server or no right to read its folder: no database CPU
        return 0


def _locust(host: str, user_classes: list[str], server_pgid: int = 0, database_pid: int = 0) -> dict:
    """One headless locust run; its measured window starts once every client has signed in (locustfile)."""
    out = Path(tempfile.mkdtemp()) / "summary.json"
    env = {**os.environ, "MANDATES_LOAD_OUT": str(out), "MANDATES_BENCH_SECONDS": str(SECONDS),
           "MANDATES_LOAD_SERVER_PGID": str(server_pgid), "MANDATES_LOAD_DB_PID": str(database_pid)}
    done = subprocess.run([str(Path(sys.executable).parent / "locust"), "-f", str(HERE / "locustfile.py"),
                           "--headless", "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS + WARM_UP_LIMIT}s",
                           "--host", host, "--only-summary", "--loglevel", "WARNING", *user_classes],
                          env=env, check=False, capture_output=True, text=True, timeout=SECONDS + WARM_UP_LIMIT + 60)
    if not out.exists():
        raise RuntimeError(f"locust wrote no summary (sign-ins not done within {WARM_UP_LIMIT} s?): "
                           f"{done.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def load_runs(database_url: str, servers: str = "gunicorn,granian"):
    """Each server in turn, with a cache of its own (one server's warm cache never serves the next)."""
    env = {**os.environ, "DATABASE_URL": database_url, "MANDATES_DEBUG": "0", "MANDATES_STATIC_MANIFEST": "1",
           "MANDATES_HTTPS": "0",
           "MANDATES_SECRET_KEY": os.environ.get("MANDATES_SECRET_KEY", "bench-only-" + "x" * 40),
           "MANDATES_CONN_MAX_AGE": os.environ.get("MANDATES_CONN_MAX_AGE", "60"),
           "MANDATES_PAGE_CACHE": os.environ.get("MANDATES_PAGE_CACHE", "1"),
           "MANDATES_WEB_WORKERS": WORKERS, "MANDATES_WEB_THREADS": THREADS,
           "MANDATES_WEB_WORKER_CLASS": WORKER_CLASS}
    subprocess.run([str(Path(sys.executable).parent / "mandates"), "collectstatic", "--noinput", "-v0"], env=env,
                   check=True)
    database_pid = _database_pid(database_url)
    for server in [s for s in servers.split(",") if s]:
        port = _free_port()
        server_env = {**env, "MANDATES_CACHE_DIR": os.environ.get("MANDATES_CACHE_DIR")
                      or tempfile.mkdtemp(prefix=f"mandates-cache-{server}-")}
        log = open(Path(tempfile.gettempdir()) / f"mandates-load-{server}.log", "wb")  # noqa: SIM115 - closed below
        process = subprocess.Popen(_server_command(server, port), env=server_env, stdout=log, stderr=log,
                                   start_new_session=True)
        try:
            host = f"http://127.0.0.1:{port}"
            _wait(f"{host}/health/")
            for user_classes, label in ((["Staff", "PortalVisitor"], "main pages"), (["Trivial"], "trivial endpoint")):
                print(f"== load run: {server}, {label}, {USERS} clients for {SECONDS} s ==", flush=True)
                yield {"event": "load", "server": server, "target": label, "users": USERS, "seconds": SECONDS,
                       "workers": WORKERS, "threads": THREADS, "worker_class": WORKER_CLASS if server == "gunicorn" else "",
                       **_locust(host, user_classes, process.pid, database_pid)}
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.close()
