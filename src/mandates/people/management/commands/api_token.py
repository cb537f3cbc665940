from django.core.management.base import BaseCommand, CommandError

from mandates.people.models import User
from mandates.people.services import issue_api_token


class Command(BaseCommand):
    help = "Print the personal API token of USERNAME (creating one if needed)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--rotate", action="store_true", help="Replace the existing token with a new one")

    def handle(self, username, rotate=False, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist as exc:
            raise CommandError(f"No user “{username}”.") from exc
        self.stdout.write(issue_api_token(user, rotate=rotate))
