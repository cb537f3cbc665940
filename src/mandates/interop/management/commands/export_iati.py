from pathlib import Path

from django.core.management.base import BaseCommand

from mandates.interop.export import write_activities, write_organisation


class Command(BaseCommand):
    help = ("Write the IATI 2.03 activity file of every published project (streamed), and optionally the "
            "organisation file (total budget, budgets per recipient country, total expenditure).")

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="The activity file to write")
        parser.add_argument("--organisation-out", type=Path, help="The organisation file to write")
        parser.add_argument("--base-url", default="http://localhost:8000",
                            help="Where the project pages are published (for document links)")

    def handle(self, *args, out, organisation_out=None, base_url="", **options):
        count = write_activities(str(out), base_url=base_url)
        self.stdout.write(self.style.SUCCESS(f"{count} activities written to {out}"))
        if organisation_out:
            write_organisation(str(organisation_out))
            self.stdout.write(self.style.SUCCESS(f"Organisation file written to {organisation_out}"))
