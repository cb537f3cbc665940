"""An evaluator of IATI rulesets (the JSON rules of ``IATI/IATI-Rulesets``, see its SPEC.rst).

A ruleset maps a context XPath to rule kinds to cases. ``check(element, root)`` runs every case
whose context lies in the given activity (or organisation) and yields ``Finding``s. Contexts are
written from the document root (``/iati-activities/iati-activity/budget``, ``//title``); they are
evaluated here relative to one activity so that a file can be checked one activity at a time.

Rule kinds: no_more_than_one, atleast_one, only_one_of, one_or_all, dependent, sum, strict_sum,
date_order, date_now, time_limit, between_dates, regex_matches, regex_no_matches, startswith,
unique, no_spaces, range, if_then, loop.
"""
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from lxml import etree

STANDARD_RULESET = Path(__file__).resolve().parent / "data" / "rulesets" / "standard.json"
ROOTS = {"iati-activity": "/iati-activities/iati-activity", "iati-organisation": "/iati-organisations/iati-organisation"}


@dataclass(frozen=True)
class Finding:
    severity: str   # "error", "warning" (as the ruleset says)
    rule: str       # the rule id, e.g. "11.1.2"
    message: str
    line: int | None


XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_TAG = attrgetter("tag")
_STEPS = r"[A-Za-z_][\w.-]*(?:/[A-Za-z_][\w.-]*)*"
_ELEMENTS = re.compile(rf"^({_STEPS})$")
_ATTRIBUTE = re.compile(rf"^(?:({_STEPS})/)?@((?:xml:)?[A-Za-z_][\w.-]*)$")
_TEXT = re.compile(rf"^({_STEPS})/text\(\)$")


@lru_cache(maxsize=4096)
def _xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, smart_strings=False)


@lru_cache(maxsize=4096)
def _compiled(expression: str):
    """A callable giving what the XPath ``expression`` gives, and the element names it needs.

    A lone attribute (``@ref``) is read with ``get``; a text path (``narrative/text()``) with ElementPath
    (``e.text``, as before); every other path with a compiled XPath returning plain strings — faster than
    ElementPath on these trees, most of all for two steps (``transaction/value/@value-date``: 25 ms against
    44 ms per 1,300 UNDP activities). Results are a list of elements, or of strings for attributes and text.
    """
    if _ELEMENTS.match(expression):
        fn = _xpath(expression)
    elif match := _ATTRIBUTE.match(expression):
        path, name = match.groups()
        if path is None:
            name = name.replace("xml:", XML_NS)
            def fn(node):
                value = node.get(name)
                return [] if value is None else [value]
        else:
            fn = _xpath(expression)
    elif match := _TEXT.match(expression):
        path = match.group(1)
        def fn(node):
            return [e.text for e in node.iterfind(path) if e.text]
    else:
        fn = _xpath(expression)
    needed = frozenset() if ".." in expression else _needed_names(expression)
    return fn, needed


def _eval(node, expression: str):
    return _compiled(expression)[0](node)


def _truthy(result) -> bool:
    if isinstance(result, list):
        return bool(result)
    return bool(result)


def _values(node, present, expression: str) -> list[str]:
    result = _pruned(node, present, expression)
    if not isinstance(result, list):
        return [] if result in (None, "") else [str(result)]
    out = []
    for item in result:
        if isinstance(item, etree._Element):
            out.append(item.text or "")
        else:
            out.append(str(item))
    return out


class _Present(frozenset):
    """The element names of the activity being checked; and, for the activity node itself, the values of the
    ruleset's boolean expressions, read with one XPath call (``Ruleset._booleans``)."""

    __slots__ = ("node", "booleans")


