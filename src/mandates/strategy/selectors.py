"""Reads of the strategy: periods, their trees with contribution counts, results and their ancestors.

The results of a period are the nodes at the last level of its results tree, whatever that level is
called and however deep it is. Every function runs a fixed number of queries, whatever the number of
nodes, programmes or projects.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from mandates.people import permissions

from .models import StrategyNode, StrategyPeriod, Track
from .models.period import level_key, plural_name


# --- periods and results --------------------------------------------------------------------------------
def periods() -> QuerySet:
    return StrategyPeriod.objects.order_by("-start_year", "code")


def period_by_code(code: str) -> StrategyPeriod | None:
    """The strategy period with this code (e.g. "2008-2011"), or None."""
    return StrategyPeriod.objects.filter(code=code).first() if code else None


def latest_period() -> StrategyPeriod | None:
    return periods().first()


def _as_period(period) -> StrategyPeriod | None:
    return period if isinstance(period, StrategyPeriod) or period is None else period_by_code(str(period))


def results_q(periods_) -> Q:
    """Matches the results (nodes at the last level of the results tree) of the given periods."""
    query = Q(pk__in=[])
    for period in periods_:
        query |= Q(period=period, track=Track.RESULTS, level=period.result_level)
    return query


def results_of_period(period) -> QuerySet:
    """The results of a period (instance or code), in tree order; an empty queryset for no period."""
    period = _as_period(period)
    if period is None:
        return StrategyNode.objects.none()
    return (StrategyNode.objects.filter(period=period, track=Track.RESULTS, level=period.result_level)
            .select_related("period", "parent").order_by("sort_key"))


def results_with_ancestors(period) -> list[StrategyNode]:
    """The results of a period, each with ``ancestors`` (top first). Three queries."""
    return attach_ancestors(results_of_period(period))


def all_results(periods_=None) -> QuerySet:
    """The results of every period (or of the periods given), newest period first, in tree order."""
    periods_ = list(periods_ if periods_ is not None else periods())
    return (StrategyNode.objects.filter(results_q(periods_)).select_related("period", "parent")
            .order_by("-period__start_year", "period__code", "sort_key"))


def node_by_code(period, code: str) -> StrategyNode | None:
    """A node of a period by its code (the results track first if both tracks use the code)."""
    period = _as_period(period)
    if period is None:
        return None
    nodes = list(StrategyNode.objects.filter(period=period, code=code).select_related("period", "parent"))
    nodes.sort(key=lambda n: n.track != Track.RESULTS)
    return nodes[0] if nodes else None


# --- ancestors ------------------------------------------------------------------------------------------
def _branch_nodes(period_ids, track=Track.RESULTS) -> dict[int, StrategyNode]:
    """Every node of these periods' trees that has something below it (one query)."""
    has_children = StrategyNode.objects.filter(parent=OuterRef("pk"))
    return {n.pk: n for n in StrategyNode.objects.filter(period_id__in=set(period_ids), track=track)
            .filter(Exists(has_children)).select_related("period")}


def branch_nodes(periods_) -> dict[int, StrategyNode]:
    """The nodes of these periods' results trees that have something below them (one query)."""
    return _branch_nodes([p.pk for p in periods_])


def attach_ancestors(nodes, branches: dict | None = None):
    """Give each node ``ancestors``: the nodes above it, top first (one query for any number of nodes;
    none when ``branches`` from :func:`branch_nodes` covers them)."""
    nodes = list(nodes)
    by_track = defaultdict(set)
    for node in nodes:
        by_track[node.track].add(node.period_id)
    if branches is None or set(by_track) - {Track.RESULTS}:
        branches = dict(branches or {})
        for track, period_ids in by_track.items():
            branches.update(_branch_nodes(period_ids, track))
    for node in nodes:
        chain, parent_id = [], node.parent_id
        while parent_id is not None and parent_id in branches and len(chain) < 50:
            chain.append(branches[parent_id])
            parent_id = branches[parent_id].parent_id
        node.ancestors = list(reversed(chain))
    return nodes


