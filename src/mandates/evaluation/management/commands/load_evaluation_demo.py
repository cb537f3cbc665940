from django.core.management.base import BaseCommand, CommandError

from mandates.evaluation.demo import DemoError, load_evaluation_demo


class Command(BaseCommand):
    help = ("Load the demo evaluations, recommendations, responses, action items and lessons learned "
            "(evaluation/data/demo_evaluations.yaml). Run after `mandates load_demo`; running it again changes nothing.")

    def handle(self, *args, **options):
        try:
            report = load_evaluation_demo()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
