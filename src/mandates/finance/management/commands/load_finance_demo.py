from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.finance.services.demo import load_finance_demo


class Command(BaseCommand):
    help = ("Load the finance demo (fund structure, demo rates, donors, contributions, budgets, ERP expenditure) "
            "after `mandates load_demo`. Projects are found by code; missing ones are skipped. Idempotent.")

    def handle(self, *args, **options):
        try:
            report = load_finance_demo()
        except ValidationError as exc:
            raise CommandError(f"The finance demo data do not fit: {exc}") from exc
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Finance demo loaded."))
