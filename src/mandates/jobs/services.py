"""The jobs API other apps use. See docs/architecture.md, "Background jobs".

    from mandates.jobs import services as jobs
    job = jobs.start("finance.expenditure_import", by=request.user, params={"biennium": "2024-2025"},
                     input_file=request.FILES["file"])
    return redirect(job)      # the job page shows progress, then the summary or the download
"""
import json
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from . import registry
from .models import Job

MAX_PARAMS_CHARS = 20_000


def _clean_params(kind: registry.JobKind, params) -> dict:
    params = {} if params is None else params
    if not isinstance(params, dict):
        raise ValidationError({"params": _("The job's parameters must be a set of named values.")})
    try:
        text = json.dumps(params)
    except (TypeError, ValueError):
        raise ValidationError({"params": _("The job's parameters must be plain text, numbers or lists.")})
    if len(text) > MAX_PARAMS_CHARS:
        raise ValidationError({"params": _("The job's parameters are too long.")})
    if kind.validate is not None:
        params = kind.validate(dict(params))
    return params


def _check_file(kind: registry.JobKind, input_file):
    if input_file is None:
        if kind.needs_file:
            raise ValidationError({"file": _("Choose a file to upload.")})
        return
    name = os.path.basename(getattr(input_file, "name", "") or "upload")
    size = getattr(input_file, "size", None)
    if size is not None and size > kind.max_upload_bytes:
        raise ValidationError({"file": _("The file is too large (%(size)s MB; at most %(max)s MB).") % {
            "size": round(size / 1048576, 1), "max": round(kind.max_upload_bytes / 1048576, 1)}})
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if kind.file_extensions and not name.lower().endswith(kind.file_extensions):
        raise ValidationError({"file": _("This job reads %(types)s files; “%(name)s” is not one.") % {
            "types": ", ".join(kind.file_extensions), "name": name}})


def start(kind: str, *, by, params: dict | None = None, input_file=None, label: str = "") -> Job:
    """Record a job for ``by`` and hand it to the worker. Raises ``ValidationError`` for bad
    parameters or files (nothing is queued) and ``PermissionDenied`` if ``by`` may not run it."""
    entry = registry.get(kind)
    if entry is None:
        raise ValidationError({"kind": registry.UNKNOWN_KIND})
    if not entry.permits(by):
        raise PermissionDenied(_("You may not run this job."))
    params = _clean_params(entry, params)
    _check_file(entry, input_file)
    with acting_as(by):
        job = Job(owner=by, kind=kind, label=(label or entry.label)[:200], params=params)
        if input_file is not None:
            name = os.path.basename(input_file.name or "upload")[:200]
            job.input_name = name
            job.input_file.save(name, input_file, save=False)
        job.save()
    from .tasks import run_job

    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job
