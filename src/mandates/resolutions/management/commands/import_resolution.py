from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mandates.resolutions import services
from mandates.resolutions.models import Paragraph


class Command(BaseCommand):
    help = ("Import a resolution or decision from its text (plain text, Markdown, Word .docx or PDF): split it "
            "into paragraphs, read its obligations and suggest links to the expected results. The same text "
            "already imported under another symbol is refused unless --duplicate-reason says why.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The text of the resolution (.txt, .md, .docx or .pdf)")
        parser.add_argument("--symbol", default="", help="Document symbol, e.g. A/RES/64/179 (default: as the text "
                            "prints it)")
        parser.add_argument("--body", default="", help="GA, ECOSOC, CND, CCPCJ, COP-UNTOC, COSP-UNCAC, SC or the name "
                            "(default: the body the text names)")
        parser.add_argument("--date", default=None, help="Date of adoption, YYYY-MM-DD (default: the date the text "
                            "gives)")
        parser.add_argument("--title", default=None, help="Title (default: read from the text)")
        parser.add_argument("--replace", action="store_true", help="Replace the resolution if already imported")
        parser.add_argument("--duplicate-reason", default="",
                            help="Import a text already imported under another symbol, for this reason (recorded)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            resolution = services.import_resolution(
                path, symbol=options["symbol"], body=options["body"], date=options["date"], title=options["title"],
                replace=options["replace"], by=None, duplicate_reason=options["duplicate_reason"],
            )
        except ValidationError as exc:
            messages = []
            for field, errors in exc.message_dict.items():
                messages.extend(f"{field}: {error}" for error in errors)
            raise CommandError("Nothing was imported. " + " ".join(messages)) from exc
        operative = resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE)
        obligations = sum(p.obligations.count() for p in operative)
        self.stdout.write(self.style.SUCCESS(
            f"{resolution.symbol}: {resolution.paragraphs.count() - operative.count()} preambular and "
            f"{operative.count()} operative paragraphs, {obligations} obligations."))
        for warning in getattr(resolution, "import_warnings", []):
            self.stdout.write(self.style.WARNING(warning))
