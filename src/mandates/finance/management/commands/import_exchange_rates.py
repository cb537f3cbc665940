from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.finance.services import import_exchange_rates


class Command(BaseCommand):
    help = "Import UN operational rates of exchange from a CSV (month,currency,units_per_usd). Atomic, idempotent."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            batch = import_exchange_rates(options["file"], by=None)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.message_dict.get("file", exc.messages))) from exc
        self.stdout.write(self.style.SUCCESS(
            f"{batch.created} new, {batch.updated} changed, {batch.unchanged} unchanged."))
