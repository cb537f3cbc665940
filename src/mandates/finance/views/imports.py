"""The ERP import (with its template) and the rates of exchange."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mandates.jobs.services import start as start_job
from mandates.people import permissions

from .. import reports, selectors, services, xlsx
from ..forms import ImportForm, RatesImportForm
from ..jobs import EXPENDITURE_IMPORT
from ..models import ExchangeRate, Expenditure
from .common import excel, wants_excel


def import_page(request):
    permissions.require(request.user, "add", Expenditure)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:  # a background job: its page shows the progress, then the summary or the refused rows
            job = start_job(EXPENDITURE_IMPORT, by=request.user, input_file=upload)
        except ValidationError as exc:
            errors = exc.messages
        else:
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "finance/import.html", {
        "form": form, "errors": errors, "columns": services.template_columns(),
        "batches": selectors.import_batches(), "section": "import"})


def import_template(request, fmt):
    """The ERP template, as CSV or XLSX (public: it documents a format, it holds no data)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("The template comes as CSV or XLSX."))
    if fmt == "xlsx":
        resp = HttpResponse(services.template_xlsx(), content_type=xlsx.XLSX)
    else:
        resp = HttpResponse(services.template_csv(), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="mandates-erp-expenditure-template.{fmt}"'
    return resp


def rates(request):
    permissions.require(request.user, "view", ExchangeRate)
    can_import = permissions.can(request.user, "add", ExchangeRate)
    form = RatesImportForm(request.POST or None, request.FILES or None) if can_import else None
    errors = []
    if request.method == "POST":
        permissions.require(request.user, "add", ExchangeRate)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = services.import_exchange_rates(upload, by=request.user, file_name=upload.name)
            except ValidationError as exc:
                errors = exc.message_dict.get("file", exc.messages)
            else:
                messages.success(request, _("%(file)s: %(created)s new rates, %(updated)s changed, %(unchanged)s unchanged.") % {
                    "file": batch.file_name, "created": batch.created, "updated": batch.updated,
                    "unchanged": batch.unchanged})
                return redirect("finance:rates")
    currency = request.GET.get("currency", "").strip().upper()
    if request.GET.get("missing") == "1":  # the home page's "months without a rate"
        from ..selectors.rates import missing_rates

        gaps = [(c, m) for c, m in missing_rates() if not currency or c == currency]
        page = Paginator(gaps, 120).get_page(request.GET.get("page"))
        return render(request, "finance/rates_missing.html", {
            "page_obj": page, "currency": currency, "section": "rates", "form": form, "errors": errors})
    qs = ExchangeRate.objects.order_by("-month", "currency")
    if currency:
        qs = qs.filter(currency=currency)
    if wants_excel(request):
        return excel([reports.rates_table(qs)], "rates-of-exchange")
    page = Paginator(qs, 60).get_page(request.GET.get("page"))
    return render(request, "finance/rates.html", {
        "table": reports.rates_table(page.object_list), "page_obj": page, "form": form, "errors": errors,
        "currency": currency, "currencies": ExchangeRate.objects.order_by().values_list("currency", flat=True)
        .distinct().order_by("currency"), "section": "rates",
        "has_demo": ExchangeRate.objects.filter(is_demo=True).exists()})
