from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandates.core.extensions import panels_for
from mandates.core.filter_memory import restore_filters
from mandates.core.forms import apply_service_errors
from mandates.core.kept_rows import KeptRows
from mandates.core.locking import unchanged
from mandates.core.shared_figures import kept
from mandates.core.shared_parts import for_person, kept_parts, render_shared, sharing
from mandates.people import permissions

from .. import selectors, services
from ..filters import ProjectFilterSet
from ..forms import PartnerRoleForm, ProjectForm
from ..models import Programme, Project, ProjectPartner
from .common import lifecycle_context, paginate, project_history, run_transition_from_post, timeline


def visible_project(request, pk):
    qs = Project.objects.select_related("lead_unit", "strategy_period")
    return get_object_or_404(permissions.visible(request.user, qs), pk=pk)


def project_list(request):
    permissions.require(request.user, "view", Project)
    restored = restore_filters(request, "portfolio.projects")
    if restored is not None:
        return restored
    filterset = ProjectFilterSet(request.GET, user=request.user)
    page = paginate(request, list_rows(selectors.project_list(request.user, **filterset.selector_kwargs())))
    return render(request, "portfolio/project_list.html", {
        "page_obj": page, "filter_form": filterset.form, "filters_active": filterset.active, "can_add": permissions.can(request.user, "add", Project),
    })


def list_rows(projects) -> KeptRows:
    """The list's count and each page's rows as HTML, kept for everyone whose list is the same query (the filters
    and the permission matrix's narrowing are in its SQL, so people who may see other projects never share) until
    the data changes (``core.kept_rows``; off with ``SHARED_FIGURES``). A row shows nothing that depends on who
    reads it, only the project and the language: six of the seven demo people read one rendering of each list.
    A page's rows are rendered in one pass of ``portfolio/_project_rows.html`` and cut at its row markers (one
    rendering per row cost a fifth of a first reader's list in setting up each rendering)."""
    rows = get_template("portfolio/_project_rows.html")

    def build(page):
        html = rows.render({"projects": page})
        return [mark_safe(row.strip()) for row in html.split(ROW_MARKER)[1:]]

    return KeptRows(projects, build, name="portfolio.project_list.rows")


ROW_MARKER = "<!--mandates-row-->"  # before each row in portfolio/_project_rows.html


def project_detail(request, pk):
    user = request.user
    project = selectors.project_page_row(user, pk)
    if project is None:
        raise Http404
    can_change = permissions.can(user, "change", project)
    # Everything but the controls is the same for everyone who may see the project, except the panels' rows, which
    # depend on what the person may see of them: the key names those facts (core.shared_parts).
    panels = [panel for panel in panels_for("project", user, project) if panel.shared is not None]
    facts = tuple((panel.template, panel.shared(user, project)) for panel in panels) if sharing() else ()
    # the history (for those who may see histories: the same for all of them) pages by the query string
    history = request.GET.urlencode() if permissions.can_view_history(user) else None
    shared = kept_parts(("portfolio.project_detail", project.pk, facts, history),
                        lambda: _shared_parts(project, user, panels, request.GET if history is not None else None))
    flags = {"can_change": can_change}
    part = {name: for_person(html, flags, request) for name, html in shared["html"].items()}
    return render(request, "portfolio/project_detail.html", {
        "project": project,
        "part": part,
        "timeline_html": part["timeline"],
        "shared_panels": shared["panels"],
        "can_change": can_change,
        # a project is deleted only while it is a draft (the service refuses the others, saying why)
        "can_delete": project.status == Project.Status.DRAFT and permissions.can(user, "delete", project),
        "partner_form": _partner_form() if can_change else None,
        "history": part.get("history"),
        **lifecycle_context(user, project, with_timeline=False),
    })


def _shared_parts(project, user, panels, history_query) -> dict:
    """The project page's parts that are the same for everyone who may see the project (facts, places, partners,
    timeline, logframe; the history when ``history_query``, the page's query string, is given) and the shared panels
    as ``user`` sees them: HTML with ``for_person`` blocks. ``user`` is read by the panels only, through what their
    keys name."""
    selectors.with_logframe(project)
    rows = selectors.logframe_rows(project)
    values = {"project": project, "outcomes": rows["outcomes"], "logframe_cost": _costs(rows["activities"])}
    html = {"facts": render_shared("portfolio/_project_facts.html", values),
            "timeline": render_shared("portfolio/_timeline.html", {"timeline": timeline(project)}),
            "logframe": render_shared("portfolio/_logframe.html", values)}
    if history_query is not None:
        rows.update(locations=list(project.locations.all()), partner_roles=list(project.partner_roles.all()))
        # its pager's links keep the page's other parameters (``querystring_with`` reads ``request.GET``)
        html["history"] = render_shared("includes/history.html", {
            "entries": project_history(None, project, rows), "request": SimpleNamespace(GET=history_query)})
    return {
        "html": html,
        "panels": {panel.template: render_shared(panel.template, {"object": project, "project": project,
                                                                  **(panel.context(user, project) if panel.context else {})})
                   for panel in panels},
    }


