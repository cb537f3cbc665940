import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions

from . import selectors, services
from .fileformat import StrategyFileError
from .forms import ImportForm, NodeForm
from .models import StrategyNode, StrategyPeriod
from .models.period import plural_name


def tree(request, period=None):
    permissions.require(request.user, "view", StrategyNode)
    periods = list(permissions.visible(request.user, selectors.periods()))
    code = period or request.GET.get("period", "").strip()
    if code:
        current = next((p for p in periods if p.code == code), None)
        if current is None:
            raise Http404
    else:
        current = periods[0] if periods else None
    tree = selectors.period_tree(current, request.user) if current else None
    return render(request, "strategy/tree.html", {
        "periods": periods,
        "period": current,
        "tree": tree,
        "results_rows": tree_rows(tree.results, current) if tree else [],
        "management_rows": tree_rows(tree.management, current) if tree else [],
        "can_import": permissions.can(request.user, "add", StrategyPeriod),
    })


_URL_SAFE = re.compile(r"[A-Za-z0-9._~-]+")


def tree_rows(roots, period) -> list[dict]:
    """The tree as one flat list in reading order, each node with its link and its counts already
    worded, and the list tags to close after it: the page renders ~100 nodes in one loop instead of one
    template include and two plural translations per node (most of the page's time)."""
    rows = []
    slot = "0node0code0"
    pattern = reverse("strategy:node", args=[period.code, slot])

    def href(code: str) -> str:
        # one reverse for the page: a code of URL-safe characters goes in as it is (reverse would give the same)
        return pattern.replace(slot, code) if _URL_SAFE.fullmatch(code) else reverse(
            "strategy:node", args=[period.code, code])

    def visit(node, last_of: int) -> None:
        programmes = ngettext("%(count)s programme", "%(count)s programmes", node.programme_count) % {
            "count": node.programme_count}
        projects = ngettext("%(count)s project", "%(count)s projects", node.project_count) % {
            "count": node.project_count}
        rows.append({"level": node.level, "code": node.code, "title": node.title, "opens": bool(node.kids),
                     "href": href(node.code),
                     "counts": f"{programmes} · {projects}", "closing": mark_safe("</ul></li>" * last_of)})
        for i, kid in enumerate(node.kids):
            # the last node of a branch closes its own list item and every list it ends
            visit(kid, last_of + 1 if i == len(node.kids) - 1 else 0)

    for root in roots:
        visit(root, 0)
    return rows


def _node_or_404(request, period, code):
    node = selectors.node_by_code(period, code)
    if node is None or not permissions.can(request.user, "view", node):
        raise Http404
    return node


def node_detail(request, period, code):
    node = _node_or_404(request, period, code)
    selectors.attach_ancestors([node])
    tree = selectors.period_tree(node.period, request.user)
    counted = tree.nodes[node.pk]
    contributions = selectors.node_contributions(node, request.user)
    projects = Paginator(contributions["projects"], 50).get_page(request.GET.get("page"))
    projects.object_list = selectors.linked_via(node, projects.object_list)
    return render(request, "strategy/node.html", {
        "node": node,
        "period": node.period,
        "ancestors": selectors.named_ancestors(node),
        "kids": counted.kids,
        "kids_heading": plural_name(counted.kids[0].level_name).capitalize() if counted.kids else "",
        "counted": counted,
        "programmes": contributions["programmes"],
        "page_obj": projects,
        "is_result": node.is_result,
        "history": history_for(node) if permissions.can_view_history(request.user) else None,
        "can_change": permissions.can(request.user, "change", node),
    })


def node_edit(request, period, code):
    node = _node_or_404(request, period, code)
    permissions.require(request.user, "change", node)
    form = NodeForm(request.POST or None, initial={"title": node.title, "description": node.description}, record=node)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                saved = services.update_node(node, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(level)s %(code)s saved.") % {"level": saved.level_name.capitalize(), "code": saved.code})
            return redirect("strategy:node", period=saved.period.code, code=saved.code)
    return render(request, "strategy/node_form.html", {"form": form, "node": node, "period": node.period})


def import_strategy(request):
    permissions.require(request.user, "add", StrategyPeriod)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        replace = form.cleaned_data["replace"]
        if replace and not permissions.can(request.user, "change", StrategyPeriod):
            raise PermissionDenied
        try:
            summary = services.load_strategy(form.cleaned_data["file"], by=request.user, replace=replace)
        except StrategyFileError as exc:
            problems = exc.problems
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, str(summary))
            return redirect("strategy:period", period=summary.period.code)
    return render(request, "strategy/import.html", {
        "form": form, "problems": problems,
        "filename": request.FILES["file"].name if problems is not None and "file" in request.FILES else "",
    })