def _pruned(node, present, expression: str):
    """``_eval``, but [] without evaluating when a named step of a plain path is nowhere in the activity.

    On the activity itself, each expression is evaluated once per activity and kept in ``present.booleans``
    (with the boolean expressions read beforehand): the cases read the same paths again and again
    (``reporting-org/@ref`` five times, ``iati-identifier`` four times, each loop's ``foreach`` three times),
    and each read of a path from the activity scans its ~45 children (about 10 µs). No element is hashed:
    the key is the expression, only for the activity node. Callers never change the lists returned."""
    if present is not None and node is present.node:
        known = present.booleans.get(expression)
        if known is not None:
            return known
        fn, needed = _compiled(expression)
        found = present.booleans[expression] = [] if needed and not needed <= present else fn(node)
        return found
    fn, needed = _compiled(expression)
    if needed and present is not None and not needed <= present:
        return []
    return fn(node)


@lru_cache(maxsize=4096)
def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(str(text).strip()[:10])
    except ValueError:
        return None


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _relative(context: str, root: str) -> list[str]:
    """The context XPath rewritten relative to one ``root`` element; [] when it does not apply."""
    parts = []
    for part in context.split("|"):
        part = part.strip()
        prefix = ROOTS[root]
        if part == prefix:
            parts.append(".")
        elif part.startswith((prefix + "/", prefix + "[")):
            parts.append("." + part[len(prefix):])
        elif part.startswith("//"):
            parts.append("." + part)
    return parts


_PREDICATE = re.compile(r"\[[^\[\]]*\]")
_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")


def _needed_names(expression: str) -> frozenset:
    """The element names every match of a plain location path must have among the activity's elements
    (``./budget/value[@x]`` needs budget and value); empty when the path is not plain (functions, axes)."""
    path = expression
    while _PREDICATE.search(path):
        path = _PREDICATE.sub("", path)
    if "(" in path or "::" in path or "|" in path:
        return frozenset()
    steps = [step for step in path.split("/") if step not in ("", ".", "..")]
    if any(not _NAME.match(step) for step in steps if not step.startswith("@") and step != "*"):
        return frozenset()
    return frozenset(step for step in steps if _NAME.match(step))


