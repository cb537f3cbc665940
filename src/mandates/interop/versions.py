"""The version shim: one parser for IATI 2.01, 2.02 and 2.03 (``reader``), and what differs per version.

Only the 2.03 XSD is in the shared data. IATI's decimal upgrades (2.01 -> 2.02 -> 2.03) only add
optional elements, attributes and codes, so a 2.01 or 2.02 activity is validated with the 2.03 schema:
everything its own schema would refuse for being malformed, the 2.03 schema refuses too. What the 2.03
schema cannot see is a construct newer than the file's version (``tag`` in a 2.02 file): those are listed
with the version that introduced them in ``data/versions.json`` and reported here as warnings. The
stored values are read the same way for every version; where an older version lacks an attribute that
is stored (``budget/@status`` before 2.02), the stored default is named in the same file.
1.x and pre-standard files are refused by the reader, before any of this.
"""
import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

DATA = Path(__file__).resolve().parent / "data" / "versions.json"


@cache
def _shim() -> dict:
    with open(DATA, encoding="utf-8") as handle:
        return json.load(handle)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@cache
def _newer_than(version: str) -> tuple[tuple[str, str, str | None, str], ...]:
    """(path, since, element path, attribute) of every construct introduced after ``version``."""
    found = []
    for entry in _shim()["introduced"]:
        if _key(entry["since"]) <= _key(version):
            continue
        path = entry["path"]
        if "@" in path:
            element, _sep, attribute = path.rpartition("@")
            found.append((path, entry["since"], element.rstrip("/") or None, attribute))
        else:
            found.append((path, entry["since"], path, None))
    return tuple(found)


def findings(element, version: str):
    """Yield (severity, line, message) for constructs of ``element`` that ``version`` does not have yet."""
    for path, since, steps, attribute in _newer_than(version):
        if attribute is None:
            nodes = element.iterfind(steps)
        else:
            nodes = [element] if steps is None else element.iterfind(steps)
            nodes = [n for n in nodes if n.get(attribute) is not None]
        for node in nodes:
            yield ("warning", node.sourceline, _(
                "%(path)s is IATI %(since)s, newer than this file's version %(version)s: its own schema would "
                "refuse it (kept as read)") % {"path": path, "since": since, "version": version})
            break  # once per construct and activity


def older(version: str) -> bool:
    """Is ``version`` older than the schema the shim validates with (2.03)?"""
    return _key(version) < _key(_shim()["schema"])
