"""Runs one job: marks it running, calls its function inside a transaction with a progress
callback, stores the result or the error. A failed job leaves nothing half-written."""
import logging

from django.core.exceptions import ValidationError
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
            prefix = "" if field == "__all__" else f"{field}: "
            lines.extend(prefix + m for m in errors)
        return "\n".join(lines)
    return "\n".join(exc.messages)


def execute(job_id: int) -> str:
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"
    kind = registry.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    if kind is None:
        return _finish(job, error=str(registry.UNKNOWN_KIND))
    reporter = progress.Reporter(job.pk)
    handle = None
    try:
        if job.input_file:
            handle = job.input_file.open("rb")
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
        if result.filename:
            job.result_name = result.filename
            job.result_content_type = result.content_type
            job.result_file.save(result.filename, ContentFile(result.content), save=False)
        if job.total and job.done < job.total:
            job.done = job.total
    job.save()
    progress.clear(job.pk)
    return job.status
