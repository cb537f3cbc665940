"""Donors and the contribution register."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.people import permissions

from .. import reports, selectors, services
from ..forms import ContributionForm, DonorForm, ReceiptForm
from ..models import Biennium, Contribution, Donor, Fund
from .common import excel, wants_excel


def donor_list(request):
    permissions.require(request.user, "view", Donor)
    donors = selectors.donors(request.user)
    table = reports.donors_table(donors)
    if wants_excel(request):
        return excel([table], "donors")
    return render(request, "finance/donor_list.html", {
        "table": table, "section": "donors", "can_add": permissions.can(request.user, "add", Donor)})


def donor_detail(request, pk):
    permissions.require(request.user, "view", Donor)
    donor = get_object_or_404(permissions.visible(request.user, Donor.objects.select_related("country", "partner")),
                              pk=pk)
    detail = selectors.donor_detail(request.user, donor)
    tables = reports.donor_tables(detail)
    if wants_excel(request):
        return excel(tables, f"donor-{donor.pk}", heading=donor.name)
    return render(request, "finance/donor_detail.html", {
        "donor": donor, "detail": detail, "tables": tables, "section": "donors",
        "can_change": permissions.can(request.user, "change", donor),
        "history": history_for(donor) if permissions.can_view_history(request.user) else None,
    })


def donor_edit(request, pk=None):
    donor = get_object_or_404(Donor, pk=pk) if pk else None
    permissions.require(request.user, "change" if donor else "add", donor or Donor)
    form = DonorForm(request.POST or None, instance=donor)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                saved = services.save_donor(donor, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("finance:donor_detail", pk=saved.pk)
    return render(request, "finance/form.html", {
        "form": form, "title": f"Edit {donor}" if donor else "New donor", "section": "donors",
        "cancel": f"/finance/donors/{donor.pk}/" if donor else "/finance/donors/"})


FILTER_LABELS = {"biennium": "Biennium", "donor": "Donor", "donor_kind": "Kind of donor", "fund": "Fund",
                 "earmarking": "Earmarking", "status": "Receipt status", "currency": "Currency", "year": "Year"}


def contribution_list(request):
    permissions.require(request.user, "view", Contribution)
    filters = {key: request.GET.get(key, "").strip() for key in selectors.registers.CONTRIBUTION_FILTERS}
    qs = selectors.contributions(request.user, **filters)
    if wants_excel(request):
        return excel([reports.contributions_table(qs)], "contributions")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    donor = filters.get("donor", "")  # a donor's id (links) or name (the type-ahead): shown by name
    donor_label = donor
    if donor.isdigit():
        donor_label = permissions.visible(request.user, Donor.objects.filter(pk=int(donor))).values_list(
            "name", flat=True).first() or donor
    return render(request, "finance/contribution_list.html", {
        "table": reports.contributions_table(page.object_list), "page_obj": page, "filters": filters,
        "totals": selectors.totals(qs), "section": "contributions", "donor_label": donor_label,
        "choices": {
            "biennium": [(b.code, b.code) for b in Biennium.objects.order_by("-start_year")],
            "donor": [],  # typed, with suggestions: the donors grow with the office
            "donor_kind": Donor.Kind.choices, "fund": [(f.code, str(f)) for f in Fund.objects.all()],
            "earmarking": Contribution.Earmarking.choices, "status": Contribution.Status.choices,
        },
        "can_add": permissions.can(request.user, "add", Contribution),
    })


def contribution_detail(request, pk):
    permissions.require(request.user, "view", Contribution)
    contribution = get_object_or_404(permissions.visible(request.user, Contribution.objects.select_related(
        "donor", "segment", "segment__biennium", "segment__fund", "theme", "area", "programme", "project")), pk=pk)
    spent = contribution.expenditures.select_related("segment", "budget_class", "project")
    table = reports.expenditure_table(spent, title="Expenditure charged to this contribution")
    if wants_excel(request):
        return excel([reports.contributions_table([contribution], title="Contribution"), table],
                     f"contribution-{contribution.pk}")
    return render(request, "finance/contribution_detail.html", {
        "c": contribution, "table": table, "section": "contributions",
        "can_change": permissions.can(request.user, "change", contribution),
        "history": history_for(contribution) if permissions.can_view_history(request.user) else None,
    })


def contribution_edit(request, pk=None):
    contribution = get_object_or_404(Contribution, pk=pk) if pk else None
    permissions.require(request.user, "change" if contribution else "add", contribution or Contribution)
    form = ContributionForm(request.POST or None, instance=contribution)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("received_amount") is None:
            data["received_amount"] = 0
        # the form has already written its values on ``contribution``: the service gets the stored row, so that
        # it sees what changed (a new date or currency takes that month's rate)
        stored = Contribution.objects.get(pk=contribution.pk) if contribution else None
        try:
            with unchanged(form):
                saved = services.save_contribution(stored, by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Contribution {saved.reference} saved: USD {saved.usd_amount:,.2f}.")
            return redirect("finance:contribution_detail", pk=saved.pk)
    return render(request, "finance/form.html", {
        "form": form, "section": "contributions",
        "title": f"Edit contribution {contribution.reference}" if contribution else "New pledge or contribution",
        "cancel": f"/finance/contributions/{contribution.pk}/" if contribution else "/finance/contributions/"})


def contribution_receipt(request, pk):
    contribution = get_object_or_404(Contribution, pk=pk)
    permissions.require(request.user, "change", contribution)
    form = ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_receipt(contribution, amount=form.cleaned_data["amount"], by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Receipt recorded.")
            return redirect("finance:contribution_detail", pk=contribution.pk)
    return render(request, "finance/form.html", {
        "form": form, "section": "contributions", "title": f"Record money received for {contribution.reference}",
        "lead": f"Pledged {contribution.currency} {contribution.amount:,.2f}; received so far "
                f"{contribution.currency} {contribution.received_amount:,.2f}.",
        "cancel": f"/finance/contributions/{contribution.pk}/"})
