import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mandates.interop import codelists


class Command(BaseCommand):
    help = ("Rebuild interop/data/codelists.json from a folder of official IATI codelist XML files "
            "(with embedded/ and non-embedded/ sub-folders).")

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)

    def handle(self, *args, source, **options):
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder")
        lists = codelists.build(source)
        with open(codelists.CODELISTS_FILE, "w", encoding="utf-8") as handle:
            json.dump(lists, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            handle.write("\n")
        self.stdout.write(f"{len(lists)} codelists written to {codelists.CODELISTS_FILE}")
