from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.core import backup


class Command(BaseCommand):
    help = ("Replace the database and the uploaded files with a `mandates backup` archive. Refuses an archive "
            "that was changed or damaged, made on the other database engine, or by another version.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            manifest = backup.restore(path)
        except (ValidationError, OSError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Restored {path} (made {manifest['created']}).")
