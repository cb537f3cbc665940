"""Jobs: start, progress, result, failure rolled back, bad input refused, the real worker."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from mandates.jobs import progress, registry, services
from mandates.jobs.models import Job
from mandates.partners.models import Partner
from mandates.partners.services import save_partner


def _import_partners(*, params, input_file, by, progress):
    """A small import: one partner per line "name;kind"; refuses a bad line by number."""
    lines = input_file.read().decode("utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        name, _, kind = line.partition(";")
        if kind not in Partner.Kind.values:
            raise ValidationError(f"Line {number}: “{kind}” is not a kind of partner.")
        save_partner(None, by=by, name=name, acronym="", kind=kind)
        progress(number, len(lines), f"{name} saved")
    return registry.Result(summary=f"{len(lines)} partners imported.", filename="report.csv",
                           content=b"name\n" + "\n".join(lines).encode(), content_type="text/csv")


def _export(*, params, input_file, by, progress):
    progress(1, 2)
    return f"Exported for {params['year']}."


@pytest.fixture
def kinds():
    registry.register("test.import", _import_partners, label="Import partners", needs_file=True,
                      file_extensions=(".csv", ".txt"), max_upload_bytes=1000)

    def validate(params):
        if not str(params.get("year", "")).isdigit():
            raise ValidationError({"year": "Give the year as four digits."})
        return {"year": int(params["year"])}

    registry.register("test.export", _export, label="Export", validate=validate,
                      allowed=lambda user: user.role != "reader")
    yield
    registry.unregister("test.import")
    registry.unregister("test.export")


def _file(text, name="partners.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_job_runs_reports_progress_and_offers_its_result(client, users, kinds):
    pm = users["programme_manager"]
    kind = Partner.Kind.values[0]
    job = services.start("test.import", by=pm, input_file=_file(f"Alpha;{kind}\nBeta;{kind}"))
    assert job.status == Job.Status.DONE, job.error
    assert (job.done, job.total, job.summary) == (2, 2, "2 partners imported.")
    assert Partner.objects.filter(name__in=["Alpha", "Beta"]).count() == 2
    client.force_login(pm)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "2 partners imported." in page and reverse("jobs:download", args=[job.pk]) in page
    assert reverse("jobs:progress", args=[job.pk]) not in page  # finished: no more polling
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="report.csv"')
    assert b"".join(download.streaming_content) == f"name\nAlpha;{kind}\nBeta;{kind}".encode()
    listing = client.get(reverse("jobs:list")).content.decode()
    assert "Import partners" in listing and "partners.csv" in listing


def test_failed_job_names_the_line_and_writes_nothing(client, users, kinds):
    pm = users["programme_manager"]
    kind = Partner.Kind.values[0]
    job = services.start("test.import", by=pm, input_file=_file(f"Alpha;{kind}\nBeta;{kind}\nGamma;nonsense"))
    assert job.status == Job.Status.FAILED
    assert "Line 3" in job.error and "nonsense" in job.error
    assert not Partner.objects.filter(name__in=["Alpha", "Beta", "Gamma"]).exists()
    client.force_login(pm)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "nothing was saved" in page and "Line 3" in page


def test_running_job_page_polls_and_shows_live_progress(client, users, kinds):
    pm = users["programme_manager"]
    job = Job.objects.create(owner=pm, kind="test.export", label="Export", status=Job.Status.RUNNING)
    progress.Reporter(job.pk)(40, 160, "Sheet 2")
    client.force_login(pm)
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert f'hx-get="{reverse("jobs:progress", args=[job.pk])}"' in fragment
    assert 'max="160" value="40"' in fragment and "25 %" in fragment and "Sheet 2" in fragment


def test_jobs_are_private_to_their_owner(client, users, kinds):
    job = services.start("test.export", by=users["programme_manager"], params={"year": "2024"})
    assert job.summary == "Exported for 2024."
    client.force_login(users["planning_officer"])
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert "Exported for" not in client.get(reverse("jobs:list")).content.decode()


@pytest.mark.parametrize("params, upload, message", [
    ({"year": "20x4"}, None, "four digits"),
    ("not a dict", None, "named values"),
    ({"year": object()}, None, "plain text"),
])
def test_bad_parameters_are_refused_before_anything_is_queued(users, kinds, params, upload, message):
    with pytest.raises(ValidationError) as refused:
        services.start("test.export", by=users["planning_officer"], params=params)
    assert message in " ".join(refused.value.messages)
    assert not Job.objects.exists()


@pytest.mark.parametrize("upload, message", [
    (None, "Choose a file"),
    (_file("x" * 2000), "too large"),
    (_file(""), "empty"),
    (_file("a;b", name="partners.exe"), "not one"),
])
def test_bad_uploads_are_refused(users, kinds, upload, message):
    with pytest.raises(ValidationError) as refused:
        services.start("test.import", by=users["planning_officer"], input_file=upload)
    assert message in " ".join(refused.value.messages)
    assert not Job.objects.exists()


def test_who_may_run_a_job_is_checked(users, kinds):
    with pytest.raises(PermissionDenied):
        services.start("test.export", by=users["reader"], params={"year": "2024"})
    with pytest.raises(ValidationError):
        services.start("no.such.kind", by=users["reader"])


def test_start_view_returns_to_the_page_with_the_reason(client, users, kinds):
    client.force_login(users["planning_officer"])
    response = client.post(reverse("jobs:start", args=["test.import"]), {"next": "/partners/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/partners/"
    assert "Choose a file to upload." in response.content.decode()
    response = client.post(reverse("jobs:start", args=["test.export"]), {"year": "2025"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk]) and job.params == {"year": 2025}
    assert client.post(reverse("jobs:start", args=["nope"])).status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connections
def test_the_worker_command_runs_a_queued_job(settings, users, kinds):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = services.start("test.export", by=users["planning_officer"], params={"year": "2030"})
    assert job.status == Job.Status.QUEUED and job.task_id
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.summary == "Exported for 2030."


def test_a_job_whose_worker_died_is_marked_failed_not_left_running(users, kinds):
    """A worker killed mid-job (kill -9, a crash, a reboot) leaves its job "running" and its transaction rolled
    back; the next worker start (and its scheduler) marks the job failed, saying why. Jobs of live workers and
    of other machines are left alone."""
    import socket
    import subprocess

    from mandates.jobs.runner import fail_orphaned_jobs, this_worker

    gone = subprocess.Popen(["true"])
    gone.wait()  # a real process id that no longer exists
    host = socket.gethostname()
    owner = users["planning_officer"]

    def running(worker):
        return Job.objects.create(owner=owner, kind="test.export", label="Export", status=Job.Status.RUNNING,
                                  worker=worker)

    orphan, alive, elsewhere = running(f"{host}:{gone.pid}"), running(this_worker()), running("other-host:1")
    assert fail_orphaned_jobs() == 1
    for job in (orphan, alive, elsewhere):
        job.refresh_from_db()
    assert orphan.status == Job.Status.FAILED and "worker running this job stopped" in orphan.error
    assert orphan.finished_at is not None
    assert alive.status == elsewhere.status == Job.Status.RUNNING
    assert fail_orphaned_jobs() == 0  # once


@pytest.mark.django_db(transaction=True)
def test_the_worker_clears_orphaned_jobs_when_it_starts(settings, users, kinds):
    import socket
    import subprocess

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    gone = subprocess.Popen(["true"])
    gone.wait()
    job = Job.objects.create(owner=users["planning_officer"], kind="test.export", label="Export",
                             status=Job.Status.RUNNING, worker=f"{socket.gethostname()}:{gone.pid}")
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
