"""Reading a strategy period from a file: nested YAML or flat CSV (see ``data/README.md``).

``read_strategy(content, filename)`` parses and checks a whole file without touching the database and
returns a :class:`StrategySpec`, or raises :class:`StrategyFileError` listing every problem with its line
number. Nothing here assumes the codes, the depth or the level names of any particular strategy.
"""
import csv
import io
import re
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError

from .models.period import default_management_levels, level_key

TRACKS = ("results", "management")
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,29}$")
PERIOD_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,19}$")
RESERVED_PERIOD_CODES = {"import"}  # taken by the pages' own addresses (/strategy/import/)
# Keys of a result in the API; a level name may not take one of them.
RESERVED_LEVEL_KEYS = {"id", "code", "title", "description", "period", "track", "level", "level_name", "parent",
                       "ancestors", "is_result", "position", "url", "children"}
MAX_LEVELS = 8
MIN_YEAR, MAX_YEAR = 1945, 2100
MAX_BYTES = 5 * 1024 * 1024

PERIOD_KEYS = ("code", "title", "start_year", "end_year", "level_names", "management_level_names", "adopted_by",
               "mission")
REQUIRED_PERIOD_KEYS = ("code", "title", "start_year", "end_year", "level_names")
NODE_KEYS = ("code", "title", "description", "level", "children")
CSV_COLUMNS = ("track", "code", "parent_code", "title", "description", "level")
CSV_REQUIRED = ("code", "parent_code", "title")
CSV_ALIASES = {"parent": "parent_code", "name": "title"}


@dataclass
class Problem:
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class StrategyFileError(ValidationError):
    """A strategy file that cannot be loaded; ``problems`` lists each with its line."""

    def __init__(self, problems: list[Problem], filename: str = ""):
        self.problems = sorted(problems, key=lambda p: (p.line or 0))
        self.filename = filename
        super().__init__({"file": [str(p) for p in self.problems]})


@dataclass
class NodeSpec:
    line: int
    track: str
    code: str
    parent_code: str
    title: str
    description: str = ""
    level_hint: str = ""
    position: int = 0
    level: int = 0  # set by check_nodes


@dataclass
class StrategySpec:
    filename: str
    format: str
    period: dict
    period_lines: dict
    nodes: list[NodeSpec] = field(default_factory=list)

    def nodes_in_tree_order(self) -> list[NodeSpec]:
        """Parents before their children, siblings in file order."""
        return sorted(self.nodes, key=lambda n: (n.level, n.line))


# --- entry point ----------------------------------------------------------------------------------------
def detect_format(filename: str, text: str) -> str:
    name = (filename or "").lower()
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".csv"):
        return "csv"
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return "csv" if "," in stripped and "code" in stripped.lower() and ":" not in stripped else "yaml"
    return "yaml"


def read_strategy(content: bytes, filename: str = "") -> StrategySpec:
    """Parse and check a strategy file; raise :class:`StrategyFileError` with every problem found."""
    if len(content) > MAX_BYTES:
        raise StrategyFileError([Problem(None, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")],
                                filename)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise StrategyFileError([Problem(line, "The file is not UTF-8 text; save it as UTF-8 (CSV UTF-8).")],
                                filename) from exc
    if not text.strip():
        raise StrategyFileError([Problem(None, "The file is empty.")], filename)
    kind = detect_format(filename, text)
    problems: list[Problem] = []
    spec = _parse_yaml(text, filename, problems) if kind == "yaml" else _parse_csv(text, filename, problems)
    if spec is not None:
        problems += check_period(spec.period, spec.period_lines)
        problems += check_nodes(spec)
    if problems:
        raise StrategyFileError(problems, filename)
    return spec


# --- YAML -----------------------------------------------------------------------------------------------
class _LineLoader(yaml.SafeLoader):
    """Safe YAML where every scalar stays text (so 1.10 stays "1.10") and mappings know their lines.

    Aliases (``*name``) are refused (a few hundred bytes of them expand to gigabytes) and nesting
    stops at ``MAX_DEPTH`` levels (a strategy has four), both as errors naming the line."""

    MAX_DEPTH = 40
    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.events.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a strategy file",
                                              event.start_mark)
        self._depth += 1
        try:
            if self._depth > self.MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"the file nests deeper than {self.MAX_DEPTH} levels",
                                                  event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                           "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Mapping(dict):
    line: int = 0
    key_lines: dict
    duplicates: list


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = _Mapping()
    mapping.line, mapping.key_lines, mapping.duplicates = node.start_mark.line + 1, {}, []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key) if not isinstance(key, str) else key
        if key in mapping:
            mapping.duplicates.append((key, key_node.start_mark.line + 1))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = value_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split()) if "\n" not in str(value).strip() else str(value).strip()


