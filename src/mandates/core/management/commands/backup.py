from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.core import backup


class Command(BaseCommand):
    help = ("Write the database and the uploaded files (MEDIA_ROOT) to one archive, with a manifest of "
            "checksums and the migration state. SQLite: online backup; PostgreSQL: pg_dump custom format.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. mandates-2026-11-29.tar.gz")

    def handle(self, *args, **options):
        try:
            manifest = backup.backup(Path(options["file"]))
        except (ValidationError, OSError) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(f"Backup written to {options['file']}: {manifest['engine']} database, "
                          f"{len(manifest['files']) - 1} uploaded files, {len(manifest['migrations'])} migrations.")
