from django.core.management.base import BaseCommand

from mandates.jobs import schedule


class Command(BaseCommand):
    help = "Run the scheduled work that is due (reminders, digests); --all runs every one now."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true")

    def handle(self, *args, **options):
        ran = schedule.run_due(force=options["all"])
        self.stdout.write(", ".join(ran) if ran else "Nothing was due.")
