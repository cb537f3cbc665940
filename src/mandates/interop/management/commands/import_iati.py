from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from mandates.interop.models import ImportRecord
from mandates.interop.services import import_file


class Command(BaseCommand):
    help = ("Import IATI 2.0x activity files (streamed): each activity is checked against the schema, the "
            "codelists and the standard rules; valid ones are stored (updated by identifier), the others "
            "refused with their line and reason.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--strict", action="store_true",
                            help="Refuse activities with codelist or rule errors too (not only schema errors)")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args, files, strict=False, no_progress=False, **options):
        missing = [str(f) for f in files if not f.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        refused_files = 0
        for path in files:
            with tqdm(total=path.stat().st_size, unit="B", unit_scale=True, desc=path.name,
                      disable=no_progress or options.get("verbosity", 1) == 0, file=self.stderr) as bar:
                def progress(done, total):
                    bar.update(done - bar.n)
                record = import_file(path, strict=strict, progress=progress)
            self._summary(record)
            refused_files += record.outcome == ImportRecord.Outcome.REFUSED
        if refused_files == len(files):
            raise CommandError("No file could be imported.")

    def _summary(self, record):
        if record.outcome == ImportRecord.Outcome.REFUSED:
            self.stdout.write(self.style.ERROR(f"{record.file_name}: refused — {record.reason}"))
            return
        self.stdout.write(self.style.SUCCESS(
            f"{record.file_name} (IATI {record.version}): {record.stored} activities stored, "
            f"{record.refused} refused, {record.warnings} stored with codelist or rule errors"))
        for problem in record.problems[:20]:
            who = problem.get("identifier") or "?"
            self.stdout.write(f"  refused {who} at line {problem.get('line')}: {problem['message'][:300]}")
        if len(record.problems) > 20:
            self.stdout.write(f"  … and {len(record.problems) - 20} more (see the imports page)")
