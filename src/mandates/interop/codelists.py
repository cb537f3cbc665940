"""IATI codelists: which codes exist (active or withdrawn) and which XPath each list governs.

``data/codelists.json`` is built from the official IATI codelist files by
``mandates build_iati_codelists DIR`` (see ``data/SOURCES.md``); ``data/codelist-mapping.xml`` is the
standard's own mapping of XPaths to codelists, with conditions on vocabularies.
"""
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from lxml import etree

DATA = Path(__file__).resolve().parent / "data"
CODELISTS_FILE = DATA / "codelists.json"
MAPPING_FILE = DATA / "codelist-mapping.xml"
NAMED = ("Sector", "Country", "Region", "OrganisationRole", "TransactionType", "ActivityStatus", "Currency")


def build(source_dir: Path) -> dict:
    """Codes of every codelist under ``source_dir`` (``embedded/`` and ``non-embedded/``)."""
    lists = {}
    for path in sorted(Path(source_dir).glob("*/*.xml")):
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
        name = root.get("name")
        entry = {"active": [], "withdrawn": []}
        names = {}
        for item in root.iter("codelist-item"):
            code = (item.findtext("code") or "").strip()
            entry["withdrawn" if item.get("status") == "withdrawn" else "active"].append(code)
            if name in NAMED:
                names[code] = (item.findtext("name/narrative") or "").strip()
        if names:
            entry["names"] = names
        lists[name] = entry
    return lists


@lru_cache(maxsize=1)
def codelists() -> dict:
    with open(CODELISTS_FILE, encoding="utf-8") as handle:
        return json.load(handle)


def name_of(codelist: str, code: str) -> str:
    return codelists().get(codelist, {}).get("names", {}).get(code, "")


@cache
def codes(codelist: str) -> tuple[frozenset, frozenset]:
    entry = codelists()[codelist]
    return frozenset(entry["active"]), frozenset(entry["withdrawn"])


@dataclass(frozen=True)
class Mapping:
    root: str          # "iati-activity" or "iati-organisation" (or "iati-activities" for the root)
    xpath: str         # relative to that element
    codelist: str
    condition: str | None


@lru_cache(maxsize=1)
def mappings() -> tuple[Mapping, ...]:
    tree = etree.parse(str(MAPPING_FILE), etree.XMLParser(resolve_entities=False, no_network=True))
    found = []
    for m in tree.getroot().iter("mapping"):
        path = m.findtext("path").strip()
        ref = m.find("codelist").get("ref")
        condition = (m.findtext("condition") or "").strip() or None
        if ref not in codelists():
            continue
        for root in ("iati-activities", "iati-activity", "iati-organisations", "iati-organisation"):
            prefix = f"//{root}/"
            if path.startswith(prefix):
                found.append(Mapping(root, "./" + path[len(prefix):], ref, condition))
                break
        else:
            if path.startswith("//"):
                found.append(Mapping("*", "." + path, ref, condition))
    return tuple(dict.fromkeys(found))  # distinct: a finding is keyed by the mapping's identity


@cache
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


@cache
def _folded(codelist: str) -> dict:
    active, _ = codes(codelist)
    return {c.casefold(): c for c in active}


XML_NS = "{http://www.w3.org/XML/1998/namespace}"


@lru_cache(maxsize=4)
def _index(root: str) -> dict:
    """Mappings of ``root`` by the tag of the element they read: tag -> [(parent tags, attribute, mapping)].

    Parent tags are nearest first, up to ``root``; None for ``.//`` paths (any depth). ``attribute`` None
    means the element's text; the tag "*" matches any element (``.//@xml:lang``).
    """
    index: dict[str, list] = {}
    for m in mappings():
        if m.root not in (root, "*"):
            continue
        anywhere = m.xpath.startswith(".//")
        steps = m.xpath[3:].split("/") if anywhere else m.xpath[2:].split("/")
        last = steps.pop()
        if last == "text()":
            attribute, tag = None, steps.pop()
        else:
            attribute = last[1:].replace("xml:", XML_NS)
            tag = steps.pop() if steps else ("*" if anywhere else root)
        index.setdefault(tag, []).append((None if anywhere else tuple(reversed(steps)), attribute, m))
    return index