def _line_of(mapping, key=None) -> int:
    if isinstance(mapping, _Mapping):
        return mapping.key_lines.get(key, mapping.line) if key else mapping.line
    return 0


def _parse_yaml(text: str, filename: str, problems: list[Problem]) -> StrategySpec | None:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        if getattr(exc, "context", None) and context is not None:
            reason = f"{exc.context} (line {context.line + 1}), {reason}"
        problems.append(Problem(mark.line + 1 if mark else None, f"This is not valid YAML: {reason}."))
        return None
    if not isinstance(data, _Mapping):
        problems.append(Problem(1, "The file must be a mapping with the keys period, results and management."))
        return None
    for key, line in data.duplicates:
        problems.append(Problem(line, f"“{key}” is given twice."))
    for key in data:
        if key not in ("period", "results", "management"):
            problems.append(Problem(_line_of(data, key), f"Unknown key “{key}”; expected period, results, management."))
    raw_period = data.get("period")
    period, period_lines = {}, {}
    if not isinstance(raw_period, _Mapping):
        problems.append(Problem(_line_of(data, "period") or 1, "Give the period: a mapping with code, title, "
                                                               "start_year, end_year and level_names."))
    else:
        for key, line in raw_period.duplicates:
            problems.append(Problem(line, f"The period's “{key}” is given twice."))
        for key, value in raw_period.items():
            if key not in PERIOD_KEYS:
                problems.append(Problem(_line_of(raw_period, key),
                                        f"Unknown period field “{key}”; expected {', '.join(PERIOD_KEYS)}."))
                continue
            if key.endswith("level_names"):
                period[key] = value  # a list, checked by check_period
            elif key == "mission":
                period[key] = str(value).strip() if value is not None else ""
            else:
                period[key] = _text(value)
            period_lines[key] = _line_of(raw_period, key)
        period_lines["period"] = raw_period.line
    spec = StrategySpec(filename=filename, format="yaml", period=period, period_lines=period_lines)
    for track in TRACKS:
        items = data.get(track)
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem(_line_of(data, track), f"“{track}” must be a list of nodes."))
            continue
        _walk_yaml(items, track, "", _line_of(data, track), spec, problems)
    return spec


def _walk_yaml(items, track, parent_code, parent_line, spec, problems):
    for position, item in enumerate(items, start=1):
        if not isinstance(item, _Mapping):
            problems.append(Problem(parent_line, f"Each node of “{track}” must be a mapping with code and title; "
                                                 f"found “{_text(item)[:40]}”."))
            continue
        for key, line in item.duplicates:
            problems.append(Problem(line, f"“{key}” is given twice in one node."))
        for key in item:
            if key not in NODE_KEYS:
                problems.append(Problem(_line_of(item, key),
                                        f"Unknown node field “{key}”; expected {', '.join(NODE_KEYS)}."))
        node = NodeSpec(line=item.line, track=track, code=_text(item.get("code")), parent_code=parent_code,
                        title=_text(item.get("title")), description=_text(item.get("description")),
                        level_hint=_text(item.get("level")), position=position)
        spec.nodes.append(node)
        children = item.get("children")
        if children is None:
            continue
        if not isinstance(children, list):
            problems.append(Problem(_line_of(item, "children"), "“children” must be a list of nodes."))
            continue
        _walk_yaml(children, track, node.code, _line_of(item, "children"), spec, problems)


