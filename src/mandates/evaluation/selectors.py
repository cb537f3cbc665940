"""Reads about evaluations, follow-up and lessons learned: narrowed by permissions, bounded queries."""
from collections import defaultdict

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from mandates.core.shared_figures import kept
from mandates.people import permissions

from .models import ActionItem, Evaluation, Lesson, Recommendation


def evaluation_list(user, *, search: str = "", subject: str = "", modality: str = "", status: str = "", unit=None):
    qs = (Evaluation.objects.select_related("project", "programme", "responsible_unit", "managed_by")
          .annotate(recommendation_count=Count("recommendations", distinct=True)))
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(summary__icontains=search) | Q(project__code__icontains=search)
                       | Q(programme__code__icontains=search))
    if subject:
        qs = qs.filter(subject=subject)
    if modality:
        qs = qs.filter(modality=modality)
    if status:
        qs = qs.filter(status=status)
    if unit is not None:
        qs = qs.filter(responsible_unit__path__startswith=unit.path)
    return permissions.visible(user, qs).order_by("-completion_date", "-id")


def recommendations_of(evaluation):
    return (evaluation.recommendations.select_related("owner_unit", "owner_person", "finding", "response",
                                                      "response__responded_by")
            .prefetch_related(Prefetch("actions", queryset=ActionItem.objects.select_related(
                "owner_unit", "owner_person"))))


def _unit_q(unit, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}owner_unit__path__startswith": unit.path})
            | Q(**{f"{prefix}owner_person__work_unit__path__startswith": unit.path}))


def follow_up(user, *, unit=None, overdue_only: bool = False, today=None):
    """Open action items (of ``unit`` and the units below it), the overdue first, and the recommendations
    of the unit still waiting for a management response."""
    today = today or timezone.localdate()
    items = (ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES)
             .select_related("owner_unit", "owner_person", "recommendation", "recommendation__evaluation"))
    waiting = (Recommendation.objects.filter(response__isnull=True)
               .select_related("owner_unit", "owner_person", "evaluation"))
    if unit is not None:
        items = items.filter(_unit_q(unit))
        waiting = waiting.filter(_unit_q(unit))
    if overdue_only:
        items = items.filter(due_date__lt=today)
    items = permissions.visible(user, items).order_by("due_date", "id")
    waiting = permissions.visible(user, waiting).order_by("evaluation__completion_date", "number")
    return {"items": items, "waiting": waiting, "today": today}


def overdue_items(user, unit=None, today=None):
    return follow_up(user, unit=unit, overdue_only=True, today=today)["items"]


def _descendants(nodes_by_parent, root_id) -> set[int]:
    found, stack = {root_id}, [root_id]
    while stack:
        for child in nodes_by_parent.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def strategy_subtree(node) -> set[int]:
    """The node and every node below it (one query)."""
    from mandates.strategy.models import StrategyNode

    children = defaultdict(list)
    for pk, parent in StrategyNode.objects.filter(period_id=node.period_id).values_list("pk", "parent_id"):
        children[parent].append(pk)
    return _descendants(children, node.pk)


def area_subtree(area) -> set[int]:
    from mandates.geography.models import Area

    children = defaultdict(list)
    for pk, parent in Area.objects.values_list("pk", "parent_id"):
        children[parent].append(pk)
    return _descendants(children, area.pk)


def lesson_queryset():
    from mandates.geography.models import Area
    from mandates.strategy.models import StrategyNode

    return Lesson.objects.select_related("evaluation", "project").prefetch_related(
        Prefetch("results", queryset=StrategyNode.objects.order_by("sort_key")),
        Prefetch("areas", queryset=Area.objects.order_by("name")))


def lesson_search(user, *, q: str = "", theme=None, result_area=None, region=None):
    """Lessons matching words of ``q`` (title or text), tagged with the theme or result area (or anything
    below it), or with the region (or an area within it)."""
    qs = lesson_queryset()
    for word in (q or "").split():
        qs = qs.filter(Q(title__icontains=word) | Q(text__icontains=word))
    for node in (theme, result_area):
        if node is not None:
            qs = qs.filter(results__in=strategy_subtree(node))
    if region is not None:
        qs = qs.filter(areas__in=area_subtree(region))
    return permissions.visible(user, qs.distinct()).order_by("-created_at", "-id")


def _prefetched_results(project) -> set | None:
    """The expected results named by the project and its logframe, from what the project page read with it
    (``portfolio.selectors.with_logframe``: its ``logframe`` rows and each row's ``linked_results``); None when any
    of it was not read."""
    if not hasattr(project, "linked_results") or not hasattr(project, "logframe"):
        return None
    ids = {node.pk for node in project.linked_results}
    for outcome in project.logframe:
        ids.update(node.pk for node in outcome.linked_results)
        for output in outcome.outputs:
            ids.update(node.pk for node in output.linked_results)
    return ids


def lessons_for_project(project, user=None, limit: int = 10):
    """Lessons about the expected results this project serves (named by the project or its logframe),
    or about the result areas and themes above them; lessons learned from the project itself first."""
    from mandates.portfolio.models import Outcome, Output, Project
    from mandates.strategy.models import StrategyNode

    ids = _prefetched_results(project)  # the project page has read its logframe's results already
    if ids is None:
        ids = set(Project.results.through.objects.filter(project_id=project.pk).values_list("strategynode_id", flat=True)
                  .union(Outcome.results.through.objects.filter(outcome__project_id=project.pk)
                         .values_list("strategynode_id", flat=True),
                         Output.results.through.objects.filter(output__outcome__project_id=project.pk)
                         .values_list("strategynode_id", flat=True)))  # one query
    related = set(ids)
    if ids:
        # the period's tree is the same for every reader: read once per data version (core.shared_figures)
        period = project.strategy_period_id
        parents = kept(("strategy node parents", period), lambda: dict(
            StrategyNode.objects.filter(period_id=period).values_list("pk", "parent_id")))
        for node in ids:
            parent = parents.get(node)
            while parent is not None:
                related.add(parent)
                parent = parents.get(parent)
    qs = lesson_queryset().filter(Q(results__in=related) | Q(project_id=project.pk)).distinct()
    qs = permissions.visible(user, qs) if user is not None else qs.filter(is_public=True)
    lessons = list(qs.order_by("-created_at", "-id")[:limit])
    lessons.sort(key=lambda lesson: lesson.project_id != project.pk)
    return lessons
