"""Reads of jobs: each person sees their own; an administrator sees everyone's."""
from django.shortcuts import get_object_or_404

from . import progress
from .models import Job


def _own(user):
    qs = Job.objects.select_related("owner")
    if getattr(user, "is_superuser", False):
        return qs
    return qs.filter(owner=user)


def jobs_for(user):
    return _own(user).filter(owner=user)


def job_for(user, pk: int) -> Job:
    return get_object_or_404(_own(user), pk=pk)


def with_live_progress(job: Job) -> Job:
    """Overlay the running job's live figures (from the progress cache) on the row."""
    if job.status == Job.Status.RUNNING:
        live = progress.read(job.pk)
        if live:
            job.done, job.total, job.message = live["done"], live["total"], live["message"]
    return job
