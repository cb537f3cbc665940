"""Pages of the reporting app: saved reports, the report on screen with every figure linked to its
records, downloads (Word, PDF, JSON facts), narratives, assembly, lifecycle, frozen-vs-now."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from mandates.core.forms import apply_service_errors
from mandates.core.locking import VersionedFormMixin, unchanged
from mandates.people import permissions

from . import output, periods, services
from .facts import FactEngine, FrozenEngine, differences, records
from .models import Narrative, Report, ReportItem


def _error(request, exc, status=400):
    return render(request, "reporting/error.html", {"message": str(exc)}, status=status)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of report"), choices=Report.Kind.choices,
                             initial=Report.Kind.TECHNICAL_COOPERATION)
    title = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    period = forms.CharField(label=gettext_lazy("Period"), max_length=9, initial="2008-2009")
    as_of = forms.DateField(label=gettext_lazy("As at"), widget=forms.DateInput(attrs={"type": "date"}))
    symbol = forms.CharField(label=gettext_lazy("Document symbol"), max_length=40, required=False)
    programme = forms.CharField(label=gettext_lazy("Programme code"), max_length=40, required=False,
                                help_text=gettext_lazy("Regional-programme report: one programme (else all)"))
    donor = forms.CharField(label=gettext_lazy("Donor"), max_length=200, required=False,
                            help_text=gettext_lazy("Donor report: name, short name or ISO alpha-3"))
    country = forms.CharField(label=gettext_lazy("Country (ISO alpha-3)"), max_length=3, required=False)
    region = forms.CharField(label=gettext_lazy("Region (M49 code)"), max_length=3, required=False,
                             help_text=gettext_lazy("Profile: a country or a region, e.g. 002 for Africa"))
    since = forms.DateField(label=gettext_lazy("Date of the previous report's figures"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=gettext_lazy("Ratifications count from the day after (default: the last "
                                                   "recorded report, else the period's start)"))

    SUBJECTS = ("programme", "donor", "country", "region")

    def parameters(self) -> dict:
        data = self.cleaned_data
        params = {"masthead": {"symbol": data["symbol"]} if data["symbol"] else {}}
        params.update({k: data[k].strip() for k in self.SUBJECTS if data.get(k, "").strip()})
        if data.get("since"):
            params["since"] = data["since"].isoformat()
        return params


class NarrativeForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["period", "section", "project", "programme", "result", "text"]


def _visible_reports(user):
    return Report.objects.filter(Q(shared=True) | Q(created_by=user)).select_related("created_by")


def report_list(request):
    permissions.require(request.user, "view", Report)
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        permissions.require(request.user, "add", Report)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.create_report(by=request.user, title=data["title"], period=data["period"],
                                                as_of=data["as_of"], kind=data["kind"],
                                                parameters=form.parameters())
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("reporting:detail", pk=report.pk)
    return render(request, "reporting/list.html", {"reports": _visible_reports(request.user), "form": form,
                                                   "can_add": permissions.can(request.user, "add", Report)})


def adhoc(request, kind="technical_cooperation"):
    """A report for any period/as-at, without saving it (?format=docx|pdf|json|xlsx); the kinds about one
    subject take ?programme=, ?donor=, ?country= or ?region=."""
    permissions.require(request.user, "view", Report)
    fmt = request.GET.get("format", "html")
    if fmt not in output.FORMATS:
        return _error(request, _("Unknown format “%(fmt)s”.") % {"fmt": fmt}, status=404)
    params = {k: request.GET.get(k, "").strip() for k in ReportForm.SUBJECTS}
    target = {"regional_programmes": params["programme"], "donor": params["donor"],
              "profile": output.target_of(params)}.get(kind, "")
    try:
        doc, _engine = output.build(request.user, request.GET.get("period", ""), request.GET.get("as_of") or None,
                                    kind=kind, target=target, since=request.GET.get("since") or None)
        if fmt != "html":
            return _download(output.render(doc, fmt), fmt, doc.masthead["symbol"])
    except periods.ReportError as exc:
        return _error(request, exc)
    return render(request, "reporting/detail.html", {"doc": doc, "report": None})


def performance(request):
    """The programme performance report of a biennium (?format=xlsx for Excel)."""
    from . import performance as perf

    permissions.require(request.user, "view", Report)
    try:
        period, as_of = periods.resolve(request.GET.get("period", ""), request.GET.get("as_of") or None)
    except periods.ReportError as exc:
        return _error(request, exc)
    data = perf.build(request.user, period, as_of)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(perf.xlsx(data), content_type=output.FORMATS["xlsx"])
        response["Content-Disposition"] = f'attachment; filename="performance-{period.code}.xlsx"'
        return response
    return render(request, "reporting/performance.html", data)


def _download(content: bytes, fmt: str, symbol: str) -> HttpResponse:
    response = HttpResponse(content, content_type=output.FORMATS[fmt])
    name = symbol.replace("/", "_") or "report"
    if fmt != "html":
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _report(request, pk) -> Report:
    permissions.require(request.user, "view", Report)
    return get_object_or_404(_visible_reports(request.user), pk=pk)


def report_detail(request, pk):
    report = _report(request, pk)
    try:
        doc, _engine = output.build_report(report, request.user)
    except periods.ReportError as exc:
        return _error(request, exc)
    can_change = permissions.can(request.user, "change", report) and not report.is_frozen
    return render(request, "reporting/detail.html", {
        "doc": doc, "report": report, "can_change": can_change,
        "can_transition": permissions.can(request.user, "transition", report),
        "next_states": sorted(services.TRANSITIONS.get(report.status, ())),
        "items": report.items.select_related("narrative"),
        "narratives": Narrative.objects.filter(period=report.period).select_related("project", "programme"),
    })


def report_download(request, pk, fmt):
    report = _report(request, pk)
    if fmt not in output.FORMATS:
        return _error(request, _("Unknown format “%(fmt)s”.") % {"fmt": fmt}, status=404)
    try:
        doc, _engine = output.build_report(report, request.user)
        return _download(output.render(doc, fmt), fmt, doc.masthead["symbol"])
    except periods.ReportError as exc:
        return _error(request, exc)


@require_POST
def report_transition(request, pk):
    report = _report(request, pk)
    permissions.require(request.user, "transition", report)
    try:
        services.transition(report, by=request.user, to=request.POST.get("to", ""))
    except (ValidationError, periods.ReportError) as exc:
        messages.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("reporting:detail", pk=report.pk)


@require_POST
def report_items(request, pk):
    """Add a narrative (or a new paragraph) to a section, edit an item's text or order, or remove it."""
    report = _report(request, pk)
    permissions.require(request.user, "change", report)
    try:
        if request.POST.get("item"):
            item = get_object_or_404(ReportItem, report=report, pk=request.POST["item"])
            if request.POST.get("delete"):
                services.delete_item(item, by=request.user)
            else:
                order = request.POST.get("order")
                services.update_item(item, by=request.user, text=request.POST.get("text"),
                                     order=int(order) if order and order.isdigit() else None)
        else:
            narrative = None
            if request.POST.get("narrative"):
                narrative = get_object_or_404(Narrative, pk=request.POST["narrative"])
            services.add_item(report, by=request.user, section=request.POST.get("section") or
                              (narrative.section if narrative else ""), text=request.POST.get("text", ""),
                              narrative=narrative)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("reporting:detail", pk=report.pk)


