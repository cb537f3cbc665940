"""Where the project's shared reference material lives for tests: ``shared/`` beside the checkout
(``MANDATES_SHARED_DIR`` overrides). The product itself never reads it at run time."""
import os
from pathlib import Path

from django.conf import settings

SHARED_DIR = Path(os.environ.get("MANDATES_SHARED_DIR", Path(settings.BASE_DIR).resolve().parent / "shared"))
SEEDS_DIR = SHARED_DIR / "seeds"
