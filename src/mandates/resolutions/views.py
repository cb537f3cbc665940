import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.core.params import int_or_none
from mandates.jobs.services import start as start_job
from mandates.people import permissions

from . import importing, reference, selectors, services
from .forms import ImportForm, LinkForm, ObligationForm, ParagraphForm, ResolutionForm, SplitForm
from .jobs import RESOLUTION_IMPORT
from .models import Obligation, Paragraph, Resolution, ResultLink


def resolution_list(request):
    permissions.require(request.user, "view", Resolution)
    search, body, year = request.GET.get("q", "").strip(), request.GET.get("body", ""), int_or_none(request.GET.get("year"))
    qs = selectors.resolution_list(request.user, search=search, body=body, year=year)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "resolutions/list.html", {
        "page_obj": page, "q": search, "body": body, "year": year, "bodies": reference.body_choices(),
        "years": selectors.resolution_years(), "can_add": permissions.can(request.user, "add", Resolution),
        "summary": selectors.obligation_summary(request.user), "kinds": Obligation.Kind.choices,
    })


def resolution_detail(request, pk):
    try:
        resolution = selectors.resolution_detail(request.user, pk)
    except Resolution.DoesNotExist:
        raise Http404 from None
    paragraphs = list(resolution.paragraphs.all())
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    obligations = [o for p in operative for o in p.obligations.all()]
    links = [link for p in operative for link in p.links.all()]
    can_change = permissions.can(request.user, "change", resolution)
    history = None
    if permissions.can_view_history(request.user):
        history = history_for(resolution, paragraphs, obligations, links)
    return render(request, "resolutions/detail.html", {
        "resolution": resolution,
        "preambular": [p for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR],
        "operative": operative,
        "obligations": obligations,
        "unanswered": selectors.unanswered_requests(resolution),
        "period": services.period_for(resolution.date),
        "can_change": can_change,
        "can_delete": permissions.can(request.user, "delete", resolution),
        "history": history,
    })


def resolution_import(request):
    permissions.require(request.user, "add", Resolution)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pasted = not data.get("file")
        upload = ContentFile(data["text"].encode("utf-8"), name="pasted-text.txt") if pasted else data["file"]
        try:
            # What the text prints (symbol, body, date, title) fills what the officer left empty; what is
            # missing from both is asked for on its field. The split itself runs as a background job.
            importing.read_header(data["text"] if pasted else upload, name="" if pasted else upload.name,
                                  symbol=data["symbol"], body=data["body"], date=data["date"], title=data["title"])
            upload.seek(0)
            job = start_job(RESOLUTION_IMPORT, by=request.user, input_file=upload, params={
                "symbol": data["symbol"], "body": data["body"],
                "date": data["date"].isoformat() if data["date"] else "", "title": data["title"],
                "replace": data["replace"], "pasted": pasted})
        except ValidationError as exc:
            _errors_to_import_form(form, exc)
        else:
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "resolutions/import.html", {"form": form})


def _errors_to_import_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else ("file" if field == "source" else None)
            if field == "source" and not form.cleaned_data.get("file"):
                target = "text"
            for error in errors:
                form.add_error(target, error)
    else:
        apply_service_errors(form, exc)


