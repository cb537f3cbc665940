"""Pages of the deliveries register."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.core.params import int_or_none
from mandates.geography.names import by_name
from mandates.people import permissions
from mandates.portfolio.selectors import project_from_choice

from .. import selectors, services
from ..forms import DeliveryForm
from ..models import Delivery
from .values import _tabs


def delivery_list(request):
    permissions.require(request.user, "view", Delivery)
    from mandates.geography.models import Country
    from mandates.organisation.models import WorkUnit

    g = request.GET
    kind, year, search = g.get("kind", ""), int_or_none(g.get("year")), g.get("q", "").strip()
    country = Country.objects.filter(iso3=g.get("country", "")).first() if g.get("country") else None
    unit = WorkUnit.objects.filter(code=g.get("unit", "")).first() if g.get("unit") else None
    qs = selectors.delivery_list(request.user, kind=kind, year=year, country=country, unit=unit, search=search)
    page = Paginator(qs, 50).get_page(g.get("page"))
    return render(request, "results/delivery_list.html", {
        "page_obj": page, "summary": selectors.delivery_summary(qs), "kinds": Delivery.Kind.choices,
        "kind": kind, "year": year, "q": search, "country": country, "unit": unit,
        "countries": by_name(Country.objects.only("iso3", "name", "m49_code")),
        "can_add": permissions.can(request.user, "add", Delivery), "tabs": _tabs(request, "deliveries"),
    })


def delivery_detail(request, pk):
    delivery = get_object_or_404(permissions.visible(request.user, selectors.delivery_queryset()), pk=pk)
    indicators = permissions.visible(request.user, delivery.indicators.all())
    return render(request, "results/delivery_detail.html", {
        "delivery": delivery, "participants": selectors.participants_for(delivery), "indicators": indicators,
        "can_change": permissions.can(request.user, "change", delivery),
        "history": (history_for(delivery, list(delivery.participant_rows.all()))
                    if permissions.can_view_history(request.user) else None),
    })


def delivery_edit(request, pk=None):
    from mandates.portfolio.models import Project

    delivery = get_object_or_404(selectors.delivery_queryset(), pk=pk) if pk else None
    if delivery is not None:
        project = delivery.project
        permissions.require(request.user, "change", delivery)
    else:
        permissions.require(request.user, "add", Delivery)
        chosen = request.POST.get("project") or request.GET.get("project")
        project = project_from_choice(Project.objects.select_related("lead_unit"), chosen) if chosen else None
        if project is None:  # first step: the project (a type-ahead: the list grows with the portfolio)
            return render(request, "results/delivery_choose.html", {
                "chosen": chosen, "error": _("No project has the code %(code)s.") % {"code": chosen} if chosen else ""})
        permissions.require(request.user, "add", Delivery(project=project))
    form = DeliveryForm(request.POST or None, instance=delivery, project=project,
                        indicator_choices=selectors.indicators_for_delivery_choice(project))
    if request.method == "POST" and form.is_valid():
        rows = form.breakdown_rows()
        if not form.errors:
            data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("dis__") and k != "indicators"}
            try:
                with unchanged(form):
                    saved = services.save_delivery(
                        Delivery.objects.get(pk=delivery.pk) if delivery else None, by=request.user, project=project,
                        participant_rows=rows, indicators=form.cleaned_data["indicators"], **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Delivery recorded. The indicators it counts towards are updated.")
                                 if saved.indicators.exists() else _("Delivery recorded."))
                return redirect("results:delivery_detail", pk=saved.pk)
    return render(request, "results/delivery_form.html", {"form": form, "delivery": delivery, "project": project})