class Ruleset:
    def __init__(self, rules: dict, *, today: date | None = None, org_id_prefixes: frozenset = frozenset()):
        self.rules = rules
        self.today = today
        self.org_id_prefixes = org_id_prefixes
        self._compiled: dict[str, list] = {}
        self._present: frozenset | None = None  # the element names of the activity being checked

    @classmethod
    def from_file(cls, path: Path = STANDARD_RULESET, **kwargs) -> "Ruleset":
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle), **kwargs)

    def _contexts(self, root: str) -> list:
        """(relative expressions with the element names they need, rule kinds) per context, computed once."""
        cached = self._compiled.get(root)
        if cached is None:
            cached = []
            for context, kinds in self.rules.items():
                expressions = [(expression, _needed_names(expression)) for expression in _relative(context, root)]
                if expressions:
                    cases = [(kind, case, self._judge(kind, case), case.get("condition"))
                             for kind, body in kinds.items() for case in body.get("cases", [])]
                    cached.append((expressions, cases))
            self._compiled[root] = cached
        return cached

    def check(self, element, root: str = "iati-activity"):
        today = self.today or date.today()
        present = self._present = _Present(map(_TAG, element.iter(tag=etree.Element)))
        present.node = element
        names, combined = self._booleans(root)
        present.booleans = dict(zip(names, (flag == "1" for flag in combined(element)), strict=True)) if names else {}
        for expressions, cases in self._contexts(root):
            targets = []
            for expression, needed in expressions:
                if not needed <= present:  # a named step the activity does not have: nothing to find
                    continue
                found = _eval(element, expression)
                targets.extend(found if isinstance(found, list) else [])
            for target in targets:
                for kind, case, check, condition in cases:
                    if condition is not None and not _truthy(_pruned(target, present, condition)):
                        continue
                    if check is None:
                        yield from self._loop(case, target, today)
                    elif not check(case, target, today):
                        info = case["ruleInfo"]
                        yield Finding(info.get("severity", "error"), info.get("id", ""), info.get("message", kind),
                                      getattr(target, "sourceline", None))

    def _booleans(self, root: str) -> tuple[tuple[str, ...], etree.XPath | None]:
        """The boolean expressions the cases read on the element itself (conditions, ``if``/``then``,
        ``count(...) > 1``; not the loops' substituted ones), and one XPath giving all their values as a
        string of 0 and 1: one call per activity instead of one per expression (about 25 per activity for the
        standard ruleset, each paying lxml's set-up of an XPath evaluation). An expression's type is static in
        XPath 1.0, so it is found by evaluating it once on an empty element."""
        cached = self.__dict__.setdefault("_combined", {})
        if root not in cached:
            found: dict[str, None] = {}
            for expressions, cases in self._contexts(root):
                if [e for e, _n in expressions] != ["."]:
                    continue
                for _kind, case, _check, _condition in cases:
                    for key in ("condition", "if", "then", "one", "paths", "excluded"):
                        for text in (case.get(key) if isinstance(case.get(key), list) else [case.get(key)]):
                            if isinstance(text, str) and "$1" not in text and _boolean_typed(text):
                                found[text] = None
            names = tuple(found)
            parts = [f"number(boolean({name}))" for name in names] + ["''", "''"]
            cached[root] = (names, etree.XPath(f"concat({', '.join(parts)})") if names else None)
        return cached[root]

    def _judge(self, kind: str, case: dict):
        """``_checker``, but for the kinds judged most often (on every organisation, title and description:
        about 100,000 cases in a 1,300-activity file) a closure over this case's paths, read directly: a lone
        attribute with ``get``, a child name with ``find``; the same verdicts as the methods, without their
        per-call look-ups of the case, the paths and the compiled expressions."""
        check = self._checker(kind)
        if kind not in ("atleast_one", "no_spaces", "regex_matches", "regex_no_matches"):
            return check
        paths = case["paths"]
        if kind == "atleast_one":
            truths = [_truth(p) for p in paths]

            def judge(case, node, today):
                present = self._present
                return any(truth(node, present) for truth in truths)
            return judge
        readers = [_reader(p) for p in paths]
        if kind == "no_spaces":
            def judge(case, node, today):
                present = self._present
                return all(v == v.strip() for read in readers for v in read(node, present))
            return judge
        search = _regex(case["regex"]).search
        if kind == "regex_matches":
            def judge(case, node, today):
                present = self._present
                return all(search(v) for read in readers for v in read(node, present))
            return judge

        def judge(case, node, today):
            present = self._present
            return not any(search(v) for read in readers for v in read(node, present))
        return judge

    def _checker(self, kind: str):
        """The method judging one case of ``kind`` (None for ``loop``, which expands into cases)."""
        if kind == "loop":
            return None
        check = getattr(self, "_" + kind, None)
        if check is None:
            raise ValueError(f"unknown rule kind {kind!r}")
        return check

    # --- one case ---------------------------------------------------------------------------------
    def _case(self, kind: str, case: dict, node, today: date):
        if "condition" in case and not _truthy(_pruned(node, self._present, case["condition"])):
            return
        if kind == "loop":
            yield from self._loop(case, node, today)
            return
        check = getattr(self, "_" + kind, None)
        if check is None:
            raise ValueError(f"unknown rule kind {kind!r}")
        if not check(case, node, today):
            info = case["ruleInfo"]
            yield Finding(info.get("severity", "error"), info.get("id", ""), info.get("message", kind),
                          getattr(node, "sourceline", None))

    def _loop(self, case: dict, node, today: date):
        seen = []
        for value in _values(node, self._present, case["foreach"]):
            if value not in seen:
                seen.append(value)
        for value in seen:
            literal = value.replace("'", "")
            for kind, body in case["do"].items():
                for inner in body.get("cases", []):
                    yield from self._case(kind, _substituted(inner, literal), node, today)

    def _count(self, case, node) -> int:
        return sum(len(r) if isinstance(r := _pruned(node, self._present, p), list) else int(_truthy(r))
                   for p in case["paths"])

    def _atleast_one(self, case, node, today) -> bool:
        return any(_truthy(_pruned(node, self._present, p)) for p in case["paths"])

    def _no_more_than_one(self, case, node, today) -> bool:
        return self._count(case, node) <= 1

    def _only_one_of(self, case, node, today) -> bool:
        if any(_truthy(_pruned(node, self._present, p)) for p in case.get("excluded", [])):
            return self._count(case, node) == 0
        return self._count(case, node) == 1

    def _dependent(self, case, node, today) -> bool:
        present = [_truthy(_pruned(node, self._present, p)) for p in case["paths"]]
        return all(present) or not any(present)

    def _one_or_all(self, case, node, today) -> bool:
        if _truthy(_pruned(node, self._present, case["one"])):
            return True
        wanted = case["all"]
        if wanted == "lang":
            return not _pruned(node, self._present, ".//narrative[not(@xml:lang)]")
        if wanted == "currency":
            return not _pruned(node, self._present, ".//value[not(@currency)]") and not _pruned(node, self._present, ".//loan-status[not(@currency)]")
        if wanted == "sector":
            return not _pruned(node, self._present, "transaction/sector") or not _pruned(node, self._present, "transaction[not(sector)]")
        return _truthy(_pruned(node, self._present, wanted))

    def _sum(self, case, node, today) -> bool:
        numbers = [_number(v) for p in case["paths"] for v in _values(node, self._present, p)]
        if not numbers or any(n is None for n in numbers):
            return not numbers
        return sum(numbers) == Decimal(str(case["sum"]))

    def _strict_sum(self, case, node, today) -> bool:
        return self._sum(case, node, today)

    def _date_order(self, case, node, today) -> bool:
        less = [d for d in (_date(v) for v in _side(node, self._present, case["less"], today)) if d]
        more = [d for d in (_date(v) for v in _side(node, self._present, case["more"], today)) if d]
        return all(a <= b for a in less for b in more)

    def _date_now(self, case, node, today) -> bool:
        return all(d <= today for d in (_date(v) for v in _values(node, self._present, case["date"])) if d)

    def _time_limit(self, case, node, today) -> bool:
        starts = [d for d in map(_date, _values(node, self._present, case["start"])) if d]
        ends = [d for d in map(_date, _values(node, self._present, case["end"])) if d]
        if not starts or not ends:
            return True
        start, end = starts[0], ends[0]
        try:
            limit = start.replace(year=start.year + 1)
        except ValueError:  # 29 February
            limit = date(start.year + 1, 3, 1)
        return end <= limit

    def _between_dates(self, case, node, today) -> bool:
        starts = [d for d in map(_date, _values(node, self._present, case["start"])) if d]
        ends = [d for d in map(_date, _values(node, self._present, case["end"])) if d]
        if not starts or not ends:
            return True
        return all(starts[0] <= d <= ends[0] for d in map(_date, _values(node, self._present, case["date"])) if d)

    def _regex_matches(self, case, node, today) -> bool:
        pattern = _regex(case["regex"])
        return all(pattern.search(v) for p in case["paths"] for v in _values(node, self._present, p))

    def _regex_no_matches(self, case, node, today) -> bool:
        pattern = _regex(case["regex"])
        return not any(pattern.search(v) for p in case["paths"] for v in _values(node, self._present, p))

    def _startswith(self, case, node, today) -> bool:
        separator = case.get("separator", "")
        prefixes: list[str] = []
        known = ()
        for p in case["prefix"]:
            if p == "ORG-ID-PREFIX":
                if not self.org_id_prefixes:
                    return True  # no list of registration agencies given: nothing to check against
                known = self._known_starts(separator)
            else:
                prefixes.extend(v.strip() for v in _values(node, self._present, p) if v.strip())
        starts = tuple(prefix + separator for prefix in prefixes) + known
        if not starts:
            return True
        return all(v.startswith(starts) for p in case["paths"] for v in _values(node, self._present, p))

    def _known_starts(self, separator: str) -> tuple[str, ...]:
        """The registration agencies' prefixes followed by ``separator``, built once (not per activity)."""
        starts = self.__dict__.setdefault("_starts", {})
        if separator not in starts:
            starts[separator] = tuple(prefix + separator for prefix in self.org_id_prefixes)
        return starts[separator]

    def _unique(self, case, node, today) -> bool:
        values = [v.strip() for p in case["paths"] for v in _values(node, self._present, p)]
        return len(values) == len(set(values))

    def _no_spaces(self, case, node, today) -> bool:
        return all(v == v.strip() for p in case["paths"] for v in _values(node, self._present, p))

    def _range(self, case, node, today) -> bool:
        low, high = case.get("min"), case.get("max")
        for p in case["paths"]:
            for v in _values(node, self._present, p):
                n = _number(v)
                if n is None:
                    continue
                if (low is not None and n < Decimal(str(low))) or (high is not None and n > Decimal(str(high))):
                    return False
        return True

    def _if_then(self, case, node, today) -> bool:
        return not _truthy(_pruned(node, self._present, case["if"])) or _truthy(_pruned(node, self._present, case["then"]))


