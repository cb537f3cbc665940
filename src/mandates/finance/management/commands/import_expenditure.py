from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.finance.services import import_expenditure


class Command(BaseCommand):
    help = ("Import expenditure and obligations from an ERP export (CSV or XLSX, see docs/finance.md). "
            "Atomic: one bad row and nothing is written. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            batch = import_expenditure(options["file"], by=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.message_dict.get("file", exc.messages))) from exc
        self.stdout.write(self.style.SUCCESS(
            f"{batch.rows} rows: {batch.created} new, {batch.updated} changed, {batch.unchanged} unchanged."))
