"""Check keys: a re-import reuses the verdict of an activity whose checks could only say the same again.

The checks (``reader._check``: schema, codelists, rules, the version shim) are a function of
- the activity's element: its markup (tags, attributes, texts, inherited namespaces: ``etree.tostring``) and the line
  of each of its elements (the findings carry them; ``tostring`` alone loses the lines of removed comments and of
  line breaks inside tags);
- the file: its version and the root's attributes and namespaces (``reader``'s ``context``);
- the checks themselves: the code and data of the reader, codelists, rules, version shim and records
  (``checks_version``: their files' bytes, lxml's and libxml2's versions), the language of the messages (its
  compiled catalogue), ``strict``, and the day — only for an activity with a date that a rule compares with today
  (``date_now``: "not more recent than today") and that is after today, since such a date can only pass on a later
  day, never fail again: an activity with none is reused on any later day (``_today_attributes``);
- for what is stored: the countries' ids the codes resolve to;
- and whether the identifier was seen before in the same file (checked for every activity, never reused).
The key hashes all of these but the last: an activity stored with the same key is valid and would be stored with the
same findings and rows, so it is only marked imported again (``services``). Any other activity is checked.
"""
import hashlib
import re
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
_ATTRIBUTE = re.compile(r"^@[A-Za-z_][\w.-]*$")


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


@lru_cache(maxsize=1)
def _today_attributes() -> tuple[str, ...] | None:
    """The attributes of an activity or organisation element that the standard ruleset's ``date_now`` rules compare
    with today (``@last-updated-datetime``), or None when one of those rules reads another path (a ruleset
    that compares a transaction's date, say): then every key carries the day."""
    from . import rules

    names = []
    for context, kinds in rules.standard().rules.items():
        for case in kinds.get("date_now", {}).get("cases", []):
            expression = str(case.get("date", ""))
            on_element = (rules._relative(context, "iati-activity") + rules._relative(context, "iati-organisation"))
            if on_element and set(on_element) == {"."} and _ATTRIBUTE.match(expression):
                names.append(expression[1:])
            elif on_element:
                return None
    return tuple(sorted(set(names)))


class Reuse:
    """Keys for one import; ``lookup``: whether stored keys are looked up (a file imported before), else the keys
    are only computed, to be stored for the next import."""

    def __init__(self, *, strict: bool, countries: dict, lookup: bool):
        from .models import ExternalActivity

        self.model, self.lookup = ExternalActivity, lookup
        language = translation.get_language() or ""
        self.prefix = hashlib.blake2b(checks_version(), digest_size=16)
        self.prefix.update(repr((strict, language, sorted(countries.items()))).encode())
        self.prefix.update(_catalogue(language) if language else b"")
        self.today = date.today()
        self.day = self.today.isoformat().encode()
        self.compared = _today_attributes()
        from .rules import _date
        self._date = _date

    def _dated(self, element) -> bool:
        """Whether the element's key carries the day: it has a date compared with today that is after today (or the
        ruleset compares dates the key cannot find cheaply: then every key carries it)."""
        if self.compared is None:
            return True
        for name in self.compared:
            value = element.get(name)
            if value is not None:
                when = self._date(value)
                if when is not None and when > self.today:
                    return True
        return False

    def keys(self, elements, context: str) -> list[str]:
        out = []
        for element in elements:
            digest = self.prefix.copy()
            digest.update(context.encode())
            digest.update(etree.tostring(element, with_tail=False))
            digest.update(_lines(element))
            if self._dated(element):
                digest.update(self.day)
            out.append(digest.hexdigest())
        return out

    def known(self, identifiers: list[str]) -> dict[str, tuple]:
        """{identifier: (stored key, pk, errors found)} of the stored activities among ``identifiers`` (one query)."""
        return {identifier: (key, pk, errors) for identifier, key, pk, errors in self.model.objects.filter(
            identifier__in=[i for i in identifiers if i]).values_list("identifier", "check_key", "pk", "errors_found")}
