"""The four seed resolutions of the demo, imported from the copies in ``data/seeds/``."""
from django.db import transaction

from . import reference, services
from .models import Resolution


@transaction.atomic
def load_seed_resolutions(by=None, *, replace: bool = True) -> list[Resolution]:
    """Import the seed resolutions listed in ``data/seeds/manifest.csv`` (symbol, body and date
    there) and suggest their links to the expected results of the strategy in force. Loading again
    replaces them (``replace=False``: those already there are left alone)."""
    loaded = []
    for seed in reference.seed_manifest():
        existing = Resolution.objects.filter(symbol=seed.symbol).first()
        if existing and not replace:
            loaded.append(existing)
            continue
        loaded.append(services.import_resolution(
            seed.path, symbol=seed.symbol, body=seed.body, date=seed.date, by=by, replace=True, is_demo=True,
            symbol_source=seed.note,
        ))
    return loaded