def _partner_form():
    """The "Add a partner" form, as HTML: the same for every project and everyone who may change one (no
    instance, no person, the CSRF token is outside it), so it is rendered once per data version and language
    (core.shared_figures). The partner is typed, with suggestions (``core.suggest``): a select of every partner
    (870 at N=20) made the page of those people four times as long."""
    def html():
        return str(render_to_string("includes/form.html", {"form": PartnerRoleForm(prefix="partner")}))

    return mark_safe(kept(("portfolio.project_detail.partner_form",), html))


def _costs(activities) -> list[tuple[str, object]]:
    """Planned cost of the logframe, per currency (never added across currencies)."""
    totals: dict = {}
    for activity in activities:
        totals[activity.currency] = totals.get(activity.currency, 0) + activity.planned_cost
    return sorted(totals.items())


def project_edit(request, pk=None):
    project = visible_project(request, pk) if pk else None
    if project is not None:
        permissions.require(request.user, "change", project)
    else:
        permissions.require(request.user, "add", Project)
    initial = {}
    if project is None and request.GET.get("programme"):
        programme = permissions.visible(request.user, Programme.objects.all()).filter(
            pk=request.GET["programme"]).first() if request.GET["programme"].isdigit() else None
        if programme:
            initial = {"programme": programme, "strategy_period": programme.strategy_period_id,
                       "lead_unit": programme.lead_unit_id}
    if request.GET.get("strategy_period", "").isdigit():  # the period box changed (htmx refresh of the results)
        initial["strategy_period"] = request.GET["strategy_period"]
        # keep the expected results already chosen (those of the newly chosen period stay ticked)
        initial["results"] = [int(pk) for pk in request.GET.getlist("results") if pk.isdigit()]
    form = ProjectForm(request.POST or None, instance=project, initial=initial, user=request.user,
                       refresh_url=request.path)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("countries"), data.pop("areas")
        data["locations"] = form.locations(project.locations.all() if project else ())
        permissions.require(request.user, "change" if project else "add", Project(lead_unit=data["lead_unit"]))
        try:
            with unchanged(form):
                if project:
                    saved = services.update_project(project, by=request.user, **data)
                else:
                    saved = services.create_project(by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Project %(code)s saved.") % {"code": saved.code})
            return redirect("portfolio:project_detail", pk=saved.pk)
    return render(request, "portfolio/project_form.html", {"form": form, "project": project})


def project_delete(request, pk):
    project = visible_project(request, pk)
    permissions.require(request.user, "delete", project)
    error = None
    if request.method == "POST":
        try:
            services.delete_project(project, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Project %(code)s deleted.") % {"code": project.code})
            return redirect("portfolio:project_list")
    elif project.status != Project.Status.DRAFT:
        error = "Only a draft project can be deleted; cancel or close it instead."
    return render(request, "portfolio/confirm_delete.html", {
        "object": project, "noun": _("project"), "error": error,
        "back_url": reverse("portfolio:project_detail", args=[project.pk]),
    }, status=400 if error and request.method == "POST" else 200)


@require_POST
def project_transition(request, pk):
    project = visible_project(request, pk)
    permissions.require(request.user, "transition", project)
    return run_transition_from_post(request, project, reverse("portfolio:project_detail", args=[project.pk]))


def project_partner_add(request, pk):
    project = visible_project(request, pk)
    permissions.require(request.user, "change", project)
    form = PartnerRoleForm(request.POST or None, prefix="partner")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_partner_role(project, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Partner added."))
            return redirect(reverse("portfolio:project_detail", args=[project.pk]) + "#partners")
    return render(request, "portfolio/part_form.html", {
        "form": form, "title": _("Add a partner to %(code)s") % {"code": project.code},
        "back_url": reverse("portfolio:project_detail", args=[project.pk]),
    })


@require_POST
def project_partner_remove(request, pk, role_pk):
    project = visible_project(request, pk)
    role = get_object_or_404(ProjectPartner.objects.select_related("partner"), pk=role_pk, project=project)
    permissions.require(request.user, "change", role)
    services.remove_partner_role(role, by=request.user)
    messages.success(request, _("%(role)s removed.") % {"role": role})
    return redirect(reverse("portfolio:project_detail", args=[project.pk]) + "#partners")
