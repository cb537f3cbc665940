"""Interop fixtures: the demo data set loaded once per test database, and the shared IATI folder."""
import io

import pytest
from django.core.management import call_command

from mandates.core.testing import SHARED_DIR

IATI_DIR = SHARED_DIR / "data" / "iati"
SAMPLES = IATI_DIR / "samples"
MIXED_SOURCE = SAMPLES / "who-argentina_XM-DAC-928.xml"  # 1.7 MB, IATI 2.03, every activity schema-valid


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


@pytest.fixture
def mixed(tmp_path):
    """The real file with an activity the schema refuses at its start and its first activity repeated at its end (a
    duplicate identifier): above ``parallel.MIN_BYTES``, with activities stored, stored with a rule error, and refused."""
    from mandates.interop import parallel

    if not MIXED_SOURCE.is_file():
        pytest.skip("the shared IATI samples are not on this machine")
    text = MIXED_SOURCE.read_text(encoding="utf-8")
    start = text.index("<iati-activity ")
    end = text.index("</iati-activity>", start) + len("</iati-activity>")
    first = text[start:end]
    bad = first.replace("</iati-identifier>", "-BAD</iati-identifier><not-an-iati-element/>", 1)
    closing = text.rindex("</iati-activities>")
    path = tmp_path / "mixed.xml"
    # and a budget ending before it starts in the first activity: a rule error, stored with the activity
    body = text[start:closing].replace('<period-end iso-date="2016-03-31" />', '<period-end iso-date="2015-03-31" />', 1)
    path.write_text(text[:start] + bad + "\n" + body + first + "\n" + text[closing:], encoding="utf-8")
    assert path.stat().st_size > parallel.MIN_BYTES
    return path
