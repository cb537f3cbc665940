"""Writes to the strategy: loading a whole period from a file, creating and editing nodes.

Every write is checked first, runs in one transaction and is audited in the name of ``by``.
Nothing here assumes the codes, depth or level names of a particular strategy period.
"""
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .fileformat import CODE_PATTERN, Problem, StrategyFileError, StrategySpec, read_strategy
from .models import StrategyNode, StrategyPeriod, Track

DATA_DIR = Path(__file__).resolve().parent / "data"
SHIPPED_SUFFIXES = (".yaml", ".yml", ".csv")
PERIOD_FIELDS = ("title", "start_year", "end_year", "level_names", "management_level_names", "adopted_by", "mission")


@dataclass
class LoadSummary:
    filename: str
    period: StrategyPeriod
    period_created: bool = False
    period_updated: bool = False
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.period_created or self.period_updated or self.created or self.updated or self.deleted)

    def __str__(self) -> str:
        if self.skipped:
            return f"{self.filename}: strategy period {self.period.code} is already loaded; left as it is."
        verb = "loaded" if self.period_created else "updated" if self.changed else "unchanged"
        return (f"{self.filename}: strategy period {self.period.code} {verb} — {self.created} nodes added, "
                f"{self.updated} changed, {self.deleted} removed, {self.unchanged} unchanged.")


