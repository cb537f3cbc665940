"""``mandates report KIND --period 2008-2009 --as-of 2009-05-31 --format docx|pdf|html|json --out FILE``."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mandates.reporting import output, periods

KINDS = ("technical-cooperation",)


class Command(BaseCommand):
    help = "Write a report to a file (technical-cooperation: the Report of the Secretary-General, A/64/123 layout)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--period", required=True, help="e.g. 2008-2009")
        parser.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: the end of the period)")
        parser.add_argument("--format", default="docx", choices=sorted(output.FORMATS))
        parser.add_argument("--out", required=True)
        parser.add_argument("--user", default="", help="Count only what this user may see (default: everything)")
        parser.add_argument("--symbol", default="", help="Document symbol on the masthead")

    def handle(self, *args, **opts):
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"No user {opts['user']!r}.")
        else:
            user = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("No administrator to run the report as; pass --user.")
        masthead = {"symbol": opts["symbol"]} if opts["symbol"] else None
        try:
            doc, engine = output.build(user, opts["period"], opts["as_of"], masthead=masthead)
            content = output.render(doc, opts["format"])
        except periods.ReportError as exc:
            raise CommandError(str(exc)) from None
        with open(opts["out"], "wb") as fh:
            fh.write(content)
        self.stdout.write(f"{opts['out']}: {len(doc.facts)} figures, {len(doc.footnotes)} footnotes")
