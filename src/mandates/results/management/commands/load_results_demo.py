from django.core.management.base import BaseCommand, CommandError

from mandates.results.demo import DemoError, load_results_demo


class Command(BaseCommand):
    help = ("Load the demo indicators, targets, values and deliveries (results/data/demo_*.yaml). "
            "Run after `mandates load_demo`; running it again changes nothing.")

    def handle(self, *args, **options):
        try:
            report = load_results_demo()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