# --- loading a whole period ---------------------------------------------------------------------------------
def _read_source(source) -> tuple[bytes, str]:
    """The bytes and file name of a path, an uploaded file or any object with ``read()``."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return path.read_bytes(), path.name
        except OSError as exc:
            raise StrategyFileError([Problem(None, f"{path}: cannot be read ({exc.strerror or exc}).")],
                                    path.name) from exc
    if hasattr(source, "read"):
        if hasattr(source, "seek"):
            source.seek(0)
        content = source.read()
        name = Path(getattr(source, "name", "") or "upload").name
        return (content.encode("utf-8") if isinstance(content, str) else content), name
    if isinstance(source, bytes):
        return source, "upload"
    raise TypeError("load_strategy() takes a path or a file")


def _links_of(nodes) -> dict[int, list[str]]:
    """For each node, what refers to it from other apps (programmes, projects, outcomes, requests ...)."""
    ids = [n.pk for n in nodes]
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for relation in StrategyNode._meta.related_objects:
        if relation.related_model is StrategyNode:
            continue
        if relation.many_to_many:
            through = relation.through if hasattr(relation, "through") else relation.field.remote_field.through
            column = relation.field.m2m_reverse_field_name()
            rows = through.objects.filter(**{f"{column}__in": ids}).values_list(column, flat=True)
        else:
            rows = relation.related_model._default_manager.filter(
                **{f"{relation.field.name}__in": ids}).values_list(relation.field.name, flat=True)
        label = str(relation.related_model._meta.verbose_name_plural)
        for node_id in rows:
            labels = found.setdefault(node_id, [])
            if label not in labels:
                labels.append(label)
    return found


def _sync_problems(spec: StrategySpec, period: StrategyPeriod | None, replace: bool) -> tuple[list, list]:
    """Problems found against the database, and the existing nodes the file no longer has."""
    if period is None:
        return [], []
    if not replace:
        return [Problem(spec.period_lines.get("code"),
                        f"The strategy period {period.code} is already loaded. Load the file with “replace” to "
                        "bring it in line with the file.")], []
    wanted = {(n.track, n.code) for n in spec.nodes}
    gone = [n for n in period.nodes.all() if (n.track, n.code) not in wanted]
    problems = []
    for node_id, labels in _links_of(gone).items():
        node = next(n for n in gone if n.pk == node_id)
        problems.append(Problem(None, f"{node.code} is not in the file, but {', '.join(labels)} refer to it; "
                                      "keep it in the file, or move them to other results first."))
    return problems, gone


def _apply(spec: StrategySpec, period: StrategyPeriod | None, gone: list, summary: LoadSummary) -> StrategyPeriod:
    values = {key: spec.period.get(key) if spec.period.get(key) is not None else "" for key in PERIOD_FIELDS}
    if period is None:
        period = StrategyPeriod.objects.create(code=spec.period["code"], **values)
        summary.period_created = True
    else:
        changed = [key for key, value in values.items() if getattr(period, key) != value]
        if changed:
            for key in changed:
                setattr(period, key, values[key])
            period.save()
            summary.period_updated = True
    summary.period = period
    existing = {(n.track, n.code): n for n in period.nodes.all()}
    saved: dict[tuple[str, str], StrategyNode] = {}
    for spec_node in spec.nodes_in_tree_order():
        parent = saved[(spec_node.track, spec_node.parent_code)] if spec_node.parent_code else None
        node = existing.get((spec_node.track, spec_node.code))
        fields = {"parent": parent, "level": spec_node.level, "position": spec_node.position,
                  "title": spec_node.title, "description": spec_node.description}
        if node is None:
            node = StrategyNode(period=period, track=spec_node.track, code=spec_node.code, **fields)
            node.save()
            summary.created += 1
        else:
            before = (node.parent_id, node.level, node.position, node.title, node.description, node.sort_key)
            for key, value in fields.items():
                setattr(node, key, value)
            after = (node.parent_id, node.level, node.position, node.title, node.description,
                     node.compute_sort_key())
            if before != after:
                node.save()
                summary.updated += 1
            else:
                summary.unchanged += 1
        saved[(spec_node.track, spec_node.code)] = node
    for node in sorted(gone, key=lambda n: -n.level):
        node.delete()
        summary.deleted += 1
    return period


def load_strategy(source, *, by, replace: bool = False) -> LoadSummary:
    """Load a strategy period from a YAML or CSV file (a path or an uploaded file).

    The whole file is checked before anything is written; any problem raises
    :class:`~mandates.strategy.fileformat.StrategyFileError` naming its line, and nothing is saved.
    A period already loaded is refused unless ``replace``: then the period and its nodes are brought in
    line with the file (nodes matched by track and code keep their identity and links; nodes missing
    from the file are removed, unless something refers to them).
    """
    content, filename = _read_source(source)
    spec = read_strategy(content, filename)
    try:
        with transaction.atomic():
            period = StrategyPeriod.objects.select_for_update().filter(code=spec.period["code"]).first()
            problems, gone = _sync_problems(spec, period, replace)
            if problems:
                raise StrategyFileError(problems, filename)
            summary = LoadSummary(filename=filename, period=period)
            with acting_as(by):
                _apply(spec, period, gone, summary)
    except IntegrityError as exc:  # someone loaded the same period at the same moment
        raise StrategyFileError([Problem(None, f"The strategy period {spec.period['code']} was changed by someone "
                                               "else while this file was loading; nothing was saved. Load it "
                                               "again.")], filename) from exc
    return summary


def shipped_files() -> list[Path]:
    return sorted(p for p in DATA_DIR.iterdir() if p.suffix.lower() in SHIPPED_SUFFIXES)


@transaction.atomic
def load_shipped_strategies(by=None) -> list[LoadSummary]:
    """Load every strategy file shipped in ``strategy/data/``; a period already in the database is left as it
    is, so running this again changes nothing (``mandates load_strategy FILE --replace`` updates one)."""
    summaries = []
    for path in shipped_files():
        spec = read_strategy(path.read_bytes(), path.name)
        period = StrategyPeriod.objects.filter(code=spec.period["code"]).first()
        if period is not None:
            summaries.append(LoadSummary(filename=path.name, period=period, skipped=True))
        else:
            summaries.append(load_strategy(path, by=by))
    return summaries


# --- one node at a time -------------------------------------------------------------------------------------
def _period_nodes(period, track) -> dict[int, StrategyNode]:
    return {n.pk: n for n in StrategyNode.objects.filter(period=period, track=track)}


def _subtree_height(node: StrategyNode, nodes: dict[int, StrategyNode]) -> int:
    children: dict[int, list[int]] = {}
    for other in nodes.values():
        if other.parent_id:
            children.setdefault(other.parent_id, []).append(other.pk)
    height, frontier = 0, [node.pk]
    while True:
        frontier = [c for pk in frontier for c in children.get(pk, [])]
        if not frontier:
            return height
        height += 1


def _a(name: str, capital: bool = False) -> str:
    article = "an" if name[:1].lower() in ("a", "e", "i", "o", "u") else "a"
    return f"{article.capitalize() if capital else article} {name}"


def _too_deep(parent, node, height: int, names: list) -> str:
    """Why the node cannot go there: the tree would have more levels than the period names."""
    values = {"parent": parent.code if parent is not None else "", "node": node.code or gettext("this node"),
              "count": len(names), "names": ", ".join(names)}
    if parent is not None and height:
        text = ngettext("Below %(parent)s, %(node)s and the nodes below it would go deeper than the %(count)d level "
                        "of the period (%(names)s).",
                        "Below %(parent)s, %(node)s and the nodes below it would go deeper than the %(count)d levels "
                        "of the period (%(names)s).", len(names))
    elif parent is not None:
        text = ngettext("Below %(parent)s, %(node)s would go deeper than the %(count)d level of the period "
                        "(%(names)s).",
                        "Below %(parent)s, %(node)s would go deeper than the %(count)d levels of the period "
                        "(%(names)s).", len(names))
    elif height:
        text = ngettext("At the top, %(node)s and the nodes below it would go deeper than the %(count)d level "
                        "of the period (%(names)s).",
                        "At the top, %(node)s and the nodes below it would go deeper than the %(count)d levels "
                        "of the period (%(names)s).", len(names))
    else:
        text = ngettext("At the top, %(node)s would go deeper than the %(count)d level of the period (%(names)s).",
                        "At the top, %(node)s would go deeper than the %(count)d levels of the period (%(names)s).",
                        len(names))
    return text % values


def _check_node(node: StrategyNode, *, as_result: bool = False) -> dict:
    errors = {}
    period = node.period if node.period_id else None
    if period is None:
        errors["period"] = _("Choose the strategy period.")
    if node.track not in Track.values:
        errors["track"] = _("“%(track)s” is not a track; use %(choices)s.") % {
            "track": node.track, "choices": " or ".join(Track.values)}
    if not node.code:
        errors["code"] = _("Give the code, e.g. 1.2.3.")
    elif not CODE_PATTERN.match(node.code):
        errors["code"] = _("A code is letters, digits, dots and hyphens, at most 30, without spaces.")
    elif period is not None:
        clash = StrategyNode.objects.filter(period=period, code__iexact=node.code).exclude(pk=node.pk).first()
        if clash is not None:
            errors["code"] = (_("The code %(code)s is already used in the strategy period %(period)s (“%(title)s”).")
                              % {"code": clash.code, "period": period.code, "title": clash.short_title})
    if not node.title:
        errors["title"] = _("Give the title (the full text of the result or objective).")
    if period is None or "track" in errors:
        return errors
    names = period.level_names_for(node.track)
    parent = node.parent if node.parent_id else None
    if parent is not None:
        if parent.period_id != period.pk:
            errors["parent"] = (_("The parent %(parent)s belongs to the strategy period %(other)s, not to %(period)s.")
                                % {"parent": parent.code, "other": parent.period.code, "period": period.code})
            return errors
        if parent.track != node.track:
            errors["parent"] = _("The parent %(parent)s is in the %(track)s track.") % {
                "parent": parent.code, "track": parent.get_track_display().lower()}
            return errors
    nodes = _period_nodes(period, node.track) if node.pk else {}
    if parent is not None and node.pk:
        ancestor = nodes.get(parent.pk)
        while ancestor is not None:
            if ancestor.pk == node.pk:
                errors["parent"] = _("A node cannot be placed below itself.")
                return errors
            ancestor = nodes.get(ancestor.parent_id)
    level = parent.level + 1 if parent is not None else 0
    height = _subtree_height(node, nodes) if node.pk else 0
    if level + height >= len(names):
        errors["parent"] = _too_deep(parent, node, height, names)
    elif as_result and (node.track != Track.RESULTS or level != period.result_level):
        errors["parent"] = (f"{_a(period.result_name, capital=True)} sits under {_a(names[-2])}; choose one as "
                            "its parent." if len(names) > 1 and node.track == Track.RESULTS
                            else f"This is not {_a(period.result_name)} of the period.")
    node.level = level
    return errors


def _refresh_below(node: StrategyNode) -> None:
    """After a node moved or was renumbered: levels and sort keys of everything below it."""
    nodes = _period_nodes(node.period, node.track)
    nodes[node.pk] = node
    children: dict[int, list[StrategyNode]] = {}
    for other in nodes.values():
        if other.parent_id:
            children.setdefault(other.parent_id, []).append(other)
    frontier = [node]
    while frontier:
        nxt = []
        for parent in frontier:
            for child in children.get(parent.pk, []):
                child.parent = parent
                level, key = parent.level + 1, child.compute_sort_key()
                if (child.level, child.sort_key) != (level, key):
                    child.level = level
                    child.save()
                nxt.append(child)
        frontier = nxt


@transaction.atomic
def create_node(*, by, period=None, track=Track.RESULTS, parent=None, code="", title="", description="",
                position=None, as_result: bool = False) -> StrategyNode:
    """Add a node to a period's tree. ``as_result``: it must be a result (the last level)."""
    node = StrategyNode(period=period, track=track or Track.RESULTS, parent=parent, code=(code or "").strip(),
                        title=(title or "").strip(), description=(description or "").strip(), level=0)
    errors = _check_node(node, as_result=as_result)
    if errors:
        raise ValidationError(errors)
    if position is None:
        siblings = StrategyNode.objects.filter(period=period, track=node.track, parent=parent)
        position = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    node.position = position
    with acting_as(by):
        node.save()
    return node


@transaction.atomic
def update_node(node: StrategyNode, *, by, as_result: bool = False, **fields) -> StrategyNode:
    """Change a node's code, title, description, parent or position (not its period or track)."""
    node = StrategyNode.objects.select_related("period", "parent").select_for_update(of=("self",)).get(pk=node.pk)
    errors = {}
    if "period" in fields and fields["period"] is not None and fields["period"].pk != node.period_id:
        errors["period"] = _("A node stays in its strategy period; create it in the other period instead.")
    if "track" in fields and fields["track"] and fields["track"] != node.track:
        errors["track"] = _("A node stays in its track (programme results or management support).")
    if errors:
        raise ValidationError(errors)
    for key in ("code", "title", "description"):
        if key in fields:
            setattr(node, key, (fields[key] or "").strip())
    if "parent" in fields:
        node.parent = fields["parent"]
    if fields.get("position") is not None:
        node.position = fields["position"]
    errors = _check_node(node, as_result=as_result)
    if errors:
        raise ValidationError(errors)
    old_key = node.sort_key
    with acting_as(by):
        node.save()
        if node.sort_key != old_key:
            _refresh_below(node)
    return node
