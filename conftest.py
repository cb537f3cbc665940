"""Shared test fixtures: reference data, a small organisation, one user per role, browser setup."""
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests log people in many times; a slow hash buys nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _jobs_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("jobs")


@pytest.fixture(autouse=True)
def _jobs_run_immediately(settings, _jobs_dir):
    """Background jobs run inside the request in tests (django-tasks' immediate backend); their
    files go to a temporary folder and their live progress to memory. Tests that exercise the
    real worker set ``settings.TASKS`` back to the database backend."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JOBS_DIR = _jobs_dir
    settings.CACHES = {**settings.CACHES,
                       "jobs": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "jobs"}}


@pytest.fixture
def m49(db):
    """The UN M49 countries and areas, loaded from the shipped data file."""
    from mandates.geography.services import load_m49

    load_m49()


@pytest.fixture
def units(db, m49):
    """A small organisation tree: HQ > Division for Operations > two branches; a regional office with a country office."""
    from mandates.geography.models import Country
    from mandates.organisation.services import create_work_unit

    hq = create_work_unit(by=None, code="HQ", name="Headquarters", kind="office", location="Vienna")
    dio = create_work_unit(by=None, parent=hq, code="DO", name="Division for Operations", kind="division")
    jus = create_work_unit(by=None, parent=dio, code="DO-JUS", name="Justice Section", kind="section")
    ocb = create_work_unit(by=None, parent=dio, code="DO-OCB", name="Organized Crime Branch", kind="branch")
    roea = create_work_unit(
        by=None, parent=hq, code="ROEA", name="Regional Office for Eastern Africa", kind="regional_office",
        location="Nairobi", country=Country.objects.get(iso3="KEN"),
    )
    coke = create_work_unit(by=None, parent=roea, code="ROEA-SOM", name="Somalia programme office",
                            kind="programme_office", country=Country.objects.get(iso3="SOM"))
    return {"HQ": hq, "DO": dio, "DO-JUS": jus, "DO-OCB": ocb, "ROEA": roea, "ROEA-SOM": coke}


@pytest.fixture
def users(db, units):
    """One user per role (password ``pass-word-123``), keyed by role name."""
    from mandates.geography.models import Country
    from mandates.people.services import create_user

    password = "pass-word-123"
    made = {
        "administrator": create_user(username="admin", password=password, role="administrator", is_staff=True,
                                     is_superuser=True),
        "planning_officer": create_user(username="planner", password=password, role="planning_officer"),
        "programme_manager": create_user(username="pm", password=password, role="programme_manager",
                                         work_unit=units["ROEA"]),
        "programme_manager_hq": create_user(username="pm-hq", password=password, role="programme_manager",
                                            work_unit=units["DO-JUS"]),
        "finance_officer": create_user(username="finance", password=password, role="finance_officer"),
        "reader": create_user(username="reader", password=password, role="reader"),
        "member_state_reader": create_user(username="kenya", password=password, role="member_state_reader",
                                           country=Country.objects.get(iso3="KEN")),
    }
    return made


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless, with no calls to the outside world."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request in French activates French in this thread: the next test starts in the default language again."""
    yield
    from django.utils import translation

    translation.deactivate()