def _lone_attribute(expression: str) -> str | None:
    match = _ATTRIBUTE.match(expression)
    return match.group(2).replace("xml:", XML_NS) if match and match.group(1) is None else None


def _truth(expression: str):
    """``_truthy(_pruned(node, present, expression))`` as a closure: ``get`` for a lone attribute, ``find`` for a
    child name (both non-empty exactly when the XPath's node-set is)."""
    if (name := _lone_attribute(expression)) is not None:
        return lambda node, present: node.get(name) is not None
    if _NAME.match(expression):
        needed = _needed_names(expression)
        return lambda node, present: needed <= present and node.find(expression) is not None
    return lambda node, present: _truthy(_pruned(node, present, expression))


def _reader(expression: str):
    """``_values(node, present, expression)`` as a closure (``get`` for a lone attribute)."""
    if (name := _lone_attribute(expression)) is not None:
        def read(node, present):
            value = node.get(name)
            return () if value is None else (value,)
        return read
    return lambda node, present: _values(node, present, expression)


def _boolean_typed(expression: str) -> bool:
    fn, needed = _compiled(expression)
    if needed or not isinstance(fn, etree.XPath):  # a path that may be pruned: left to ``_pruned``
        return False
    try:
        return isinstance(fn(etree.Element("empty")), bool)
    except etree.XPathError:
        return False


