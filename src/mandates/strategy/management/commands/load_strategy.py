"""``mandates load_strategy FILE [--replace]``: load a strategy period from a YAML or CSV file.

Without FILE (``--shipped``), loads every strategy shipped in ``strategy/data/`` that is not loaded yet.
"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.strategy import services
from mandates.strategy.fileformat import StrategyFileError


class Command(BaseCommand):
    help = "Load a strategy period (themes, result areas, results, management support) from a YAML or CSV file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Path of a .yaml or .csv file (format: strategy/data/README.md)")
        parser.add_argument("--replace", action="store_true",
                            help="Bring a period already loaded in line with the file (nodes matched by code)")
        parser.add_argument("--shipped", action="store_true",
                            help="Load every strategy shipped with Mandates that is not loaded yet")

    def handle(self, *args, file=None, replace=False, shipped=False, **options):
        if not file and not shipped:
            raise CommandError("Give a FILE, or --shipped.")
        try:
            summaries = services.load_shipped_strategies() if shipped else [
                services.load_strategy(file, by=None, replace=replace)]
        except StrategyFileError as exc:
            raise CommandError(f"{exc.filename or file} was not loaded; nothing was saved.\n"
                               + "\n".join(f"  {p}" for p in exc.problems)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for summary in summaries:
            self.stdout.write(str(summary))
