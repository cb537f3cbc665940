from django.core.management.base import BaseCommand

from mandates.resolutions.demo import load_seed_resolutions
from mandates.resolutions.models import Paragraph, ResultLink


class Command(BaseCommand):
    help = "Import the four seed resolutions of the demo (E/RES/2009/23, E/RES/2004/32, E/RES/2007/12, A/RES/64/179)."

    def handle(self, *args, **options):
        for resolution in load_seed_resolutions():
            operative = resolution.paragraphs.filter(kind=Paragraph.Kind.OPERATIVE).count()
            links = ResultLink.objects.filter(paragraph__resolution=resolution).count()
            self.stdout.write(f"{resolution.symbol}: {operative} operative paragraphs, {links} suggested links")