def _side(node, present, expression: str, today: date) -> list[str]:
    return [today.isoformat()] if expression == "NOW" else _values(node, present, expression)


@lru_cache(maxsize=256)
def _regex(expression: str) -> re.Pattern:
    return re.compile(expression)


_SUBSTITUTED: dict[tuple[int, str], tuple[dict, dict]] = {}


def _substituted(case: dict, value: str) -> dict:
    """``_substitute``, kept per (case, value): a loop meets the same few vocabularies in every activity."""
    key = (id(case), value)
    found = _SUBSTITUTED.get(key)
    if found is None or found[0] is not case:  # the case itself is kept, so an id is never reused while cached
        if len(_SUBSTITUTED) > 4096:
            _SUBSTITUTED.clear()
        found = _SUBSTITUTED[key] = (case, _substitute(case, value))
    return found[1]


def _substitute(case, value: str):
    if isinstance(case, str):
        return case.replace("$1", value)
    if isinstance(case, list):
        return [_substitute(c, value) for c in case]
    if isinstance(case, dict):
        return {k: (v if k == "ruleInfo" else _substitute(v, value)) for k, v in case.items()}
    return case


@lru_cache(maxsize=1)
def standard() -> Ruleset:
    """The IATI standard ruleset, with the registration agencies' prefixes for ORG-ID-PREFIX."""
    from .codelists import codelists

    prefixes = frozenset(codelists().get("OrganisationRegistrationAgency", {}).get("active", []))
    return Ruleset.from_file(org_id_prefixes=prefixes)
