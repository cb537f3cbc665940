"""Rebuild ``geography/data/m49_names.csv`` (M49 code -> name in the six UN languages) from the UNSD
multilingual M49 files (``shared/data/reference/geography/m49_multilingual_2024-09/``)."""
import csv
from pathlib import Path

from django.core.management.base import BaseCommand

from mandates.geography.names import LANGUAGE_FILES, NAMES_FILE

PAIRS = [("Global Code", "Global Name"), ("Region Code", "Region Name"), ("Sub-region Code", "Sub-region Name"),
         ("Intermediate Region Code", "Intermediate Region Name"), ("M49 Code", "Country or Area")]


class Command(BaseCommand):
    help = "Rebuild the portal's six-language M49 names file from the UNSD files in FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, folder, **options):
        names: dict[str, dict[str, str]] = {}
        for language, filename in LANGUAGE_FILES.items():
            with open(Path(folder) / filename, encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    for code_column, name_column in PAIRS:
                        code, name = row[code_column].strip(), row[name_column].strip()
                        if code and name:
                            names.setdefault(code.zfill(3), {})[language] = name
        with open(NAMES_FILE, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["m49", *LANGUAGE_FILES])
            for code in sorted(names):
                writer.writerow([code, *(names[code].get(lang, "") for lang in LANGUAGE_FILES)])
        self.stdout.write(f"{len(names)} names written to {NAMES_FILE}")
