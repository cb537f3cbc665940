from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.assistance.demo import DEMO_FILE, load_demo_requests


class Command(BaseCommand):
    help = ("Load the demo requests for technical assistance (assistance/data/demo_requests.yaml). "
            "Run after the demo portfolio is loaded; running it again changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE), help="Another YAML file of the same form")

    def handle(self, *args, **options):
        try:
            report = load_demo_requests(path=options["file"])
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {exc.filename}") from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(str(report))
