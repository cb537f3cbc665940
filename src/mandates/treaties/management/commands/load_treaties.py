from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.treaties.services import load_shipped_treaties


class Command(BaseCommand):
    help = "Load the treaty status files shipped with Mandates (UN Treaty Collection, 2014-2015 snapshot)."

    def handle(self, **options):
        try:
            summaries = load_shipped_treaties(by=None)
        except ValidationError as exc:
            raise CommandError("Nothing was loaded.\n" + "\n".join(exc.messages)) from exc
        for summary in summaries:
            self.stdout.write(str(summary))
        self.stdout.write(self.style.SUCCESS(f"{len(summaries)} status files loaded."))
