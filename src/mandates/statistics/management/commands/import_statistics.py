import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from mandates.statistics.services import import_path


class Command(BaseCommand):
    help = ("Import crime and criminal justice statistics: UN-CTS long-format exports (CSV or Excel), the Our "
            "World in Data homicide series, the Global Study on Homicide 2019 annex. Each file is all or nothing; "
            "re-importing updates changed values and logs each change.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="the files to import")

    def handle(self, files, **options):
        failed = []
        quiet = options.get("verbosity", 1) == 0
        for path in files:
            bar = tqdm(desc=str(path).rsplit("/", 1)[-1][:40], unit=" values", file=sys.stderr, disable=quiet,
                       leave=False)

            def progress(done, total, bar=bar):
                if total is not None and bar.total != total:
                    bar.reset(total=total)
                bar.n = done
                bar.refresh()

            try:
                run = import_path(path, progress=progress)
            except ValidationError as exc:
                bar.close()
                failed.append(path)
                self.stderr.write(self.style.ERROR(f"{path}: nothing was imported."))
                for messages in exc.message_dict.values():
                    for message in messages:
                        self.stderr.write("  " + message)
                continue
            except OSError as exc:
                bar.close()
                failed.append(path)
                self.stderr.write(self.style.ERROR(f"{path}: {exc.strerror or exc}"))
                continue
            bar.close()
            self.stdout.write(self.style.SUCCESS(
                f"{run.file_name} ({run.layout}): {run.rows} rows, {run.created} new, {run.updated} changed, "
                f"{run.unchanged} unchanged, {run.set_aside} set aside"))
            for note in run.notes:
                self.stdout.write("  " + note)
        if failed:
            raise CommandError(f"{len(failed)} of {len(files)} files were not imported.")
