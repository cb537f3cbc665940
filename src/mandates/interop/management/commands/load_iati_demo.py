from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mandates.interop.models import ImportRecord
from mandates.interop.services import import_file, summary

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "demo" / "other_publishers.xml"


class Command(BaseCommand):
    help = ("Import the demo file of other publishers' IATI activities (made up, fictional publishers) in the demo "
            "projects' countries and sectors, so that the coordination view has something to show. `make run` runs "
            "it after `load_demo`; running it again changes nothing (activities are updated by identifier).")

    def handle(self, *args, **options):
        record = import_file(DEMO_FILE, processes=1)
        if record.outcome != ImportRecord.Outcome.DONE or record.refused:
            raise CommandError(summary(record))
        self.stdout.write(summary(record))
