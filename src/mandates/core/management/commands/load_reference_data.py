from django.core.management.base import BaseCommand

from mandates.geography.services import load_m49
from mandates.strategy.services import load_shipped_strategies


class Command(BaseCommand):
    help = ("Load the reference data: UN M49 countries and areas, and the strategies shipped with the "
            "system (strategy/data/). Running it again changes nothing.")

    def handle(self, *args, **options):
        areas, countries = load_m49()
        self.stdout.write(f"Geography: {areas} areas and {countries} countries (UN M49)")
        for summary in load_shipped_strategies():
            self.stdout.write(f"Strategy: {summary}")