def report_differences(request, pk):
    report = _report(request, pk)
    if not report.is_frozen:
        return _error(request, _("Only a final report has frozen figures to compare."))
    try:
        period, as_of = periods.resolve(report.period, report.as_of)
    except periods.ReportError as exc:
        return _error(request, exc)
    rows = differences(FactEngine(request.user, period, as_of),
                       FrozenEngine(request.user, period, as_of, report.frozen_facts or {}))
    return render(request, "reporting/differences.html", {"report": report, "rows": rows})


def fact_records(request):
    """The records behind one figure: a click on a number in a report opens this list."""
    permissions.require(request.user, "view", Report)
    try:
        period, as_of = periods.resolve(request.GET.get("period", ""), request.GET.get("as_of") or None)
        since = services.parse_date(request.GET.get("since") or None)
        data = records(FactEngine(request.user, period, as_of, since=since), request.GET.get("fact", ""))
    except periods.ReportError as exc:
        return _error(request, exc)
    return render(request, "reporting/records.html", {**data, "period": period, "as_of": as_of})


def narrative_list(request):
    permissions.require(request.user, "view", Narrative)
    qs = permissions.visible(request.user, Narrative.objects.select_related("author", "project", "programme",
                                                                             "result"))
    return render(request, "reporting/narratives.html", {
        "narratives": qs, "can_add": permissions.can(request.user, "add", Narrative)})


def narrative_edit(request, pk=None):
    narrative = get_object_or_404(Narrative, pk=pk) if pk else None
    permissions.require(request.user, "change" if narrative else "add", narrative or Narrative)
    form = NarrativeForm(request.POST or None, instance=narrative)
    from mandates.portfolio.models import Programme, Project

    # only what the writer may see is offered
    form.fields["project"].queryset = permissions.visible(request.user, Project.objects.order_by("code"))
    form.fields["programme"].queryset = permissions.visible(request.user, Programme.objects.order_by("code"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with unchanged(form):
                services.save_narrative(by=request.user, narrative=narrative, period=data["period"], text=data["text"],
                                        section=data["section"], result=data["result"], programme=data["programme"],
                                        project=data["project"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The paragraph was saved."))
            return redirect("reporting:narratives")
    return render(request, "reporting/narrative_form.html", {"form": form, "narrative": narrative})
