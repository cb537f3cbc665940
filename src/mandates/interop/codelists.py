"""IATI codelists: which codes exist (active or withdrawn) and which XPath each list governs.

``data/codelists.json`` is built from the official IATI codelist files by
``mandates build_iati_codelists DIR`` (see ``data/SOURCES.md``); ``data/codelist-mapping.xml`` is the
standard's own mapping of XPaths to codelists, with conditions on vocabularies.
"""
import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

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
    return tuple(found)


@cache
def _compiled(xpath: str) -> etree.XPath:
    return etree.XPath(xpath)


@cache
def _folded(codelist: str) -> dict:
    active, _ = codes(codelist)
    return {c.casefold(): c for c in active}


def check(element, root: str):
    """Yield (severity, line, message) for codes of ``element`` (an activity or organisation) not in their list.

    A code missing from its codelist is an error; a withdrawn code is a warning (the Validator's practice).
    """
    for m in mappings():
        if m.root not in (root, "*"):
            continue
        for value in _compiled(m.xpath)(element):
            parent = value.getparent() if hasattr(value, "getparent") else None
            if m.condition and parent is not None and not parent.xpath(m.condition):
                continue
            code = str(value).strip()
            if not code:
                continue
            active, withdrawn = codes(m.codelist)
            line = parent.sourceline if parent is not None else element.sourceline
            attribute = value.attrname if getattr(value, "is_attribute", False) else ""
            where = f"{parent.tag}/@{attribute}" if parent is not None and attribute else m.xpath
            if code in active:
                continue
            if _folded(m.codelist).get(code.casefold()):
                yield "warning", line, f"{where}: code “{code}” is written in another case in the {m.codelist} codelist"
                continue
            if code in withdrawn:
                yield "warning", line, f"{where}: code “{code}” is withdrawn from the {m.codelist} codelist"
            else:
                yield "error", line, f"{where}: “{code}” is not a code of the {m.codelist} codelist"
