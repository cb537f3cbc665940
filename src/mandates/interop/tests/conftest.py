"""Interop fixtures: the demo data set loaded once per test database, and the shared IATI folder."""
import io

import pytest
from django.core.management import call_command

from mandates.core.testing import SHARED_DIR

IATI_DIR = SHARED_DIR / "data" / "iati"
SAMPLES = IATI_DIR / "samples"


@pytest.fixture
def iati_dir():
    if not IATI_DIR.is_dir():
        pytest.skip("the shared IATI folder is not on this machine")
    return IATI_DIR


@pytest.fixture(scope="package")
def _demo_data(django_db_setup, django_db_blocker):
    """The whole demo (portfolio, finance, results), loaded once for the interop tests and flushed after them."""
    quiet = io.StringIO()
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0, stdout=quiet)
        call_command("load_demo", verbosity=0, stdout=quiet)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo_data, db):
    """The demo data; each test's changes are rolled back."""
    from mandates.people.models import User

    return {"admin": User.objects.get(username="admin")}
