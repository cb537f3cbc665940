from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions

from . import selectors, services
from .forms import PartnerForm
from .models import Partner


def partner_list(request):
    permissions.require(request.user, "view", Partner)
    search, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    page = Paginator(selectors.partner_list(request.user, search=search, kind=kind), 50).get_page(request.GET.get("page"))
    return render(request, "partners/list.html", {
        "page_obj": page, "kinds": Partner.Kind.choices, "q": search, "kind": kind,
        "can_add": permissions.can(request.user, "add", Partner),
    })


def partner_detail(request, pk):
    partner = get_object_or_404(permissions.visible(request.user, Partner.objects.select_related("country")), pk=pk)
    return render(request, "partners/detail.html", {
        "partner": partner,
        "history": history_for(partner) if permissions.can_view_history(request.user) else None,
        "can_change": permissions.can(request.user, "change", partner),
    })


def partner_edit(request, pk=None):
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    permissions.require(request.user, "change" if partner else "add", partner or Partner)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                saved = services.save_partner(partner, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("partners:detail", pk=saved.pk)
    return render(request, "partners/form.html", {"form": form, "partner": partner})
