from django.core.management.base import BaseCommand

from mandates.finance.services import load_fund_structure
from mandates.finance.services.structure import STRUCTURE_FILE


class Command(BaseCommand):
    help = "Create or update funds, bienniums, segments and budget classes from finance/data/*.yaml (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(STRUCTURE_FILE), help="A fund structure YAML file")

    def handle(self, *args, **options):
        from pathlib import Path

        count = load_fund_structure(Path(options["file"]))
        self.stdout.write(self.style.SUCCESS(f"Fund structure loaded: {count} bienniums."))
