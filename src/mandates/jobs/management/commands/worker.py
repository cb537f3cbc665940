"""``mandates worker``: runs background jobs (django-tasks-db's database worker).

Same options as ``db_worker`` (``--batch`` to run what is queued and exit, ``--interval``,
``--max-tasks``, ``--reload``). ``make run`` starts one beside the web server.
"""
from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)


class Command(DatabaseWorkerCommand):
    help = "Run the background worker that executes Mandates' jobs (imports, exports, reminders)."
