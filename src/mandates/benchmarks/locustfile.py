"""The load run of ``make bench``: the office and the public reading Mandates at once.

``Staff`` users sign in as the demo people in turn (administrator, planning officer, two programme
managers, finance, a reader and a Member State reader: each sees what the permission matrix lets
them see, and each has their own kept pages in the page cache) and read the main pages and API
endpoints with varied filters, dates and ids. ``PortalVisitor`` users are anonymous and read the
public portal and the open-data page. ``Trivial`` asks ``/health/live/`` (no database, no session):
the same server's floor.

**The measured window starts when every user has signed in** (Argon2 is deliberately slow, and a
sign-in is not a page) and has found which pages its person may open: then the statistics are
reset and the run lasts ``MANDATES_BENCH_SECONDS``. At its end the summary — p50/p95 and requests
per page, throughput, failures, and the share of answers served from the page cache (the
``X-Mandates-Page-Cache`` header) — is written to ``MANDATES_LOAD_OUT`` as JSON and locust stops.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import Counter, defaultdict

import gevent
from gevent.lock import Semaphore
from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("MANDATES_BENCH_PASSWORD", "mandates-demo")
PEOPLE = os.environ.get("MANDATES_BENCH_PEOPLE",
                        "admin,planner,pm.nairobi,pm.vienna,finance,reader,kenya").split(",")
SECONDS = int(os.environ.get("MANDATES_BENCH_SECONDS", "30"))
VISITORS = int(os.environ.get("MANDATES_BENCH_VISITORS", "5"))
OUT = os.environ.get("MANDATES_LOAD_OUT", "")
# CPU spent by the application server (its process group) and by the database server (the
# postmaster's processes) during the window: per request, it does not depend on what else the
# machine runs, unlike latency and throughput.
SERVER_PGID = int(os.environ.get("MANDATES_LOAD_SERVER_PGID", "0"))
DB_PID = int(os.environ.get("MANDATES_LOAD_DB_PID", "0"))
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: str) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _cpu_seconds() -> dict[str, float]:
    """utime+stime of the server's process group, and of the database server with its children."""
    app = db = 0.0
    if not (SERVER_PGID or DB_PID) or not os.path.isdir("/proc"):
        return {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        fields = _stat(pid)
        if fields is None:
            continue
        ticks = int(fields[11]) + int(fields[12])
        if SERVER_PGID and int(fields[2]) == SERVER_PGID:
            app += ticks
        if DB_PID and (int(pid) == DB_PID or int(fields[1]) == DB_PID):
            db += ticks + (int(fields[13]) + int(fields[14]) if int(pid) == DB_PID else 0)
    return {"app": app / _TICK, "db": db / _TICK}

STATUSES = ["in_implementation", "approved", "completed", "closed", "suspended"]
REGIONS = ["002", "014", "142", "150", "419", "145"]
COUNTRIES = ["KEN", "AFG", "COL", "NGA", "MEX", "PAK", "VNM", "BRA"]
WORDS = ["drug", "crime", "prison", "border", "justice", "corruption"]
DATES = ["1995-12-31", "2003-06-30", "2006-01-01", "2009-05-31", "2011-12-31"]
BIENNIA = ["2008-2009", "2010-2011"]

# One URL of each kind of page that not everyone may open, probed once per person before the
# window (under a query string the load never asks, so that no kept page is warmed): only the kinds
# the person may open are read, so that a refusal the permission matrix intends is not a failure.
STAFF_PROBES = {
    "fund overview": "/finance/?biennium=2010-2011&probe=1",
    "implementation plan": "/results/plan/?period=probe",
    "funds API": "/api/v1/finance/funds?biennium=2010-2011&probe=1",
}
_people = itertools.count()
_known: dict[str, dict] = {}
_locks: defaultdict[str, Semaphore] = defaultdict(Semaphore)
_window = {"ready": 0, "started": None, "hits": defaultdict(Counter), "cpu": {}}


def _mark_ready(environment) -> None:
    _window["ready"] += 1
    if _window["ready"] == environment.parsed_options.num_users and _window["started"] is None:
        environment.runner.stats.reset_all()
        _window["hits"].clear()
        _window["started"] = time.monotonic()
        _window["cpu"] = _cpu_seconds()
        gevent.spawn_later(SECONDS, _finish, environment)


def _finish(environment) -> None:
    elapsed = time.monotonic() - _window["started"]
    cpu = {k: v - _window["cpu"][k] for k, v in _cpu_seconds().items()}
    stats = environment.runner.stats
    pages = {}
    for (name, _method), entry in sorted(stats.entries.items()):
        if not entry.num_requests:
            continue
        served = _window["hits"][name]
        pages[name] = {"p50_ms": entry.get_response_time_percentile(0.5),
                       "p95_ms": entry.get_response_time_percentile(0.95), "requests": entry.num_requests,
                       "failures": entry.num_failures, "cache_hits": served["hit"]}
    total = stats.total
    hits = sum(c["hit"] for c in _window["hits"].values())
    summary = {"p50_ms": total.get_response_time_percentile(0.5), "p95_ms": total.get_response_time_percentile(0.95),
               "rps": total.num_requests / elapsed, "requests": total.num_requests, "failures": total.num_failures,
               "seconds": round(elapsed, 1), "cache_hit_share": hits / total.num_requests if total.num_requests else 0,
               "pages": pages}
    if cpu and total.num_requests:
        summary.update({f"{k}_cpu_ms_per_request": 1000 * v / total.num_requests for k, v in cpu.items()})
    if OUT:
        with open(OUT, "w", encoding="utf-8") as handle:
            json.dump(summary, handle)
    environment.runner.quit()


@events.request.add_listener
def _count_cache(name, response=None, exception=None, **_kwargs):
    if _window["started"] is not None and response is not None and exception is None:
        _window["hits"][name][response.headers.get("X-Mandates-Page-Cache", "none")] += 1


class Staff(HttpUser):
    """A signed-in member of the office (one of ``PEOPLE`` in turn)."""

    wait_time = between(0, 0)

    def on_start(self):
        try:
            self.person = PEOPLE[next(_people) % len(PEOPLE)]
            page = self.client.get("/accounts/login/", name="sign-in page")
            self.client.post("/accounts/login/", {"username": self.person, "password": PASSWORD,
                                                  "csrfmiddlewaretoken": page.cookies.get("csrftoken", "")},
                             headers={"Referer": f"{self.host}/accounts/login/"}, name="sign-in")
            with _locks[self.person]:
                if self.person not in _known:
                    _known[self.person] = self._discover()
            self.known = _known[self.person]
        finally:
            _mark_ready(self.environment)

    def _discover(self) -> dict:
        projects = self.client.get("/api/v1/projects?page_size=500", name="discover").json().get("results", [])
        programmes = self.client.get("/api/v1/programmes?page_size=200", name="discover").json().get("results", [])
        allowed = {kind for kind, url in STAFF_PROBES.items()
                   if self.client.get(url, name="discover", allow_redirects=False).status_code not in (302, 403)}
        return {"projects": [p["id"] for p in projects], "programmes": [p["id"] for p in programmes],
                "allowed": allowed}

    def _get(self, url: str, name: str):
        self.client.get(url, name=name)

    @task(2)
    def home(self):
        self._get("/", "/ (dashboard)")

    @task(4)
    def project_list(self):
        choice = random.choice([f"status={random.choice(STATUSES)}", f"region={random.choice(REGIONS)}",
                                f"country={random.choice(COUNTRIES)}", f"q={random.choice(WORDS)}", "ending=180",
                                "", "page=2"])
        self._get(f"/projects/?{choice}", "/projects/?<filter>")

    @task(6)
    def project(self):
        if self.known["projects"]:
            self._get(f"/projects/{random.choice(self.known['projects'])}/", "/projects/<id>/")

    @task(1)
    def programme(self):
        if self.known["programmes"]:
            self._get(f"/programmes/{random.choice(self.known['programmes'])}/", "/programmes/<id>/")

    @task(1)
    def strategy(self):
        self._get("/strategy/", "/strategy/")

    @task(2)
    def treaties(self):
        self._get(f"/treaties/?as_of={random.choice(DATES)}", "/treaties/?as_of=<date>")

    @task(1)
    def fund_overview(self):
        if "fund overview" in self.known["allowed"]:
            self._get(f"/finance/?biennium={random.choice(BIENNIA)}", "/finance/ (fund overview)")

    @task(1)
    def plan(self):
        if "implementation plan" in self.known["allowed"]:
            self._get("/results/plan/?period=2008-2011", "/results/plan/")

    @task(2)
    def projects_api(self):
        choice = random.choice([f"status={random.choice(STATUSES)}", f"country={random.choice(COUNTRIES)}",
                                "page=2", ""])
        self._get(f"/api/v1/projects?page_size=50&{choice}", "/api/v1/projects?<filter>")

    @task(1)
    def programmes_api(self):
        self._get("/api/v1/programmes", "/api/v1/programmes")

    @task(1)
    def results_api(self):
        self._get("/api/v1/strategy/results?period=2008-2011", "/api/v1/strategy/results")

    @task(1)
    def treaties_api(self):
        self._get(f"/api/v1/treaties/instruments?as_of={random.choice(DATES)}", "/api/v1/treaties/instruments")

    @task(1)
    def funds_api(self):
        if "funds API" in self.known["allowed"]:
            self._get(f"/api/v1/finance/funds?biennium={random.choice(BIENNIA)}", "/api/v1/finance/funds")


_COUNTRY_LINK = re.compile(r"/open/countries/([A-Z]{3})/")
_PROJECT_LINK = re.compile(r"/open/projects/([^/\"?#]+)/")


class PortalVisitor(HttpUser):
    """Anyone on the public portal: no account, published records only."""

    fixed_count = VISITORS
    wait_time = between(0, 0)

    def on_start(self):
        try:
            with _locks["(portal)"]:
                if "(portal)" not in _known:
                    overview = self.client.get("/open/", name="discover").text
                    listing = self.client.get("/open/projects/", name="discover").text
                    _known["(portal)"] = {"countries": sorted(set(_COUNTRY_LINK.findall(overview + listing)))
                                          or COUNTRIES,
                                          "projects": sorted(set(_PROJECT_LINK.findall(listing)))}
            self.known = _known["(portal)"]
        finally:
            _mark_ready(self.environment)

    @task(3)
    def overview(self):
        self.client.get("/open/", name="/open/ (portal overview)")

    @task(3)
    def country(self):
        self.client.get(f"/open/countries/{random.choice(self.known['countries'])}/", name="/open/countries/<iso3>/")

    @task(2)
    def projects(self):
        choice = random.choice(["", f"country={random.choice(self.known['countries'])}", "year=2010"])
        self.client.get(f"/open/projects/?{choice}", name="/open/projects/?<filter>")

    @task(2)
    def project(self):
        if self.known["projects"]:
            self.client.get(f"/open/projects/{random.choice(self.known['projects'])}/", name="/open/projects/<code>/")

    @task(1)
    def open_data(self):
        self.client.get("/open-data/", name="/open-data/")


class Trivial(HttpUser):
    wait_time = between(0, 0)

    def on_start(self):
        _mark_ready(self.environment)

    @task
    def live(self):
        self.client.get("/health/live/", name="/health/live/")
