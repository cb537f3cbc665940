from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from mandates.core import events
from mandates.demo.data_set import DemoDataError
from mandates.demo.services import load_demo


class Command(BaseCommand):
    help = ("Load the demo data set (work units, partners, demo accounts, programmes, projects) from "
            "demo/data/. Run `mandates load_reference_data` first. Running it again changes nothing.")

    # The other domains' demo data, each loaded by its own app's command, after the portfolio.
    DOMAIN_LOADERS = (
        "load_treaties",
        "load_seed_resolutions",
        "load_demo_requests",
        "load_finance_demo",
        "load_results_demo",
        "load_evaluation_demo",
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--portfolio-only", action="store_true",
            help="Load only work units, partners, accounts, programmes and projects (not treaties, "
                 "resolutions, requests, finance, results and evaluations)",
        )

    def handle(self, *args, portfolio_only=False, **options):
        with events.muted():  # demo values and requests change status: nobody is to be told or mailed
            self._load(portfolio_only, options)

    def _load(self, portfolio_only, options):
        try:
            report = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
        if not portfolio_only:
            for command in self.DOMAIN_LOADERS:
                self.stdout.write(f"— {command}")
                call_command(command, stdout=self.stdout, stderr=self.stderr, verbosity=options.get("verbosity", 1))
        if report.admin_existed:
            self.stdout.write(self.style.WARNING(
                f"Demo administrator: {report.admin_username} (the account already existed; its password was "
                f"not changed; demo accounts created by this command use “{report.admin_password}”)"
            ))
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Demo administrator: user name “{report.admin_username}”, password “{report.admin_password}”"
            ))
