import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions

from . import selectors, services
from .forms import FilterForm, RequestForm, TransitionForm
from .models import AssistanceRequest


def _viewer_required(view):
    """Only for people whose role may see requests; the public is asked to log in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not permissions.can(request.user, "view", AssistanceRequest):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@_viewer_required
def request_list(request):
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.RequestFilters()
    page = Paginator(selectors.request_list(request.user, filters), 50).get_page(request.GET.get("page"))
    return render(request, "assistance/list.html", {
        "page_obj": page, "form": form,
        "is_state_reader": permissions.role_of(request.user) == "member_state_reader",
        "can_add": permissions.can(request.user, "add", AssistanceRequest),
    })


def _detail_context(request, req, open_forms=None):
    open_forms = open_forms or {}
    transitions = []
    for name, label in selectors.transitions_from_here(req, request.user):
        form = open_forms.get(name) or TransitionForm(name)
        transitions.append({"name": name, "label": label, "form": form, "open": name in open_forms})
    may_see_history = permissions.can_view_history(request.user)
    return {
        "req": req,
        "timeline": selectors.status_timeline(req),
        "transitions": transitions,
        "show_people": may_see_history,
        "history": history_for(req) if may_see_history else None,
        "can_change": req.status != AssistanceRequest.Status.CLOSED and permissions.can(request.user, "change", req),
    }


@_viewer_required
def request_detail(request, pk):
    try:
        req = selectors.request_detail(request.user, pk)
    except AssistanceRequest.DoesNotExist:
        raise Http404 from None
    return render(request, "assistance/detail.html", _detail_context(request, req))


@_viewer_required
@require_POST
def request_transition(request, pk):
    try:
        req = selectors.request_detail(request.user, pk)
    except AssistanceRequest.DoesNotExist:
        raise Http404 from None
    permissions.require(request.user, "transition", req)
    name = request.POST.get("transition", "")
    if name not in services.TRANSITION_FIELDS:
        messages.error(request, _("Unknown action."))
        return redirect("assistance:detail", pk=req.pk)
    form = TransitionForm(name, request.POST)
    if form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "comment"}
        try:
            services.transition(req, name, by=request.user, comment=form.cleaned_data["comment"], **fields)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "transition" in exc.error_dict:
                messages.error(request, " ".join(exc.message_dict["transition"]))
                return redirect("assistance:detail", pk=pk)
            apply_service_errors(form, exc)
        else:
            req.refresh_from_db(fields=["status"])
            messages.success(request, _("The request is now “%(status)s”.") % {"status": req.get_status_display().lower()})
            return redirect("assistance:detail", pk=pk)
    req = selectors.request_detail(request.user, pk)  # fresh: nothing half-applied in memory
    return render(request, "assistance/detail.html", _detail_context(request, req, {name: form}), status=400)


@_viewer_required
def request_edit(request, pk=None):
    req = None
    if pk:
        try:
            req = selectors.request_detail(request.user, pk)
        except AssistanceRequest.DoesNotExist:
            raise Http404 from None
    permissions.require(request.user, "change" if req else "add", req or AssistanceRequest)
    if req and req.status == AssistanceRequest.Status.CLOSED:
        messages.error(request, _("A closed request cannot be changed."))
        return redirect("assistance:detail", pk=req.pk)
    form = RequestForm(request.POST or None, instance=req)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        results = data.pop("results", None)
        try:
            with unchanged(form):
                saved = services.save_request(get_object_or_404(AssistanceRequest, pk=pk) if pk else None,
                                              by=request.user, results=results, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Request %(reference)s saved.") % {"reference": saved.reference})
            return redirect("assistance:detail", pk=saved.pk)
    return render(request, "assistance/form.html", {"form": form, "req": req},
                  status=400 if request.method == "POST" else 200)


@_viewer_required
def statistics(request):
    form = FilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.RequestFilters()
    as_of = None
    if request.GET.get("as_of"):
        try:
            as_of = datetime.date.fromisoformat(request.GET["as_of"])
        except ValueError:
            messages.error(request, _("The date “as at” could not be read; today is used (YYYY-MM-DD)."))
    stats = selectors.response_statistics(request.user, filters, as_of=as_of)
    chart = {
        "labels": [row["label"] for row in stats["by_year"]],
        "median": [float(row["median_days"]) if row["median_days"] is not None else None for row in stats["by_year"]],
        "mean": [float(row["mean_days"]) if row["mean_days"] is not None else None for row in stats["by_year"]],
    }
    return render(request, "assistance/statistics.html", {
        "stats": stats, "form": form, "chart": chart,
        "is_state_reader": permissions.role_of(request.user) == "member_state_reader",
    })
