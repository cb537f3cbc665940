from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandates.core.audit import history_for
from mandates.core.filter_memory import restore_filters
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions

from .. import selectors, services
from ..filters import ProgrammeFilterSet
from ..forms import ComponentForm, ConsultationForm, ProgrammeForm
from ..models import Programme
from .common import lifecycle_context, paginate, run_transition_from_post


def _visible_programme(request, pk):
    return get_object_or_404(permissions.visible(request.user, Programme.objects.select_related("lead_unit")), pk=pk)


def programme_list(request):
    permissions.require(request.user, "view", Programme)
    restored = restore_filters(request, "portfolio.programmes")
    if restored is not None:
        return restored
    filterset = ProgrammeFilterSet(request.GET, user=request.user)
    page = paginate(request, selectors.programme_list(request.user, **filterset.selector_kwargs()))
    counts = selectors.project_counts(request.user, page.object_list)
    for programme in page.object_list:
        programme.visible_project_count = counts.get(programme.pk, 0)
    return render(request, "portfolio/programme_list.html", {
        "page_obj": page, "filter_form": filterset.form, "filters_active": filterset.active,
        "can_add": permissions.can(request.user, "add", Programme),
    })


def programme_detail(request, pk):
    programme = selectors.programme_detail(request.user, pk)
    if programme is None:
        raise Http404
    can_change = permissions.can(request.user, "change", programme)
    parts = selectors.programme_parts(programme)
    components, consultations = parts["components"], parts["consultations"]
    return render(request, "portfolio/programme_detail.html", {
        "programme": programme,
        **parts,
        "projects": selectors.programme_projects(request.user, programme),
        "can_change": can_change,
        "can_add_project": permissions.can(request.user, "add", programme.projects.model),
        "component_form": ComponentForm(prefix="component") if can_change else None,
        "consultation_form": ConsultationForm(prefix="consultation") if can_change else None,
        "history": (history_for(programme, components, consultations)
                    if permissions.can_view_history(request.user) else None),
        **lifecycle_context(request.user, programme),
    })


def programme_edit(request, pk=None):
    programme = _visible_programme(request, pk) if pk else None
    if programme is not None:
        permissions.require(request.user, "change", programme)
    else:
        permissions.require(request.user, "add", Programme)
    initial = {}
    if request.GET.get("strategy_period", "").isdigit():  # the period box changed (htmx refresh of the results)
        initial["strategy_period"] = request.GET["strategy_period"]
        # keep the expected results already chosen (those of the newly chosen period stay ticked)
        initial["results"] = [int(pk) for pk in request.GET.getlist("results") if pk.isdigit()]
    form = ProgrammeForm(request.POST or None, instance=programme, initial=initial, user=request.user,
                         refresh_url=request.path)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        candidate = Programme(lead_unit=data["lead_unit"])
        permissions.require(request.user, "change" if programme else "add", candidate)
        try:
            with unchanged(form):
                if programme:
                    saved = services.update_programme(programme, by=request.user, **data)
                else:
                    saved = services.create_programme(by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Programme %(code)s saved.") % {"code": saved.code})
            return redirect("portfolio:programme_detail", pk=saved.pk)
    return render(request, "portfolio/programme_form.html", {"form": form, "programme": programme})


def _add_part(request, pk, form_class, prefix, service, noun):
    programme = _visible_programme(request, pk)
    permissions.require(request.user, "change", programme)
    form = form_class(request.POST or None, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            service(programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(noun)s added.") % {"noun": str(noun).capitalize()})
            return redirect("portfolio:programme_detail", pk=programme.pk)
    return render(request, "portfolio/part_form.html", {
        "form": form, "title": _("Add: %(noun)s to %(code)s") % {"noun": noun, "code": programme.code}, "parent": programme,
        "back_url": reverse("portfolio:programme_detail", args=[programme.pk]),
    })


def programme_component_add(request, pk):
    return _add_part(request, pk, ComponentForm, "component", services.add_component, _("component"))


def programme_consultation_add(request, pk):
    return _add_part(request, pk, ConsultationForm, "consultation", services.add_consultation, _("consultation"))


@require_POST
def programme_transition(request, pk):
    programme = _visible_programme(request, pk)
    permissions.require(request.user, "transition", programme)
    return run_transition_from_post(request, programme, reverse("portfolio:programme_detail", args=[programme.pk]))