def named_ancestors(node) -> list[dict]:
    """[{key, level_name, node}] for the ancestors of a node, named by its period's level names."""
    return [{"key": level_key(a.level_name), "level_name": a.level_name, "node": a}
            for a in getattr(node, "ancestors", [])]


def filter_results(queryset: QuerySet, periods_, *, ancestors=(), text: str = "",
                   branches: dict | None = None) -> QuerySet:
    """Narrow a queryset of results of ``periods_``.

    ``ancestors``: (level key, code) pairs, e.g. [("theme", "1"), ("result_area", "1.2")] — keep the results
    at or below the node with that code at the level so named in each period; an empty key means a node
    at any level. Filters combine with AND. One query (the branch nodes of the periods); lazy result.
    """
    periods_ = list(periods_)
    if ancestors and branches is None:
        branches = branch_nodes(periods_)
    for key, code in ancestors:
        code = code.strip().lower()
        query = Q(pk__in=[])
        for period in periods_:
            levels = None if not key else [lvl for lvl, name in enumerate(period.level_names) if level_key(name) == key]
            if levels == []:
                continue
            if levels is None or period.result_level in levels:
                query |= Q(period=period, code__iexact=code)
            tops = {pk for pk, n in branches.items() if n.period_id == period.pk and n.code.lower() == code
                    and (levels is None or n.level in levels)}
            if tops:
                query |= Q(period=period, parent_id__in=_below(tops, branches))
        queryset = queryset.filter(query)
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(description__icontains=text) | Q(code__iexact=text))
    return queryset


def _below(tops: set[int], branches: dict[int, StrategyNode]) -> set[int]:
    """The branch nodes at or below ``tops``."""
    found = set(tops)
    changed = True
    while changed:
        changed = False
        for pk, node in branches.items():
            if pk not in found and node.parent_id in found:
                found.add(pk)
                changed = True
    return found


# --- contributions --------------------------------------------------------------------------------------
def _portfolio():
    get = apps.get_model
    return (get("portfolio", "Programme"), get("portfolio", "Project"), get("portfolio", "Outcome"),
            get("portfolio", "Output"))


def contribution_pairs(user, node_filter: Q) -> tuple[list, list]:
    """(node id, programme id) and (node id, project id) pairs for the nodes matching ``node_filter``
    (a Q on StrategyNode), counting only programmes and projects ``user`` may see. Two queries.

    A project contributes to a node when it is linked to it directly (project results), or through one
    of its outcomes or outputs.
    """
    Programme, Project, Outcome, Output = _portfolio()
    node_ids = StrategyNode.objects.filter(node_filter).values("pk")
    programme_pairs = list(Programme.results.through.objects.filter(
        permissions.narrowing(user, Programme, "programme_id"), strategynode_id__in=node_ids,
    ).values_list("strategynode_id", "programme_id"))
    direct = Project.results.through.objects.filter(
        permissions.narrowing(user, Project, "project_id"), strategynode_id__in=node_ids,
    ).values_list("strategynode_id", "project_id")
    via_outcome = Outcome.results.through.objects.filter(
        permissions.narrowing(user, Project, "outcome__project_id"), strategynode_id__in=node_ids,
    ).values_list("strategynode_id", "outcome__project_id")
    via_output = Output.results.through.objects.filter(
        permissions.narrowing(user, Project, "output__outcome__project_id"), strategynode_id__in=node_ids,
    ).values_list("strategynode_id", "output__outcome__project_id")
    project_pairs = list(direct.union(via_outcome, via_output))
    return programme_pairs, project_pairs