def _placed(node, top, parents) -> bool:
    """Is ``node`` exactly at ``parents`` (nearest first) below ``top``?"""
    if node is top:
        return False
    for tag in parents:
        node = node.getparent()
        if node is None or node.tag != tag:
            return False
    return node.getparent() is top


@lru_cache(maxsize=4)
def _plan(root: str) -> tuple:
    """What ``check`` walks: the tags that carry a code (the element's iterator skips the others, such as
    narratives), each with its mappings and the active codes as a frozenset; and the mappings of any
    element (``.//@xml:lang``), read with one XPath per activity."""
    index = _index(root)
    tags = {tag: [(parents, attribute, m, codes(m.codelist)[0]) for parents, attribute, m in entries]
            for tag, entries in index.items() if tag != "*"}
    anywhere = [(etree.XPath(m.xpath), attribute, m, codes(m.codelist)[0]) for _parents, attribute, m in index.get("*", [])]
    return tuple(tags), tags, anywhere


def check(element, root: str):
    """Yield (severity, line, message) for codes of ``element`` (an activity or organisation) not in their list.

    A code missing from its codelist is an error; a withdrawn code, or one written in another case, a warning.
    One walk over the elements that can carry a code, whatever the number of mappings; a code found in its
    list (nearly all of them) costs one set lookup, and only the others have their place and condition checked.
    The same finding repeated in one activity (``xml:lang="EN"`` on every narrative) is given once, at its
    first line, saying how many times it occurs.
    """
    names, tags, anywhere = _plan(root)
    found: dict[tuple, list] = {}
    for node in element.iter(*names):
        for parents, attribute, m, active in tags[node.tag]:
            value = node.text if attribute is None else node.get(attribute)
            if value is None:
                continue
            value = value.strip()
            if value in active:
                continue
            if parents is not None:
                if node is element:
                    if parents or m.root != root:
                        continue
                elif not _placed(node, element, parents):
                    continue
            if m.condition and not _compiled(m.condition)(node):
                continue
            _found(found, value, m, node, attribute)
    for xpath, attribute, m, active in anywhere:
        for value in xpath(element):
            code = value.strip()
            if code in active:
                continue
            node = value.getparent()
            if m.condition and not _compiled(m.condition)(node):
                continue
            _found(found, code, m, node, attribute)
    for (severity, line, message), count in found.values():
        if count > 1:
            message = _times(get_language()) % {"finding": message, "count": count}
        yield severity, line, message


@cache
def _times(language: str | None) -> str:
    return _("%(finding)s (%(count)d times in this activity)")


def _found(found: dict, code: str, m: Mapping, node, attribute) -> None:
    key = (code, id(m), node.tag, attribute)  # mappings live as long as the process: the id names one
    entry = found.get(key)
    if entry is not None:
        entry[1] += 1
        return
    for finding in _judge(code, m, node, attribute):
        found[key] = [finding, 1]


def _judge(code: str, m: Mapping, node, attribute):
    if not code:
        return
    active, withdrawn = codes(m.codelist)
    if code in active:
        return
    where = f"{node.tag}/@{attribute.replace(XML_NS, 'xml:')}" if attribute else node.tag
    if code in withdrawn:
        yield "warning", node.sourceline, f"{where}: code “{code}” is withdrawn from the {m.codelist} codelist"
    elif _folded(m.codelist).get(code.casefold()):
        yield ("warning", node.sourceline,
               f"{where}: code “{code}” is written in another case in the {m.codelist} codelist")
    else:
        yield "error", node.sourceline, f"{where}: “{code}” is not a code of the {m.codelist} codelist"
