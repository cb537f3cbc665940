"""Where the project's shared reference material lives for tests: ``shared/`` beside the checkout
(``MANDATES_SHARED_DIR`` overrides). The product itself never reads it at run time."""
import os
from pathlib import Path

from django.conf import settings

SHARED_DIR = Path(os.environ.get("MANDATES_SHARED_DIR", Path(settings.BASE_DIR).resolve().parent / "shared"))
SEEDS_DIR = SHARED_DIR / "seeds"


def with_version(client, url: str, data: dict, page: str | None = None) -> dict:
    """``data`` with the version token of the edit form at ``page`` (``url`` by default), as a browser sends it
    back (``core.locking``: an edit posted without it is refused). The form is read now, so a test that posts
    twice gets the version of the record as its first post left it."""
    import lxml.html

    response = client.get(page or url)
    tokens = {} if response.status_code != 200 else {
        el.get("name"): el.get("value", "") for el in lxml.html.fromstring(response.content).xpath(
            "//input[substring(@name, string-length(@name) - 13) = 'record_version']")}
    return {**tokens, **data}