# --- CSV ------------------------------------------------------------------------------------------------
def _parse_csv(text: str, filename: str, problems: list[Problem]) -> StrategySpec | None:
    reader = csv.reader(io.StringIO(text, newline=""))
    period, period_lines = {}, {}
    header, columns, header_line = None, {}, 0
    spec = StrategySpec(filename=filename, format="csv", period=period, period_lines=period_lines)
    siblings: dict[tuple[str, str], int] = {}
    last_line = 0
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if cells[0].lstrip().startswith("#"):
                if header is None:
                    _csv_metadata(",".join(cells).rstrip(",").strip().lstrip("#"), line, period, period_lines,
                                  problems)
                continue
            if header is None:
                header, header_line = [CSV_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in cells], line
                for index, name in enumerate(header):
                    if not name:
                        continue
                    if name not in CSV_COLUMNS:
                        problems.append(Problem(line, f"Unknown column “{cells[index].strip()}”; the columns are "
                                                      f"{', '.join(CSV_COLUMNS)}."))
                    elif name in columns:
                        problems.append(Problem(line, f"The column “{name}” appears twice."))
                    else:
                        columns[name] = index
                missing = [c for c in CSV_REQUIRED if c not in columns]
                if missing:
                    problems.append(Problem(line, f"Missing column{'s' if len(missing) > 1 else ''}: "
                                                  f"{', '.join(missing)}."))
                    return None
                continue
            extra = [c for i, c in enumerate(cells) if c.strip() and (i >= len(header) or not header[i])]
            if extra:
                problems.append(Problem(line, f"This row has more cells than there are columns (“{extra[0][:30]}”)."))

            def cell(name, cells=cells):
                index = columns.get(name)
                return cells[index].strip() if index is not None and index < len(cells) else ""

            track = (cell("track") or "results").lower()
            track = {"programme results": "results", "management support": "management"}.get(track, track)
            parent_code = cell("parent_code")
            key = (track, parent_code)
            siblings[key] = siblings.get(key, 0) + 1
            spec.nodes.append(NodeSpec(
                line=line, track=track, code=cell("code"), parent_code=parent_code, title=_text(cell("title")),
                description=cell("description"), level_hint=cell("level"), position=siblings[key],
            ))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, f"This is not valid CSV: {exc}."))
        return None
    if header is None:
        problems.append(Problem(None, "The file has no header row (track, code, parent_code, title, description)."))
        return None
    period_lines.setdefault("period", header_line)
    return spec


def _csv_metadata(text: str, line: int, period: dict, period_lines: dict, problems: list[Problem]) -> None:
    """``# key: value`` lines above the header give the period; other ``#`` lines are comments."""
    if ":" not in text:
        return
    key, value = (part.strip() for part in text.split(":", 1))
    key = key.lower().replace(" ", "_")
    if key not in PERIOD_KEYS:
        return
    if len(value) > 1 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('""', '"').strip()
    if key in period:
        problems.append(Problem(line, f"The period's “{key}” is given twice."))
    if key.endswith("level_names"):
        period[key] = [name.strip() for name in re.split(r"[;|]", value) if name.strip()]
    else:
        period[key] = value
    period_lines[key] = line


# --- checks ---------------------------------------------------------------------------------------------
def _year(value) -> int | None:
    text = str(value).strip() if value is not None else ""
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def check_level_names(names, label: str, line: int, *, required: bool) -> list[Problem]:
    if names is None or names == "" or names == []:
        return [Problem(line, f"Give the {label}: the names of the levels, top first.")] if required else []
    if isinstance(names, str):
        names = [n.strip() for n in re.split(r"[;|]", names) if n.strip()]
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        return [Problem(line, f"The {label} must be a list of names, e.g. [theme, result area, expected result].")]
    problems = []
    if len(names) > MAX_LEVELS:
        problems.append(Problem(line, f"The {label} may have at most {MAX_LEVELS} levels."))
    keys = [level_key(n) for n in names]
    for name, key in zip(names, keys):
        if len(name) > 60 or not key:
            problems.append(Problem(line, f"“{name}” is not a usable level name (letters, at most 60)."))
        elif key in RESERVED_LEVEL_KEYS and label == "level_names":
            problems.append(Problem(line, f"“{name}” cannot be a level name: the API uses “{key}” for itself."))
    if len(set(keys)) != len(keys):
        problems.append(Problem(line, f"The {label} must be different from each other."))
    return problems


def check_period(period: dict, lines: dict) -> list[Problem]:
    """Every problem with the period's own fields; normalises the values in ``period``."""
    problems = []
    where = lines.get("period")
    for key in REQUIRED_PERIOD_KEYS:
        if key != "level_names" and not str(period.get(key) or "").strip():
            problems.append(Problem(lines.get(key, where), f"The period's {key} is missing."))
    code = str(period.get("code") or "").strip()
    if code and not PERIOD_CODE_PATTERN.match(code):
        problems.append(Problem(lines.get("code"), f"“{code}” is not a period code: letters, digits, dots and "
                                                   "hyphens, at most 20, e.g. 2012-2015."))
    elif code.lower() in RESERVED_PERIOD_CODES:
        problems.append(Problem(lines.get("code"), f"“{code}” cannot be a period code."))
    if len(str(period.get("title") or "")) > 300:
        problems.append(Problem(lines.get("title"), "The title is longer than 300 characters."))
    if len(str(period.get("adopted_by") or "")) > 200:
        problems.append(Problem(lines.get("adopted_by"), "“adopted_by” is longer than 200 characters."))
    years = {}
    for key in ("start_year", "end_year"):
        raw = period.get(key)
        if raw in (None, ""):
            continue
        year = _year(raw)
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            problems.append(Problem(lines.get(key), f"The {key} “{raw}” is not a year between {MIN_YEAR} and "
                                                    f"{MAX_YEAR}."))
        else:
            years[key] = period[key] = year
    if len(years) == 2 and years["end_year"] < years["start_year"]:
        problems.append(Problem(lines.get("end_year"), "The period cannot end before it starts."))
    problems += check_level_names(period.get("level_names"), "level_names", lines.get("level_names", where),
                                  required=True)
    problems += check_level_names(period.get("management_level_names"), "management_level_names",
                                  lines.get("management_level_names", where), required=False)
    for key in ("level_names", "management_level_names"):
        if isinstance(period.get(key), str):
            period[key] = [n.strip() for n in re.split(r"[;|]", period[key]) if n.strip()]
    if not period.get("management_level_names"):
        period["management_level_names"] = default_management_levels()
    period["code"], period["title"] = code, str(period.get("title") or "").strip()
    return problems


