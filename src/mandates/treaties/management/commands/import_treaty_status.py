from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.treaties.parsing import parse_as_of
from mandates.treaties.services import import_status_path


class Command(BaseCommand):
    help = ("Import the status of a treaty from a UN Treaty Collection status file (Participant, signature, "
            "consent columns) or the long CSV. An instrument never seen before is created.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--instrument", default="", help="instrument code, e.g. XVIII-12 (optional for the "
                                                             "long CSV and for UNTC files named like 18-12-a.csv)")
        parser.add_argument("--name", default="", help="short name of a new instrument")
        parser.add_argument("--title", default="", help="full title of a new instrument")
        parser.add_argument("--group", default="", help="drug_control, organized_crime, corruption, terrorism or other")
        parser.add_argument("--status-date", default="", help="the date the file was taken (YYYY-MM-DD)")
        parser.add_argument("--replace", action="store_true",
                            help="the file is the instrument's whole status: remove the events it no longer lists "
                                 "(without it such a file is refused and nothing changes)")

    def handle(self, file, instrument="", name="", title="", group="", status_date="", replace=False, **options):
        try:
            when = parse_as_of(status_date) if status_date else None
        except ValueError as exc:
            raise CommandError(f"--status-date: {exc}") from exc
        try:
            summary = import_status_path(file, instrument=instrument or None, by=None, short_name=name,
                                         title=title, group=group, status_date=when, replace=replace)
        except ValidationError as exc:
            lines = [f"{field}: {m}" if field != "file" else m
                     for field, messages in exc.message_dict.items() for m in messages]
            raise CommandError("Nothing was imported.\n" + "\n".join(lines)) from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))