@dataclass
class PeriodTree:
    period: StrategyPeriod
    results: list = field(default_factory=list)  # top nodes of the results tree, children in ``.kids``
    management: list = field(default_factory=list)
    nodes: dict = field(default_factory=dict)

    @property
    def result_count(self) -> int:
        return sum(1 for n in self.nodes.values() if n.is_result)

    @property
    def results_levels(self) -> list[dict]:
        """[{name, count}] for each level of the results tree, e.g. 3 themes, 14 result areas ..."""
        levels = []
        for level, name in enumerate(self.period.level_names):
            count = sum(1 for n in self.nodes.values() if n.track == Track.RESULTS and n.level == level)
            levels.append({"name": name if count == 1 else plural_name(name), "count": count})
        return levels


def period_tree(period: StrategyPeriod, user) -> PeriodTree:
    """The period's trees (results and management support), each node with ``kids``, ``programme_count``
    and ``project_count``: the distinct programmes and projects ``user`` may see that contribute to the
    node or to anything below it. Three queries, whatever the size of the tree and the portfolio."""
    nodes = list(StrategyNode.objects.filter(period=period).order_by("track", "sort_key"))
    tree = PeriodTree(period=period, nodes={n.pk: n for n in nodes})
    for node in nodes:
        node.period = period  # no query per node for level names
        node.kids = []
    for node in nodes:
        parent = tree.nodes.get(node.parent_id)
        if parent is not None:
            parent.kids.append(node)
        elif node.track == Track.RESULTS:
            tree.results.append(node)
        else:
            tree.management.append(node)
    programme_pairs, project_pairs = contribution_pairs(user, Q(period=period))
    _roll_up(tree.results + tree.management, programme_pairs, "programme")
    _roll_up(tree.results + tree.management, project_pairs, "project")
    return tree


def _roll_up(roots, pairs, name: str) -> None:
    direct: dict[int, set] = defaultdict(set)
    for node_id, other_id in pairs:
        direct[node_id].add(other_id)

    def visit(node) -> set:
        found = set(direct.get(node.pk, ()))
        for kid in node.kids:
            found |= visit(kid)
        setattr(node, f"{name}_count", len(found))
        setattr(node, f"{name}_ids", found)
        return found

    for root in roots:
        visit(root)


def node_contributions(node: StrategyNode, user) -> dict:
    """The programmes (a list) and projects (a queryset, to paginate) ``user`` may see that are linked to
    this node itself, with their status and lead unit. Two queries; see ``linked_via`` for a page of projects.
    """
    Programme, Project, Outcome, Output = _portfolio()
    programmes = list(permissions.visible(user, Programme.objects.filter(results=node))
                      .select_related("lead_unit").order_by("code"))
    linked = (Q(pk__in=Project.results.through.objects.filter(strategynode=node).values("project_id"))
              | Q(pk__in=Outcome.objects.filter(results=node).values("project_id"))
              | Q(pk__in=Output.objects.filter(results=node).values("outcome__project_id")))
    projects = (permissions.visible(user, Project.objects.filter(linked))
                .select_related("lead_unit", "programme").order_by("code"))
    return {"programmes": programmes, "projects": projects}


def linked_via(node: StrategyNode, projects) -> list:
    """Give each project ``linked_via``: how it is linked to the node (the project itself, outcome OC1,
    output OP1.1). Three queries for any number of projects."""
    _Programme, Project, Outcome, Output = _portfolio()
    projects = list(projects)
    ids = [p.pk for p in projects]
    via = defaultdict(list)
    if ids:
        for project_id in Project.results.through.objects.filter(
                strategynode=node, project_id__in=ids).values_list("project_id", flat=True):
            via[project_id].append("project")
        for project_id, code in Outcome.objects.filter(results=node, project_id__in=ids).values_list(
                "project_id", "code"):
            via[project_id].append(f"outcome {code}")
        for project_id, code in Output.objects.filter(results=node, outcome__project_id__in=ids).values_list(
                "outcome__project_id", "code"):
            via[project_id].append(f"output {code}")
    for project in projects:
        project.linked_via = sorted(via.get(project.pk, []), key=lambda v: (v != "project", v))
    return projects