def check_nodes(spec: StrategySpec) -> list[Problem]:
    """Codes, titles, parents and depth of every node; sets each node's level."""
    problems = []
    names = {
        "results": spec.period.get("level_names") if isinstance(spec.period.get("level_names"), list) else None,
        "management": spec.period.get("management_level_names") or default_management_levels(),
    }
    by_code: dict[str, NodeSpec] = {}
    for node in spec.nodes:
        if node.track not in TRACKS:
            problems.append(Problem(node.line, f"Unknown track “{node.track}”; use results or management."))
        if not node.code:
            problems.append(Problem(node.line, "The code is missing."))
        elif not CODE_PATTERN.match(node.code):
            problems.append(Problem(node.line, f"“{node.code}” is not a code: letters, digits, dots and hyphens, "
                                               "at most 30, no spaces."))
        if not node.title:
            problems.append(Problem(node.line, f"The title of {node.code or 'this node'} is missing."))
        if node.code:
            first = by_code.get(node.code.lower())
            if first is not None:
                problems.append(Problem(node.line, f"The code {node.code} is used twice (first on line {first.line})."))
            else:
                by_code[node.code.lower()] = node
    if not any(n.track == "results" for n in spec.nodes):
        problems.append(Problem(None, "The file has no node in the results track."))
    # parents, cycles and depth
    parent_of: dict[int, NodeSpec | None] = {}
    for node in spec.nodes:
        if not node.parent_code:
            parent_of[id(node)] = None
            continue
        parent = by_code.get(node.parent_code.lower())
        if parent is None:
            problems.append(Problem(node.line, f"The parent {node.parent_code} of {node.code} does not exist in "
                                               "this file."))
        elif parent.track != node.track:
            problems.append(Problem(node.line, f"The parent {parent.code} of {node.code} is in the {parent.track} "
                                               f"track, not in {node.track}."))
        else:
            parent_of[id(node)] = parent
    has_children = {id(p) for p in parent_of.values() if p is not None}
    for node in spec.nodes:
        if id(node) not in parent_of:
            continue
        depth, current, seen = 0, parent_of[id(node)], {id(node)}
        while current is not None and id(current) not in seen and id(current) in parent_of:
            seen.add(id(current))
            depth, current = depth + 1, parent_of[id(current)]
        if current is not None:  # a circle, or a broken chain above (reported on its own line)
            if id(current) in seen:
                problems.append(Problem(node.line, f"{node.code} is below itself: its parents go round in a "
                                                   "circle."))
            continue
        node.level = depth
        track_names = names.get(node.track)
        if not track_names:
            continue
        if depth >= len(track_names):
            problems.append(Problem(node.line, f"{node.code} is at level {depth + 1}, but the period's {node.track} "
                                               f"tree has {len(track_names)} level{'s' if len(track_names) > 1 else ''}"
                                               f" ({', '.join(track_names)})."))
            continue
        if node.level_hint and not _level_matches(node.level_hint, depth, track_names):
            problems.append(Problem(node.line, f"{node.code} is said to be a “{node.level_hint}”, but at its place "
                                               f"in the tree it is a “{track_names[depth]}”."))
        if (node.track == "results" and id(node) not in has_children and depth < len(track_names) - 1):
            problems.append(Problem(node.line, f"The {track_names[depth]} {node.code} has nothing below it: every "
                                               f"branch of the results tree goes down to a {track_names[-1]}."))
    return problems


def _level_matches(hint: str, depth: int, names: list[str]) -> bool:
    if hint.isdigit():
        return int(hint) == depth + 1
    return level_key(hint) == level_key(names[depth])
