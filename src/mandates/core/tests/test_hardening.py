"""Production defaults (issue 14): no DEBUG or built-in key unless asked, check --deploy clean,
Argon2, login lock-out, a Content-Security-Policy without inline script, JSON 413 on the API,
SQLite that lets parallel writers wait instead of failing."""
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.urls import reverse

PACKAGE = Path(settings.PACKAGE_DIR)


def _run_manage(*args, **env):
    base = {k: v for k, v in os.environ.items()
            if k not in {"MANDATES_SECRET_KEY", "MANDATES_DEBUG", "MANDATES_HTTPS", "DJANGO_SETTINGS_MODULE",
                          "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    base["DJANGO_SETTINGS_MODULE"] = "mandates.settings"
    return subprocess.run([sys.executable, "-m", "mandates.manage", *args], env={**base, **env},
                          capture_output=True, text=True, timeout=120, check=False)


def test_production_refuses_to_start_without_a_secret_key():
    done = _settings_values()
    assert done.returncode != 0
    assert "MANDATES_SECRET_KEY is not set" in done.stderr


def test_production_settings_pass_check_deploy_without_a_warning():
    done = _run_manage("check", "--deploy", "--fail-level", "WARNING",
                       MANDATES_SECRET_KEY="a-long-random-production-key-" + "Zq8" * 20)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def _settings_values(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("MANDATES_")}
    script = "import mandates.settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE)"
    return subprocess.run([sys.executable, "-c", script], env={**base, **env}, capture_output=True, text=True, check=False,
                          timeout=60)


def test_debug_is_on_only_when_asked():
    off = _settings_values(MANDATES_SECRET_KEY="k" * 60)
    on = _settings_values(MANDATES_DEBUG="1")
    assert off.stdout.split() == ["False", "True"], off.stderr
    assert on.stdout.split() == ["True", "False"], on.stderr


def test_passwords_are_hashed_with_argon2():
    import mandates.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert Argon2PasswordHasher().encode("pass-word-123", "saltsaltsalt").startswith("argon2$argon2id$")


def test_the_login_page_locks_an_account_after_five_wrong_passwords(client, users):
    url = reverse("people:login")
    for _ in range(5):
        answer = client.post(url, {"username": "planner", "password": "wrong"})
        assert answer.status_code in (200, 429)
    locked = client.post(url, {"username": "planner", "password": "pass-word-123"})
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    other = client.post(url, {"username": "reader", "password": "pass-word-123"})
    assert other.status_code == 302


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    answer = client.get("/")
    policy = answer["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    style_src = re.search(r"style-src ([^;]*)", policy).group(1)
    assert "unsafe-inline" not in style_src


def test_no_template_has_inline_script_or_event_handler_attributes():
    offenders = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template}: {tag}")
        offenders += [f"{template}: {m}" for m in re.findall(r"<[^>]*\son[a-z]+\s*=", text)]
        # Inline styles are refused by the policy too (style-src 'self'); the PDF's template is only
        # rendered to paper by WeasyPrint, never served.
        if template.name != "pdf.html":
            offenders += [f"{template}: {m}" for m in re.findall(r"<[^>]*\sstyle\s*=|<style\b", text)]
    assert offenders == []


def test_an_api_body_over_the_limit_gets_a_json_413(client, users, settings):
    settings.MANDATES_API_MAX_BODY = 1000
    client.force_login(users["administrator"])
    answer = client.post("/api/v1/projects/", data="x" * 5000, content_type="application/json")
    assert answer.status_code == 413
    assert answer["Content-Type"].startswith("application/json")
    assert "limit is 1000 bytes" in answer.json()["detail"]


def test_sqlite_lets_80_parallel_writers_wait_instead_of_failing(tmp_path, django_db_blocker):
    """The embedded database with the shipped options (WAL, busy timeout, immediate transactions):
    80 threads each read-then-write in a transaction of their own; none answers "database is
    locked", none is lost."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    import mandates.settings as shipped

    path = tmp_path / "parallel.sqlite3"

    def wrapper():
        config = {**connections["default"].settings_dict, "ENGINE": "django.db.backends.sqlite3",
                  "NAME": str(path), "OPTIONS": dict(shipped.SQLITE_OPTIONS), "TEST": {},
                  "HOST": "", "PORT": "", "USER": "", "PASSWORD": ""}
        return DatabaseWrapper(config, alias="parallel")

    with django_db_blocker.unblock():
        _parallel_writes(wrapper)


def _parallel_writes(wrapper):
    setup = wrapper()
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    setup.close()
    errors = []

    def write(i):
        db = wrapper()
        try:
            with db.cursor() as cursor:
                db.set_autocommit(False)
                cursor.execute("SELECT count(*) FROM t")
                count = cursor.fetchone()[0]
                cursor.execute("INSERT INTO t (n) VALUES (%s)", [count + i])
                db.commit()
        except Exception as exc:  # noqa: BLE001 - the test counts every failure
            errors.append(repr(exc))
        finally:
            db.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(80)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    check = wrapper()
    with check.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM t")
        assert cursor.fetchone()[0] == 80
    check.close()
