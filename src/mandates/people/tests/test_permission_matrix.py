"""The permission walk: every URL of the project, for every role (the public included), answers as the
permission matrix (``people/data/permission_matrix.csv`` through ``people.permissions``) says.

- Each URL of the URL conf must have a rule in ``url_rules.py``; a new URL without one fails here.
- For a URL about one record, each role asks for an "A" record and a "B" record (``matrix_world.py``):
  allowed iff ``permissions.can(user, action, record)`` -> 200; otherwise refused (403/404, or the login
  page for an anonymous visitor), and a refused POST changes nothing.
- Every answer that is shown (pages, API, CSV/Excel/Word exports, reports, search, the portal) is searched
  for the markers of records the person may not view: unpublished records never reach the public.

The world is built once per module inside a transaction that is rolled back at the end; each test runs in
a savepoint of it.
"""
import io
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mandates.people import permissions

from .matrix_world import world_rolled_back
from .url_rules import Model, Obj, Public, Skip, rule_for

# What a marker names: the kind of record (a matrix object) and its title's suffix in matrix_world.
MARKED = {"programme": "programme", "project": "project", "indicator": "indicator", "indicator_value": "value",
          "delivery": "delivery", "contribution": "contribution", "evaluation": "evaluation",
          "lesson": "lesson", "assistance_request": "request"}
MARKER = re.compile(r"MARK[AB]-[a-z]+")
# Open pages are asked by the readers with the narrowest scopes (the others see more by design).
PUBLIC_ROLES = ("public", "member_state_reader", "donor_reader", "programme_manager")
ROLES = ("administrator", "planning_officer", "programme_manager", "programme_manager_hq", "finance_officer",
         "reader", "member_state_reader", "donor_reader", "public")


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern),
                             namespace + (f"{entry.namespace}:" if entry.namespace else ""))
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or "?"), prefix + str(entry.pattern)


def all_urls() -> list[tuple[str, str]]:
    return list(_walk(get_resolver()))


def walked() -> list[str]:
    return sorted({name for name, route in all_urls() if not isinstance(rule_for(name, route), (Skip, type(None)))})


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with world_rolled_back(django_db_blocker) as w:
        clients = {}
        for role, user in w["users"].items():
            client = Client()
            if user is not None:
                client.force_login(user)
            clients[role] = client
        w["clients"] = clients
        w["forbidden"] = {role: _forbidden_markers(w, w["users"][role]) for role in ROLES}
        yield w


def _forbidden_markers(w, user) -> set[str]:
    hidden = set()
    for kind, suffix in MARKED.items():
        for side, record in w[kind].items():
            if not permissions.can(user, "view", record):
                hidden.add(f"MARK{side}-{suffix}")
    return hidden


def body_text(response) -> str:
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row)
    if "wordprocessingml" in kind:
        from docx import Document

        document = Document(io.BytesIO(content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "pdf" in kind:
        return ""
    return content.decode("utf-8", errors="replace")


def _refused(role: str, response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return role == "public" and response.status_code == 302 and "/accounts/login/" in response["Location"]


def _check_no_leak(w, role, url, response):
    text = body_text(response)
    leaked = sorted(set(MARKER.findall(text)) & w["forbidden"][role])
    assert not leaked, f"{role} sees {leaked} on {url}"


def _url(name, kwargs, query=""):
    return reverse(name, kwargs=kwargs or None) + query


def test_every_url_has_a_rule():
    from .url_rules import API, PAGES

    names = all_urls()
    missing = [f"{name} ({route})" for name, route in names if rule_for(name, route) is None]
    assert missing == [], f"URLs without a permission rule in people/tests/url_rules.py: {missing}"
    known = {name for name, _ in names}
    stale = sorted(set(PAGES) - known) + sorted(set(API) - known)
    assert stale == [], f"rules for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", walked())
def test_walk(world, db, name):
    from auditlog.models import LogEntry

    route = dict((n, r) for n, r in all_urls())[name]
    rule = rule_for(name, route)
    answers = []
    for role in ROLES:
        client, user = world["clients"][role], world["users"][role]
        if isinstance(rule, Public):
            if role not in PUBLIC_ROLES:
                continue
            url = _url(name, rule.kwargs(world) if rule.kwargs else None, rule.query)
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            _check_no_leak(world, role, url, response)
        elif isinstance(rule, Model):
            url = _url(name, rule.kwargs, rule.query)
            allowed = permissions.scope(user, rule.kind, rule.action) != "none"
            response = client.get(url)
            answers.append((role, url, allowed, response.status_code, _refused(role, response)))
            if response.status_code == 200:
                _check_no_leak(world, role, url, response)
        elif isinstance(rule, Obj):
            for side in "AB":
                kwargs = rule.kwargs(world, side)
                if kwargs is None:
                    continue
                url = _url(name, kwargs, rule.query)
                record = world[rule.kind][side] if rule.kind in world and side in world[rule.kind] else None
                allowed = permissions.can(None if rule.public else user, rule.action,
                                          record if record is not None else _model(rule.kind))
                if rule.method == "post":
                    if allowed:
                        continue  # the write itself is each domain's own test
                    before = LogEntry.objects.count()
                    response = client.post(url, {})
                    assert _refused(role, response), (role, url, response.status_code)
                    assert LogEntry.objects.count() == before, (role, url, "a refused POST wrote")
                    continue
                response = client.get(url)
                answers.append((role, url, allowed, response.status_code, _refused(role, response)))
                if response.status_code == 200:
                    _check_no_leak(world, role, url, response)
    wrong = [(role, url, "allowed" if allowed else "refused", status)
             for role, url, allowed, status, refused in answers if (status != 200 if allowed else not refused)]
    assert wrong == [], f"answers that differ from the matrix: {wrong}"


def _model(kind):
    return next(policy.model for policy in permissions._registry.values() if policy.name == kind)


def test_admin_is_staff_only(world, db):
    for role in ROLES:
        response = world["clients"][role].get("/admin/auditlog/logentry/")
        if role == "administrator":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], role
