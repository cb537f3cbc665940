"""Check keys: a re-import reuses the verdict of an activity whose checks could only say the same again.

The checks (``reader._check``: schema, codelists, rules, the version shim) are a function of
- the activity's element: its markup (tags, attributes, texts, inherited namespaces: ``etree.tostring``) and the line
  of each of its elements (the findings carry them; ``tostring`` alone loses the lines of removed comments and of
  line breaks inside tags);
- the file: its version and the root's attributes and namespaces (``reader``'s ``context``);
- the checks themselves: the code and data of the reader, codelists, rules, version shim and records
  (``checks_version``: their files' bytes, lxml's and libxml2's versions), the language of the messages (its
  compiled catalogue), ``strict``, and the day (rules compare dates with today);
- for what is stored: the countries' ids the codes resolve to;
- and whether the identifier was seen before in the same file (checked for every activity, never reused).
The key hashes all of these but the last: an activity stored with the same key is valid and would be stored with the
same findings and rows, so it is only marked imported again (``services``). Any other activity is checked.
"""
import hashlib
import sys
from array import array
from datetime import date
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from django.conf import settings
from django.utils import translation
from lxml import etree

HERE = Path(__file__).resolve().parent
_LINE = attrgetter("sourceline")


@lru_cache(maxsize=1)
def checks_version() -> bytes:
    """A digest of the checks' code and data (read once per process)."""
    from . import codelists, parallel, reader, records, rules, services, versions

    digest = hashlib.blake2b(digest_size=16)
    files = [Path(m.__file__) for m in (codelists, parallel, reader, records, rules, services, versions)]
    files.append(Path(__file__))
    files += sorted(p for p in (HERE / "data").rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(HERE)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(repr((etree.LXML_VERSION, etree.LIBXML_VERSION, sys.version)).encode())
    return digest.digest()


def _catalogue(language: str) -> bytes:
    for folder in settings.LOCALE_PATHS:
        path = Path(folder) / translation.to_locale(language) / "LC_MESSAGES" / "django.mo"
        if path.is_file():
            return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    return b""


def _lines(element) -> bytes:
    try:
        return array("q", map(_LINE, element.iter())).tobytes()
    except TypeError:  # an element without a line (not from a parsed file)
        return repr([node.sourceline for node in element.iter()]).encode()


class Reuse:
    """Keys for one import; ``lookup``: whether stored keys are looked up (a file imported before), else the keys
    are only computed, to be stored for the next import."""

    def __init__(self, *, strict: bool, countries: dict, lookup: bool):
        from .models import ExternalActivity

        self.model, self.lookup = ExternalActivity, lookup
        language = translation.get_language() or ""
        self.prefix = hashlib.blake2b(checks_version(), digest_size=16)
        self.prefix.update(repr((strict, language, date.today().isoformat(), sorted(countries.items()))).encode())
        self.prefix.update(_catalogue(language) if language else b"")

    def keys(self, elements, context: str) -> list[str]:
        out = []
        for element in elements:
            digest = self.prefix.copy()
            digest.update(context.encode())
            digest.update(etree.tostring(element, with_tail=False))
            digest.update(_lines(element))
            out.append(digest.hexdigest())
        return out

    def known(self, identifiers: list[str]) -> dict[str, tuple]:
        """{identifier: (stored key, pk, errors found)} of the stored activities among ``identifiers`` (one query)."""
        return {identifier: (key, pk, errors) for identifier, key, pk, errors in self.model.objects.filter(
            identifier__in=[i for i in identifiers if i]).values_list("identifier", "check_key", "pk", "errors_found")}