def resolution_edit(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk)
    permissions.require(request.user, "change", resolution)
    form = ResolutionForm(request.POST or None, instance=resolution)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                services.update_resolution(resolution, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("resolutions:detail", pk=resolution.pk)
    return render(request, "resolutions/form.html", {
        "form": form, "resolution": resolution, "title": f"Edit {resolution.symbol}",
        "back": reverse("resolutions:detail", args=[resolution.pk]),
    })


@require_POST
def resolution_delete(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk)
    permissions.require(request.user, "delete", resolution)
    symbol = resolution.symbol
    services.delete_resolution(resolution, by=request.user)
    messages.success(request, _("%(symbol)s deleted.") % {"symbol": symbol})
    return redirect("resolutions:list")


@require_POST
def resolution_suggest(request, pk):
    resolution = get_object_or_404(Resolution, pk=pk)
    permissions.require(request.user, "change", resolution)
    made = services.suggest_links(resolution, by=request.user)
    if services.period_for(resolution.date) is None:
        messages.warning(request, _("No strategy period was in force on the resolution's date: nothing to suggest."))
    else:
        messages.success(request, _("%(count)s links to expected results suggested.") % {"count": made})
    return redirect(reverse("resolutions:detail", args=[pk]) + "#links")


# --- paragraphs -------------------------------------------------------------------------------

def paragraph_edit(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("resolution"), pk=pk)
    permissions.require(request.user, "change", paragraph)
    form = ParagraphForm(request.POST or None, instance=paragraph)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                services.update_paragraph(paragraph, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(_paragraph_url(paragraph))
    period = services.period_for(paragraph.resolution.date)
    return render(request, "resolutions/paragraph_form.html", {
        "form": form, "paragraph": paragraph, "resolution": paragraph.resolution,
        "split_form": SplitForm(), "link_form": LinkForm(period=period) if period else None,
    })


def _paragraph_url(paragraph) -> str:
    return reverse("resolutions:detail", args=[paragraph.resolution_id]) + f"#paragraph-{paragraph.pk}"


@require_POST
def paragraph_merge(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("resolution"), pk=pk)
    permissions.require(request.user, "change", paragraph)
    try:
        services.merge_paragraphs(paragraph, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The paragraph was merged with the one after it."))
    return redirect(_paragraph_url(paragraph))


def paragraph_split(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("resolution"), pk=pk)
    permissions.require(request.user, "change", paragraph)
    form = SplitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_paragraph(paragraph, at=form.cleaned_data["at"], number=form.cleaned_data["number"],
                                           by=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The paragraph was split in two."))
            return redirect(_paragraph_url(new))
    return render(request, "resolutions/split_form.html", {"form": form, "paragraph": paragraph,
                                                            "resolution": paragraph.resolution})


@require_POST
def paragraph_link(request, pk):
    paragraph = get_object_or_404(Paragraph.objects.select_related("resolution"), pk=pk)
    permissions.require(request.user, "change", paragraph)
    form = LinkForm(request.POST, period=services.period_for(paragraph.resolution.date))
    if form.is_valid():
        try:
            services.add_link(paragraph, form.cleaned_data["result"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Linked to %(code)s.") % {"code": form.cleaned_data["result"].code})
    else:
        messages.error(request, _("Choose an expected result of the strategy period."))
    return redirect(_paragraph_url(paragraph))


@require_POST
def link_decide(request, pk):
    link = get_object_or_404(ResultLink.objects.select_related("paragraph"), pk=pk)
    permissions.require(request.user, "change", link)
    state = request.POST.get("state", "")
    try:
        services.decide_link(link, state=state, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    next_url = request.POST.get("next", "")
    if next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect(_paragraph_url(link.paragraph))


# --- obligations ------------------------------------------------------------------------------

def _iso_date(value):
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def obligation_calendar(request):
    permissions.require(request.user, "view", Obligation)
    filters = selectors.ObligationFilters(
        body=request.GET.get("body", ""), year=int_or_none(request.GET.get("year")),
        status=request.GET.get("status", "") if request.GET.get("status") in dict(selectors.OBLIGATION_STATES) else "",
        deadline_before=_iso_date(request.GET.get("before")),  # e.g. "due in the next 90 days" from the home page
        kind=request.GET.get("kind", "") if request.GET.get("kind") in Obligation.Kind.values else "",
    )
    qs = selectors.obligation_list(request.user, filters)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "resolutions/calendar.html", {
        "page_obj": page, "filters": filters, "bodies": reference.body_choices(),
        "years": selectors.obligation_years(), "states": selectors.OBLIGATION_STATES,
        "summary": selectors.obligation_summary(request.user),
    })


def obligation_edit(request, pk=None, paragraph_pk=None):
    if pk:
        obligation = get_object_or_404(Obligation.objects.select_related("paragraph__resolution"), pk=pk)
        paragraph = obligation.paragraph
        permissions.require(request.user, "change", obligation)
    else:
        obligation = None
        paragraph = get_object_or_404(Paragraph.objects.select_related("resolution"), pk=paragraph_pk,
                                      kind=Paragraph.Kind.OPERATIVE)
        permissions.require(request.user, "change", paragraph)
    form = ObligationForm(request.POST or None, instance=obligation, user=request.user,
                          initial=None if obligation else {"actor": paragraph.addressee,
                                                          "recipient_body": paragraph.resolution.body})
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                services.save_obligation(obligation, paragraph=paragraph, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(_paragraph_url(paragraph))
    return render(request, "resolutions/obligation_form.html", {
        "form": form, "obligation": obligation, "paragraph": paragraph, "resolution": paragraph.resolution,
        "can_delete": obligation is not None and permissions.can(request.user, "delete", obligation),
    })


@require_POST
def obligation_delete(request, pk):
    obligation = get_object_or_404(Obligation.objects.select_related("paragraph"), pk=pk)
    permissions.require(request.user, "delete", obligation)
    paragraph = obligation.paragraph
    services.delete_obligation(obligation, by=request.user)
    messages.success(request, _("The obligation was deleted."))
    return redirect(_paragraph_url(paragraph))


# --- mandates by expected result ----------------------------------------------------------

def _period(code):
    from mandates.strategy.models import StrategyPeriod

    return get_object_or_404(StrategyPeriod, code=code)


def results_index(request, period=None):
    permissions.require(request.user, "view", ResultLink)
    from mandates.strategy.models import StrategyPeriod

    periods = list(StrategyPeriod.objects.order_by("-start_year"))
    chosen = _period(period) if period else (periods[0] if periods else None)
    results = selectors.results_with_mandates(request.user, chosen) if chosen else []
    return render(request, "resolutions/results_index.html", {
        "periods": periods, "period": chosen, "results": results,
    })


def result_mandates(request, period, code):
    permissions.require(request.user, "view", ResultLink)
    from mandates.strategy.models import StrategyNode

    chosen = _period(period)
    result = get_object_or_404(StrategyNode.objects.select_related("period", "parent", "parent__parent"),
                               period=chosen, track="results", code=code)
    links = list(selectors.mandates_for_result(request.user, result))
    return render(request, "resolutions/result_mandates.html", {
        "period": chosen, "result": result,
        "confirmed": [link for link in links if link.state == ResultLink.State.CONFIRMED],
        "suggested": [link for link in links if link.state == ResultLink.State.SUGGESTED],
        "can_change": permissions.can(request.user, "change", ResultLink),
    })
