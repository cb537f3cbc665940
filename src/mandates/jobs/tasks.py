"""The one django-tasks task behind every job; the work itself is looked up in the registry."""
from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> str:
    return runner.execute(job_id)
