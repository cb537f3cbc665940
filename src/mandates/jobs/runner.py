"""Runs one job: marks it running, calls its function inside a transaction with a progress
callback, stores the result or the error. A failed job leaves nothing half-written."""
import logging
import os
import socket

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import progress, registry
from .models import Job

logger = logging.getLogger(__name__)


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        lines = []
        for field, errors in exc.message_dict.items():
            prefix = "" if field in ("__all__", "file", "source") else f"{field}: "
            lines.extend(prefix + m for m in errors)
        return "\n".join(lines)
    return "\n".join(exc.messages)


def this_worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user: alive
        return True
    return True


def fail_orphaned_jobs() -> int:
    """Jobs shown as running whose worker process on this machine no longer exists (killed, crashed, the
    machine restarted) are marked failed, saying so. Their writes were never committed: each job runs
    in one transaction, which the database rolled back when the process died. Workers on other machines
    check their own jobs. Run when a worker starts and by its scheduler."""
    host = socket.gethostname()
    failed = 0
    for job in Job.objects.filter(status=Job.Status.RUNNING, worker__startswith=f"{host}:"):
        pid = job.worker.rpartition(":")[2]
        if pid.isdigit() and not _alive(int(pid)):
            changed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
                status=Job.Status.FAILED, finished_at=timezone.now(),
                error=_("The worker running this job stopped (it was killed, or the machine restarted) before "
                        "the job finished. Nothing the job wrote was kept: start it again."))
            if changed:
                progress.clear(job.pk)
                logger.warning("Job %s (%s): its worker %s is gone; marked failed", job.pk, job.kind, job.worker)
                failed += changed
    return failed


def execute(job_id: int) -> str:
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    kind = registry.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(), worker=this_worker())
    if kind is None:
        return _finish(job, error=str(registry.UNKNOWN_KIND))
    reporter = progress.Reporter(job.pk)
    handle = None
    try:
        if job.input_file:
            # The function sees the file under the name it was uploaded with.
            handle = File(job.input_file.open("rb").file, name=job.input_name)
        with transaction.atomic():
            outcome = kind.func(params=dict(job.params), input_file=handle, by=job.owner, progress=reporter)
    except ValidationError as exc:
        return _finish(job, reporter, error=_messages(exc))
    except Exception as exc:  # the job fails; the person sees why, the log keeps the traceback
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _finish(job, reporter, error=_("The job stopped on an unexpected error: %(error)s")
                       % {"error": f"{type(exc).__name__}: {exc}"})
    finally:
        if handle is not None:
            handle.close()
    if outcome is None:
        outcome = registry.Result()
    elif isinstance(outcome, str):
        outcome = registry.Result(summary=outcome)
    return _finish(job, reporter, result=outcome)


def _finish(job, reporter=None, *, error: str = "", result: registry.Result | None = None) -> str:
    job.refresh_from_db()
    job.finished_at = timezone.now()
    if reporter is not None:
        job.done, job.total, job.message = reporter.done, reporter.total, reporter.message
    if error:
        job.status, job.error = Job.Status.FAILED, error
    else:
        job.status, job.summary = Job.Status.DONE, result.summary
        job.result_url, job.result_url_label = result.link[:300], str(result.link_label)[:200]
        if result.filename:
            job.result_name = result.filename
            job.result_content_type = result.content_type
            job.result_file.save(result.filename, ContentFile(result.content), save=False)
        if job.total and job.done < job.total:
            job.done = job.total
    job.save()
    progress.clear(job.pk)
    return job.status
