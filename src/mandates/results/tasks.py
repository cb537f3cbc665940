"""Background tasks of the results app (django-tasks; run by ``mandates worker``)."""
from django_tasks import task


@task()
def refresh_plan_summaries() -> int:
    """Rebuild the stored implementation plan summaries that a write has made out of date."""
    from .plan import stored

    return stored.refresh()
