"""Reading any IATI 2.0x file, streamed, in the IATI Validator's order of checks.

1. well-formed XML (and no DOCTYPE: DTDs, entities and external references are refused);
2. an IATI root (``iati-activities`` or ``iati-organisations``);
3. a supported version (2.01-2.03; 1.x and pre-standard files are refused with a clear message);
4. per activity (or organisation), the 2.03 XML schema — for 2.01 and 2.02 files too, with the version
   shim's check for constructs newer than the file's version (``versions``: what differs, what is checked);
5. codelists; 6. the standard rulesets.

The file is parsed with ``lxml.etree.iterparse``; each activity is checked and handed on as soon as
its end tag is read, then cleared, so memory stays flat whatever the size of the file. A file
that turns out not to be well-formed part-way is refused as a whole (the caller's transaction
is rolled back by the ``FileRefused`` exception).
"""
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from . import codelists, parallel, rules, versions

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "schema-2.03"
SUPPORTED = ("2.01", "2.02", "2.03")
ROOTS = {"iati-activities": "iati-activity", "iati-organisations": "iati-organisation"}
PROLOG_LIMIT = 1 << 20


class FileRefused(Exception):
    """The whole file is refused: ``reason`` says why, ``line`` where (if known)."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return f"{self.reason} (line {self.line})" if self.line else self.reason


@dataclass
class Checked:
    """One activity or organisation element after the checks."""

    element: etree._Element
    kind: str                 # "iati-activity" or "iati-organisation"
    line: int
    version: str
    errors: list[tuple[int | None, str]] = field(default_factory=list)    # refuse the element
    findings: list[tuple[str, int | None, str]] = field(default_factory=list)  # (severity, line, message)
    key: str = ""                  # with ``reuse``: the element's check key (``services.Reuse``)
    reused: tuple | None = None    # with ``reuse``: the stored activity whose verdict is reused (not checked again)

    @property
    def valid(self) -> bool:
        return not self.errors


@lru_cache(maxsize=2)
def schema(kind: str) -> etree.XMLSchema:
    name = "iati-activities-schema.xsd" if kind == "iati-activity" else "iati-organisations-schema.xsd"
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name), parser))


def _parser_options() -> dict:
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
            "remove_comments": True, "remove_pis": True}


def _check_start(source) -> None:
    """Refuse what is plainly not XML before parsing (binary files, spreadsheets named .xml)."""
    if hasattr(source, "read"):
        head = source.read(4096)
        source.seek(0)
    else:
        with open(source, "rb") as handle:
            head = handle.read(4096)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise FileRefused(_("The file is empty."))
    if text.startswith(b"PK\x03\x04"):
        raise FileRefused(_("The file is not XML (it is a zip archive, e.g. a spreadsheet)."))
    if not text.startswith(b"<"):
        raise FileRefused(_("The file is not XML."))


def read(source, *, rules_set: rules.Ruleset | None = None, strict: bool = False, processes: int | None = None,
         reuse=None):
    """Yield ``("root", info)`` once, then a ``Checked`` per activity or organisation.

    ``source`` is a path or a binary file object. Raises ``FileRefused`` for a file-level refusal.
    ``strict``: codelist and rule errors refuse the activity too (by default they are kept as findings
    and only schema errors refuse, as the IATI Datastore does). ``processes``: 1 checks every element in this
    process; otherwise the checks run in a second process when ``parallel.start`` can start one (the setting
    ``IATI_IMPORT_PROCESSES``, two CPUs, a file the second process can read on its own; by default, ``None``, also
    only while the machine's load leaves a CPU free; 2 forces it whatever the load).
    ``reuse`` (``reuse.Reuse``, activity files): each activity's check key is computed (``Checked.key``); with
    ``reuse.lookup`` the file is read in one process, and an activity whose identifier is stored with the same key
    is not checked again: it is yielded with ``reused`` set (the stored activity) and no findings of its own.
    """
    _check_start(source)
    rules_set = rules_set or rules.standard()
    root_info, refused = _root(source)
    if refused:  # read on only to see whether the file is well-formed: that error comes first
        _drain(source)
        raise refused
    child, version = root_info["child"], root_info["version"]
    yield "root", {"kind": root_info["kind"], "version": version, "line": root_info["line"]}
    parallel.LAST_PEAK["mb"] = 0.0
    if child != "iati-activity":
        reuse = None  # organisations are checked, not stored
    context = root_info["context"]
    if reuse is not None and reuse.lookup:
        yield from _read_reusing(source, child, version, rules_set, strict, reuse, context)
        return
    checker = (parallel.start(source, child, version, rules_set, reuse, context, force=processes is not None)
               if processes is None or processes > 1 else None)
    if checker is not None:
        yield from _read_joined(source, child, version, strict, checker)
        return
    seen: set[str] = set()
    try:
        for element in elements(_rewound(source), child):
            checked = _check(element, child, version, rules_set, strict, seen)
            if reuse is not None:
                checked.key = reuse.keys([element], context)[0]
            yield checked
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from exc


def elements(handle, child: str):
    """The activity (or organisation) elements of the file, one at a time. Events only for those elements: lxml
    builds the tree in C and Python sees one event per activity, which is handed on, then cleared with the
    siblings before it once the caller asks for the next one."""
    for element in _unreleased(handle, child):
        yield element
        _release([element])


REUSE_CHUNK = 100  # activities held at once by the reading that reuses verdicts: one query per chunk


def _read_reusing(source, child: str, version: str, rules_set, strict: bool, reuse, context: str):
    """The one-process reading, by chunks of ``REUSE_CHUNK`` activities: the stored keys of a chunk's identifiers are
    read with one query; an activity whose key is the stored one (the same markup, lines, version, file context and
    checks: ``reuse``; the checks could only give the same verdict) is handed on as reused, the others are checked."""
    seen: set[str] = set()
    try:
        for chunk in _chunks(_rewound(source), child, REUSE_CHUNK):
            identifiers = [(element.findtext("iati-identifier") or "").strip() for element in chunk]
            keys = reuse.keys(chunk, context)
            stored = reuse.known(identifiers)
            for element, identifier, key in zip(chunk, identifiers, keys, strict=True):
                found = stored.get(identifier) if identifier and identifier not in seen else None
                if found is not None and found[0] == key:
                    seen.add(identifier)
                    yield Checked(element, child, element.sourceline or 0, version, key=key, reused=found)
                else:
                    checked = _check(element, child, version, rules_set, strict, seen)
                    checked.key = key
                    yield checked
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from exc


def _chunks(handle, child: str, size: int):
    """``elements`` by lists of ``size``, each cleared (with the siblings before it) once the next list is asked for."""
    chunk: list = []
    for element in _unreleased(handle, child):
        chunk.append(element)
        if len(chunk) >= size:
            yield chunk
            _release(chunk)
            chunk = []
    if chunk:
        yield chunk
        _release(chunk)


def _unreleased(handle, child: str):
    """The elements to read, not cleared: children of the root only (an activity nested in something else is not
    one to read)."""
    for _event, element in etree.iterparse(handle, events=("end",), tag=child, **_parser_options()):
        parent = element.getparent()
        if parent is not None and parent.getparent() is None:
            yield element


def _release(chunk: list) -> None:
    for element in chunk:
        element.clear(keep_tail=False)
    last = chunk[-1]
    parent = last.getparent()
    while last.getprevious() is not None:
        del parent[0]


def _read_joined(source, child: str, version: str, strict: bool, checker):
    """The elements read here, each joined with the verdict the second process gave on the same element (both
    read the same bytes in the same order): the same ``Checked`` as the one-process reading gives."""
    try:
        for element in elements(_rewound(source), child):
            line, errors, early, judged, key = checker.verdict(element.sourceline or 0)
            checked = Checked(element, child, line, version, errors, key=key)
            if not errors:  # the codelists are checked here, so that both processes have about half the work
                checked.findings = early + _codelists(element, child) + judged
                _strict(checked, strict)
            yield checked
        checker.finish()
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from exc
    finally:
        checker.close()


def _rewound(source):
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _not_well_formed(exc: etree.XMLSyntaxError) -> FileRefused:
    line = exc.position[0] if exc.position else getattr(exc, "lineno", None)
    return FileRefused(_("The file is not well-formed XML: %(error)s") % {"error": exc.msg or str(exc)}, line)


def _root(source) -> tuple[dict, FileRefused | None]:
    """The root element's tag, line, version and the element it holds; or why the root is refused.
    Parses only up to the root's start tag (a DOCTYPE comes before it and is refused here)."""
    events = etree.iterparse(_rewound(source), events=("start",), **_parser_options())
    try:
        for _event, element in events:
            docinfo = element.getroottree().docinfo
            if docinfo.doctype or docinfo.internalDTD is not None:
                raise FileRefused(_("The file declares a DOCTYPE; DTDs and entities are refused."),
                                  element.sourceline)
            # the root's attributes and namespaces, which its activities inherit (for ``reuse``'s keys)
            info = {"kind": element.tag, "line": element.sourceline,
                    "context": repr((sorted(element.attrib.items()), sorted(element.nsmap.items(), key=str)))}
            try:
                info["child"], info["version"] = _check_root(element)
            except FileRefused as exc:
                return info, exc
            return info, None
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from exc
    raise FileRefused(_("The file holds no XML element."))


class _Discard:
    """A parser target that keeps nothing: checking that a refused file is well-formed in constant memory."""

    def start(self, tag, attrib):
        pass

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None


def _drain(source) -> None:
    parser = etree.XMLParser(target=_Discard(), **_parser_options())
    handle = _rewound(source) if hasattr(source, "read") else open(source, "rb")
    try:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise _not_well_formed(exc) from exc
    finally:
        if handle is not source:
            handle.close()


def _check_root(element) -> tuple[str, str]:
    child = ROOTS.get(element.tag)
    if child is None:
        raise FileRefused(_("Not an IATI file: the root element is <%(tag)s>, expected "
                            "<iati-activities> or <iati-organisations>.") % {"tag": element.tag}, element.sourceline)
    version = (element.get("version") or "").strip()
    _check_version(version, element.sourceline)
    return child, version


def _check_version(version: str, line: int) -> None:
    if not version:
        raise FileRefused(_("The file names no IATI version (@version): pre-standard files cannot be read; "
                            "publish it as IATI 2.03."), line)
    if version.startswith("1."):
        raise FileRefused(_("IATI version %(version)s is a 1.x version, no longer supported by the standard since "
                            "2019: republish the file as IATI 2.03.") % {"version": version}, line)
    if version not in SUPPORTED:
        raise FileRefused(_("IATI version “%(version)s” is not one this importer reads (%(supported)s).")
                          % {"version": version, "supported": ", ".join(SUPPORTED)}, line)


def _check(element, kind: str, version: str, rules_set, strict: bool, seen: set) -> Checked:
    checked = _schema_check(element, kind, version, seen)
    if not checked.errors:  # the validator stops at schema errors: later checks would only repeat them
        checked.findings = _early(element, kind, version) + _codelists(element, kind) + _rules(element, kind, rules_set)
        _strict(checked, strict)
    return checked


def _schema_check(element, kind: str, version: str, seen: set) -> Checked:
    """The checks that refuse an activity: the schema, and an identifier present and not seen before in the file."""
    checked = Checked(element, kind, element.sourceline or 0, version)
    validator = schema(kind)
    if not validator.validate(element):
        for error in validator.error_log:
            checked.errors.append((error.line, error.message))
    if kind == "iati-activity":
        identifier = (element.findtext("iati-identifier") or "").strip()
        if not identifier:
            checked.errors.append((checked.line, _("The activity has no iati-identifier.")))
        elif identifier in seen:
            checked.errors.append((checked.line, _("The identifier %(id)s appears twice in the file; the "
                                                   "first one is kept.") % {"id": identifier}))
        seen.add(identifier)
    return checked


def _early(element, kind: str, version: str) -> list:
    """The version shim's findings (constructs newer than the file's version)."""
    return list(versions.findings(element, version)) if kind == "iati-activity" and versions.older(version) else []


def _codelists(element, kind: str) -> list:
    return list(codelists.check(element, kind))


def _rules(element, kind: str, rules_set) -> list:
    return [(finding.severity, finding.line, f"{finding.rule} {finding.message}")
            for finding in rules_set.check(element, kind)]


def _strict(checked: Checked, strict: bool) -> None:
    if strict:
        checked.errors.extend((line, message) for severity, line, message in checked.findings if severity == "error")
