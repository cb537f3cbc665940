"""The load run of ``make bench``: people reading the main pages and API endpoints at once.

``MainPages`` signs in as the demo reader and reads the pages and endpoints people use most;
``Trivial`` asks ``/health/live/`` (no database, no session) — the same server's floor. The
orchestrator runs each class alone, 20 users for 30 s, headless.
"""
import os
import random

from locust import HttpUser, between, task

PASSWORD = os.environ.get("MANDATES_BENCH_PASSWORD", "mandates-demo")


class MainPages(HttpUser):
    wait_time = between(0, 0)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = page.cookies.get("csrftoken", "")
        self.client.post("/accounts/login/", {"username": "reader", "password": PASSWORD,
                                              "csrfmiddlewaretoken": token},
                         headers={"Referer": f"{self.host}/accounts/login/"}, name="login")
        self.project_ids = [p["id"] for p in self.client.get("/api/v1/projects?page_size=50",
                                                               name="/api/v1/projects").json().get("results", [])]

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(3)
    def projects(self):
        self.client.get("/projects/?status=in_implementation", name="/projects/?status")

    @task(3)
    def project(self):
        if self.project_ids:
            self.client.get(f"/projects/{random.choice(self.project_ids)}/", name="/projects/<id>/")

    @task(2)
    def strategy(self):
        self.client.get("/strategy/", name="/strategy/")

    @task(2)
    def treaties(self):
        self.client.get("/treaties/?as_of=2009-05-31", name="/treaties/")

    @task(2)
    def projects_api(self):
        self.client.get("/api/v1/projects?page_size=50", name="/api/v1/projects")

    @task(1)
    def results_api(self):
        self.client.get("/api/v1/strategy/results?period=2008-2011", name="/api/v1/strategy/results")


class Trivial(HttpUser):
    wait_time = between(0, 0)

    @task
    def live(self):
        self.client.get("/health/live/", name="/health/live/")
