"""The checks in a second process (``interop.parallel``): the same import as in one process, and one process when
it cannot or should not fork. The verdicts of both routes on every shared sample are compared with the recorded
digest in ``test_findings_unchanged``."""
import io
import os

import pytest

from mandates.core.testing import SHARED_DIR
from mandates.interop import parallel, reader, rules
from mandates.interop.models import ExternalActivity, ImportRecord
from mandates.interop.services import import_file

SAMPLES = SHARED_DIR / "data" / "iati" / "samples"
pytestmark = [pytest.mark.skipif(not SAMPLES.is_dir(), reason="no shared IATI samples"),
              pytest.mark.skipif(not parallel.enabled(), reason="one CPU, or no fork: one process only")]


@pytest.fixture(autouse=True)
def idle(monkeypatch):
    """A machine whose load leaves a CPU free (``parallel.cpu_free``): the tests below run wherever the suite runs."""
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))


@pytest.fixture
def started(monkeypatch):
    """The checkers the imports started (``parallel.start`` itself, called through)."""
    made = []
    real = parallel.start

    def spy(*args, **kwargs):
        checker = real(*args, **kwargs)
        made.append(checker)
        return checker

    monkeypatch.setattr(parallel, "start", spy)
    return made


def _stored():
    return sorted(ExternalActivity.objects.values_list("identifier", "line", "fingerprint", "issues"))


def _outcome(record):
    return record.outcome, record.stored, record.refused, record.warnings, record.problems, record.reason


@pytest.mark.django_db
def test_two_processes_store_and_refuse_what_one_process_does(m49, settings, started, mixed):
    settings.IATI_IMPORT_PROCESSES = 1
    one = _outcome(import_file(mixed))
    stored = _stored()
    assert started == [None] and one[2] == 2 and one[1] > 100  # two activities refused, the others stored
    assert [p["line"] for p in one[4]] and "appears twice" in one[4][-1]["message"]
    ExternalActivity.objects.all().delete()
    settings.IATI_IMPORT_PROCESSES = 2
    two = _outcome(import_file(mixed))
    assert started[1] is not None and not started[1].process.is_alive()  # a second process, ended and reaped
    assert two == one
    assert _stored() == stored
    assert parallel.LAST_PEAK["mb"] < 50  # the checking process holds one activity at a time


@pytest.mark.django_db
def test_an_upload_runs_as_a_job_with_its_checks_in_a_second_process(demo, client, started, mixed):
    """The background job reads the uploaded file from the jobs folder (an open file: the second process reads it
    with ``pread``, without moving the job's position)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mandates.people.models import User

    client.force_login(User.objects.get(username="admin"))
    upload = SimpleUploadedFile("refusing.xml", mixed.read_bytes())
    response = client.post("/open-data/imports/", {"file": upload}, follow=True)
    assert response.status_code == 200
    record = ImportRecord.objects.get(file_name="refusing.xml")
    assert [checker is not None for checker in started] == [True]
    assert record.outcome == "done" and record.stored > 0 and record.refused > 0
    assert record.stored == ExternalActivity.objects.filter(source=record).count()


def test_bytes_in_memory_and_open_files_are_read_by_the_second_process_on_their_own(monkeypatch, mixed):
    """The forked process reads its own copy of bytes in memory, and an open file with ``pread``: the first
    process's position is never moved, so both read every activity."""
    monkeypatch.setattr(parallel, "MIN_BYTES", 0)
    data = mixed.read_bytes()
    expected = [(c.line, c.errors, c.findings) for c in reader.read(io.BytesIO(data), processes=1)
                if not isinstance(c, tuple)]
    with open(mixed, "rb") as handle:
        for source in (io.BytesIO(data), handle):
            assert [(c.line, c.errors, c.findings) for c in reader.read(source, processes=2)
                    if not isinstance(c, tuple)] == expected


def test_a_failure_in_the_second_process_stops_the_import(monkeypatch, mixed):
    """A check that fails in the second process is raised in the first (nothing is stored half-checked: the
    import's transaction is rolled back by the exception), and the second process is reaped."""
    class Failing(rules.Ruleset):
        def check(self, element, root="iati-activity"):
            raise ValueError("a rule that cannot be judged")

    checkers = []
    real = parallel.start
    monkeypatch.setattr(parallel, "start", lambda *a, **k: checkers.append(real(*a, **k)) or checkers[-1])
    with pytest.raises(RuntimeError, match="a rule that cannot be judged"):
        list(reader.read(mixed, rules_set=Failing({})))
    assert checkers[0] is not None and not checkers[0].process.is_alive()


def test_one_process_when_set_so_on_one_cpu_on_a_busy_machine_or_for_a_small_file(settings, monkeypatch, mixed):
    standard = rules.standard()
    checker = parallel.start(str(mixed), "iati-activity", "2.03", standard)
    assert checker is not None
    checker.close()
    settings.IATI_IMPORT_PROCESSES = 1
    assert parallel.start(str(mixed), "iati-activity", "2.03", standard) is None
    settings.IATI_IMPORT_PROCESSES = 2
    with monkeypatch.context() as patch:
        patch.setattr(os, "sched_getaffinity", lambda pid: {0})
        assert parallel.start(str(mixed), "iati-activity", "2.03", standard) is None
        assert parallel.start(str(mixed), "iati-activity", "2.03", standard, force=True) is None
    with monkeypatch.context() as patch:  # a busy machine: one process, unless asked for two
        patch.setattr(os, "getloadavg", lambda: (3.0, 3.0, 3.0))
        assert parallel.start(str(mixed), "iati-activity", "2.03", standard) is None
        checker = parallel.start(str(mixed), "iati-activity", "2.03", standard, force=True)
        assert checker is not None
        checker.close()
    small = SAMPLES / "unodc-related-a.xml"
    assert small.stat().st_size < parallel.MIN_BYTES
    assert parallel.start(str(small), "iati-activity", "2.03", standard) is None
    read, write = os.pipe()  # not a file a second process could read on its own
    try:
        with os.fdopen(read, "rb") as stream:
            assert parallel.start(stream, "iati-activity", "2.03", standard) is None
    finally:
        os.close(write)


def _hang():
    import time

    time.sleep(60)


def test_a_checking_process_that_sends_nothing_fails_the_import_instead_of_stalling_it(monkeypatch):
    """Forked beside other threads (the worker's scheduler), the checking process could hang on a lock another
    thread held: the import then fails with a clear error after ``STALL_SECONDS`` and the process is stopped."""
    import multiprocessing

    monkeypatch.setattr(parallel, "STALL_SECONDS", 0.3)
    monkeypatch.setattr(parallel, "POLL_SECONDS", 0.1)
    forking = multiprocessing.get_context("fork")
    receive, send = forking.Pipe(duplex=False)
    process = forking.Process(target=_hang, daemon=True)
    process.start()
    checker = parallel.Checker(process, receive)
    try:
        with pytest.raises(RuntimeError, match="sent nothing"):
            checker.verdict(1)
    finally:
        checker.close()
        send.close()
    assert not process.is_alive()
