"""Helpers shared by the portfolio's pages."""
from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from mandates.core.audit import history_for
from mandates.core.lifecycle import available_transitions, status_changes_for
from mandates.people import permissions

from .. import services
from ..forms import TransitionForm
from ..models import Activity, Outcome, Output, ProjectLocation, ProjectPartner

PAGE_SIZE = 25


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def lifecycle_context(user, obj, *, with_timeline: bool = True) -> dict:
    """Transitions the user may run now, and the record of past ones (``with_timeline=False``: the page renders the
    record itself, e.g. as a shared part)."""
    transitions = available_transitions(obj) if permissions.can(user, "transition", obj) else []
    separated = services.SEPARATED_STEPS.get(type(obj), ())
    transitions = [(name, label) for name, label in transitions
                   if name not in separated or not services.approval_refusal(obj, user)]
    return {
        "transitions": transitions,
        **({"timeline": timeline(obj)} if with_timeline else {}),
    }


def timeline(obj) -> list[dict]:
    """The record of an object's past steps (``portfolio/_timeline.html``): the same for everyone."""
    labels = dict(type(obj).Status.choices)
    return [{"change": c, "from": labels.get(c.from_status, c.from_status), "to": labels.get(c.to_status, c.to_status)}
            for c in status_changes_for(obj)]


def project_history(user, project, rows: dict):
    """The project's audit trail and its parts', deleted rows included (they name their project); None for ``user``
    who may not see histories (``user`` None: the caller has checked). ``rows``: the project's places, partner roles,
    outcomes, outputs and activities."""
    if user is not None and not permissions.can_view_history(user):
        return None
    # the logframe's rows are plain rows (``selectors.logframe_tree``): the history names them by model and key
    logframe = [[model(pk=row.pk) for row in rows[kind]]
                for model, kind in ((Outcome, "outcomes"), (Output, "outputs"), (Activity, "activities"))]
    parts = [rows["locations"], rows["partner_roles"], *logframe]
    part_types = ContentType.objects.get_for_models(Outcome, Output, Activity, ProjectLocation, ProjectPartner)
    deleted = LogEntry.objects.filter(content_type__in=list(part_types.values()),
                                      additional_data__project_id=project.pk)
    return history_for(project, *parts) | deleted  # paged by the history include


def run_transition_from_post(request, obj, detail_url: str):
    """Handle a lifecycle button: check the right, run the step, report the outcome."""
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("decided_on", [])) or _("Choose an action."))
        return redirect(detail_url)
    name = form.cleaned_data["transition"]
    try:
        services.transition(obj, name, by=request.user, comment=form.cleaned_data["comment"],
                            decided_on=form.cleaned_data.get("decided_on"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if name in services.SEPARATED_STEPS.get(type(obj), ()):
            messages.success(request, _("%(object)s approved: status is now “%(status)s”.") % {
                "object": obj, "status": obj.get_status_display()})
        else:
            messages.success(request, _("Status changed to “%(status)s”.") % {"status": obj.get_status_display()})
    return redirect(detail_url)
