"""``mandates worker``: runs background jobs (django-tasks-db's database worker) and, beside them,
the recurring work apps register with ``jobs.schedule`` (reminders, digests).

Same options as ``db_worker`` (``--batch`` runs what is queued and exits, ``--interval``,
``--max-tasks``, ``--reload``), plus ``--no-schedule``. ``make run`` starts one beside the web
server.
"""
from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)

from mandates.jobs import schedule
from mandates.jobs.runner import fail_orphaned_jobs


class Command(DatabaseWorkerCommand):
    help = "Run the background worker: Mandates' jobs (imports, exports) and scheduled reminders."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--no-schedule", action="store_true", help="Do not run the scheduled work.")

    def handle(self, *args, no_schedule=False, **options):
        fail_orphaned_jobs()  # jobs a killed worker left "running" on this machine
        if not no_schedule and not options.get("batch"):
            schedule.start_thread()
        return super().handle(*args, **options)
