"""Adding, changing and deleting a project's outcomes, outputs and activities (plain pages, no JS needed)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions

from .. import services
from ..forms import ActivityForm, LogframeRowForm
from ..models import Activity, Outcome, Output
from .projects import visible_project

KINDS = {
    "outcomes": (Outcome, "project", gettext_lazy("outcome")),
    "outputs": (Output, "outcome__project", gettext_lazy("output")),
    "activities": (Activity, "output__outcome__project", gettext_lazy("activity")),
}


def _row(project, kind, row_pk):
    model, lookup, _noun = KINDS[kind]
    return get_object_or_404(model, pk=row_pk, **{lookup: project})


def _back(project, anchor=""):
    return reverse("portfolio:project_detail", args=[project.pk]) + (f"#{anchor}" if anchor else "")


def _edit(request, project, form, save, *, title, parent=None, anchor="logframe"):
    permissions.require(request.user, "change", project)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                row = save(form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(code)s saved.") % {"code": row.code})
            return redirect(_back(project, f"{type(row).__name__.lower()}-{row.pk}"))
    return render(request, "portfolio/logframe_form.html", {
        "form": form, "project": project, "title": title, "parent": parent, "back_url": _back(project, anchor),
    })


def outcome_add(request, pk):
    project = visible_project(request, pk)
    form = LogframeRowForm(request.POST or None, project=project)
    return _edit(request, project, form, lambda d: services.add_outcome(project, by=request.user, **d),
                 title=_("Add outcome"))


def outcome_edit(request, pk, row_pk):
    project = visible_project(request, pk)
    outcome = _row(project, "outcomes", row_pk)
    form = LogframeRowForm(request.POST or None, project=project, initial={
        "code": outcome.code, "title": outcome.title, "results": list(outcome.results.values_list("pk", flat=True))}, record=outcome)
    return _edit(request, project, form, lambda d: services.update_outcome(outcome, by=request.user, **d),
                 title=_("Edit outcome %(code)s") % {"code": outcome.code})


def output_add(request, pk, row_pk):
    project = visible_project(request, pk)
    outcome = _row(project, "outcomes", row_pk)
    form = LogframeRowForm(request.POST or None, project=project, initial={"code": f"{outcome.code}."})
    return _edit(request, project, form, lambda d: services.add_output(outcome, by=request.user, **d),
                 title=_("Add output"), parent=outcome)


def output_edit(request, pk, row_pk):
    project = visible_project(request, pk)
    output = _row(project, "outputs", row_pk)
    form = LogframeRowForm(request.POST or None, project=project, initial={
        "code": output.code, "title": output.title, "results": list(output.results.values_list("pk", flat=True))}, record=output)
    return _edit(request, project, form, lambda d: services.update_output(output, by=request.user, **d),
                 title=_("Edit output %(code)s") % {"code": output.code}, parent=output.outcome)


def _activity_data(data):
    data = dict(data)
    if data.get("planned_cost") is None:
        data["planned_cost"] = 0
    return data


def activity_add(request, pk, row_pk):
    project = visible_project(request, pk)
    output = _row(project, "outputs", row_pk)
    form = ActivityForm(request.POST or None, initial={"currency": "USD", "planned_cost": 0,
                                                       "start_date": project.start_date, "end_date": project.end_date,
                                                       "responsible_unit": project.lead_unit_id})
    return _edit(request, project, form,
                 lambda d: services.add_activity(output, by=request.user, **_activity_data(d)),
                 title=_("Add activity"), parent=output)


def activity_edit(request, pk, row_pk):
    project = visible_project(request, pk)
    activity = _row(project, "activities", row_pk)
    fields = ("code", "title", "description", "country", "area", "start_date", "end_date", "responsible_unit",
              "planned_cost", "currency")
    form = ActivityForm(request.POST or None, initial={f: getattr(activity, f) for f in fields}, record=activity)
    return _edit(request, project, form,
                 lambda d: services.update_activity(activity, by=request.user, **_activity_data(d)),
                 title=_("Edit activity %(code)s") % {"code": activity.code}, parent=activity.output)


def logframe_delete(request, pk, kind, row_pk):
    if kind not in KINDS:
        raise Http404
    project = visible_project(request, pk)
    row = _row(project, kind, row_pk)
    permissions.require(request.user, "change", project)
    error = None
    if request.method == "POST":
        try:
            services.delete_logframe_item(row, by=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("%(noun)s %(code)s deleted.") % {"noun": str(KINDS[kind][2]).capitalize(), "code": row.code})
            return redirect(_back(project, "logframe"))
    return render(request, "portfolio/confirm_delete.html", {
        "object": row, "noun": KINDS[kind][2], "error": error, "back_url": _back(project, "logframe"),
        "consequence": {"outcomes": "Its outputs and activities are deleted with it.",
                        "outputs": "Its activities are deleted with it."}.get(kind, ""),
    })
