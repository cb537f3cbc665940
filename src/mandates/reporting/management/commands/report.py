"""``mandates report KIND --period 2008-2009 --as-of 2009-05-31 --format docx|pdf|xlsx|html|json --out FILE``
with ``--programme``, ``--donor``, ``--country`` or ``--region`` for the kinds about one subject, and
``--language fr`` for the document's fixed texts, numbering and dates in another official language."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from mandates.reporting import output, periods

KINDS = {"technical-cooperation": "technical_cooperation", "regional-programmes": "regional_programmes",
         "donor": "donor", "profile": "profile", "medium-term": "medium_term"}


class Command(BaseCommand):
    help = ("Write a report to a file: technical-cooperation (the Report of the Secretary-General, A/64/123 "
            "layout), regional-programmes [--programme CODE], donor --donor NAME, profile --country ISO3 | "
            "--region M49, medium-term.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--period", required=True, help="e.g. 2008-2009")
        parser.add_argument("--as-of", default=None, help="YYYY-MM-DD (default: the end of the period)")
        parser.add_argument("--since", default=None, help="As-at date of the previous report (YYYY-MM-DD)")
        parser.add_argument("--format", default="docx", choices=sorted(output.FORMATS))
        parser.add_argument("--out", required=True)
        parser.add_argument("--user", default="", help="Count only what this user may see (default: everything)")
        parser.add_argument("--symbol", default="", help="Document symbol on the masthead")
        parser.add_argument("--programme", default="", help="Programme code (regional-programmes)")
        parser.add_argument("--donor", default="", help="Donor name, short name or ISO3 (donor)")
        parser.add_argument("--country", default="", help="Country ISO3 (profile)")
        parser.add_argument("--region", default="", help="Region M49 code, e.g. 002 for Africa (profile)")
        parser.add_argument("--language", default="en", help="en, fr, es, ru, ar or zh")

    def handle(self, *args, **opts):
        kind = KINDS[opts["kind"]]
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"No user {opts['user']!r}.")
        else:
            user = get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("No administrator to run the report as; pass --user.")
        target = {"regional_programmes": opts["programme"], "donor": opts["donor"],
                  "profile": output.target_of({"country": opts["country"], "region": opts["region"]})}.get(kind, "")
        masthead = {"symbol": opts["symbol"]} if opts["symbol"] else None
        try:
            with translation.override(opts["language"]):
                doc, engine = output.build(user, opts["period"], opts["as_of"], masthead=masthead, kind=kind,
                                           target=target, since=opts["since"])
                content = output.render(doc, opts["format"])
        except periods.ReportError as exc:
            raise CommandError(str(exc)) from None
        with open(opts["out"], "wb") as fh:
            fh.write(content)
        self.stdout.write(f"{opts['out']}: {len(doc.facts)} figures, {len(doc.footnotes)} footnotes")
