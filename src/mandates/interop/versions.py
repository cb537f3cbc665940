"""The version shim: one parser for IATI 2.01, 2.02 and 2.03 (``reader``), and what differs per version.

Only the 2.03 XSD is in the shared data. IATI's decimal upgrades (2.01 -> 2.02 -> 2.03) only add
optional elements, attributes and codes and relax a few limits, so a 2.01 or 2.02 activity is validated
with the 2.03 schema: everything its own schema would refuse for being malformed, the 2.03 schema
refuses too. What the 2.03
schema cannot see is a construct newer than the file's version (``tag`` in a 2.02 file, a second
``baseline`` of an indicator in a 2.02 file, a 2.02 ``target`` without ``@value``): those are listed with the
version that brought them in ``data/versions.json`` (checked against the historical schemas of
IATI/IATI-Schemas, see there) and reported here as warnings. The
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
def _newer_than(version: str) -> tuple[tuple[str, str, str | None, str | None, str | None], ...]:
    """(label, since, element path, attribute, was) of every construct brought after ``version``: introduced
    (``was`` None: present at all), or relaxed (``was`` "once": repeated where the older schema allowed one;
    "required": an attribute the older schema required, left out)."""
    found = []
    for entry in _shim()["introduced"] + _shim().get("relaxed", []):
        if _key(entry["since"]) <= _key(version):
            continue
        path, was = entry["path"], entry.get("was")
        if "@" in path:
            element, _sep, attribute = path.rpartition("@")
            element = element.rstrip("/") or None
        else:
            element, attribute = path, None
        label = {"once": f"more than one {path}", "required": f"{path} left out"}.get(was, path)
        found.append((label, entry["since"], element, attribute, was))
    return tuple(found)


def _nodes(element, steps, attribute, was):
    if was == "once":
        seen = set()
        for node in element.iterfind(steps):
            parent = node.getparent()
            if parent in seen:
                yield node
            seen.add(parent)
        return
    nodes = [element] if steps is None else element.iterfind(steps)
    if was == "required":
        yield from (n for n in nodes if n.get(attribute) is None)
    elif attribute is None:
        yield from nodes
    else:
        yield from (n for n in nodes if n.get(attribute) is not None)


def findings(element, version: str):
    """Yield (severity, line, message) for constructs of ``element`` that ``version`` does not have yet."""
    for label, since, steps, attribute, was in _newer_than(version):
        for node in _nodes(element, steps, attribute, was):
            yield ("warning", node.sourceline, _(
                "%(path)s is IATI %(since)s, newer than this file's version %(version)s: its own schema would "
                "refuse it (kept as read)") % {"path": label, "since": since, "version": version})
            break  # once per construct and activity


def older(version: str) -> bool:
    """Is ``version`` older than the schema the shim validates with (2.03)?"""
    return _key(version) < _key(_shim()["schema"])
