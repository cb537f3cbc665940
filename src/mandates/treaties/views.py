import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, Value
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mandates.core.audit import history_for
from mandates.core.forms import apply_service_errors
from mandates.core.locking import unchanged
from mandates.geography.models import Country
from mandates.jobs.services import start as start_job
from mandates.people import permissions

from . import selectors, services
from .forms import AsOfForm, AssistanceForm, DateForm, ImportForm, InstrumentForm, PeriodForm, StatusTableForm
from .jobs import STATUS_IMPORT
from .models import CONSENT_KINDS, SIGNATURE_KINDS, Instrument, Participant, TreatyEvent


def _data_as_of(instruments, as_of):
    """The earliest date the shown status data was brought up to date, when it stops before ``as_of``."""
    dates = [i.status_date for i in instruments if getattr(i, "status_date", None)]
    earliest = min(dates) if dates else None
    return earliest if earliest and earliest < as_of else None


def instrument_list(request):
    permissions.require(request.user, "view", Instrument)
    form = AsOfForm(request.GET or None)
    as_of, include_rei = form.as_of_date(), form.include_rei_value()
    group = request.GET.get("group", "")
    rows = selectors.instrument_list(request.user, as_of=as_of, include_rei=include_rei,
                                     group=group if group in Instrument.Group.values else "")
    return render(request, "treaties/list.html", {
        "form": form, "as_of": as_of, "include_rei": include_rei, "instruments": rows, "group": group,
        "groups": Instrument.Group.choices, "data_as_of": _data_as_of(rows, as_of),
        "can_import": permissions.can(request.user, "add", Instrument),
    })


def instrument_detail(request, code):
    instrument = get_object_or_404(selectors.instruments(request.user), code=code)
    form = AsOfForm(request.GET or None)
    as_of, include_rei = form.as_of_date(), form.include_rei_value()
    rows = selectors.status_rows(instrument, as_of=as_of, include_rei=include_rei)
    counts = selectors.status_counts(instrument, as_of=as_of, include_rei=include_rei)
    series = selectors.parties_series(instrument, until=selectors.series_end(instrument, as_of), include_rei=include_rei)
    return render(request, "treaties/detail.html", {
        "instrument": instrument, "form": form, "as_of": as_of, "include_rei": include_rei,
        "counts": counts, "in_force": instrument.in_force_on(as_of), "rows": rows,
        "data_as_of": _data_as_of([instrument], as_of),
        "series": series, "map_data": selectors.map_data(instrument, rows),
        "not_yet": selectors.not_yet_parties(instrument, as_of=as_of),
        "protocols": instrument.protocols.all(),
        "history": history_for(instrument) if permissions.can_view_history(request.user) else None,
        "can_change": permissions.can(request.user, "change", instrument),
    })


def instrument_edit(request, code):
    instrument = get_object_or_404(Instrument, code=code)
    permissions.require(request.user, "change", instrument)
    form = InstrumentForm(request.POST or None, instance=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            with unchanged(form):
                saved = services.save_instrument(instrument, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": saved.short_name})
            return redirect("treaties:detail", code=saved.code)
    return render(request, "treaties/instrument_form.html", {"form": form, "instrument": instrument})


def _chosen_instruments(request, form):
    qs = selectors.instruments(request.user).order_by("position", "code")
    if form.is_valid():
        if form.cleaned_data.get("instruments"):
            return list(form.cleaned_data["instruments"].order_by("position", "code"))
        if form.cleaned_data.get("group"):
            return list(qs.filter(group=form.cleaned_data["group"]))
    return list(qs)


def status_table(request):
    permissions.require(request.user, "view", Instrument)
    form = StatusTableForm(request.GET or None, instrument_queryset=selectors.instruments(request.user))
    as_of, include_rei = form.as_of_date(), form.include_rei_value()
    chosen = _chosen_instruments(request, form)
    rows, totals = selectors.status_table(request.user, instrument_list=chosen, as_of=as_of, include_rei=include_rei)
    if request.GET.get("format") == "csv":
        return _status_csv(chosen, rows, as_of)
    return render(request, "treaties/table.html", {
        "form": form, "as_of": as_of, "include_rei": include_rei, "instruments": chosen,
        "rows": rows, "totals": totals, "colspan": 1 + 2 * len(chosen), "data_as_of": _data_as_of(chosen, as_of),
    })


def _status_csv(chosen, rows, as_of):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="treaty-status-{as_of.isoformat()}.csv"'
    writer = csv.writer(response)
    from mandates.core.spreadsheet import safe_row

    header = ["participant", "iso3", "regional_organization"]
    for inst in chosen:
        header += [f"{inst.code} signature", f"{inst.code} consent", f"{inst.code} consent kind"]
    writer.writerow(header)
    for row in rows:
        out = [row["participant"].name, row["participant"].iso3, "yes" if row["participant"].is_rei else ""]
        for cell in row["cells"]:
            signature, consent = (cell or {}).get("signature"), (cell or {}).get("consent")
            out += [signature.date.isoformat() if signature else "", consent.date.isoformat() if consent else "",
                    consent.kind if consent else ""]
        writer.writerow(safe_row(out))
    return response


def state_list(request):
    permissions.require(request.user, "view", Participant)
    search, today = request.GET.get("q", "").strip(), timezone.localdate()
    instrument_count = selectors.instruments(request.user).count()
    qs = permissions.visible(request.user, Participant.objects.select_related("country")).annotate(
        parties_to=Count("events__instrument", distinct=True,
                         filter=Q(events__kind__in=CONSENT_KINDS, events__date__lte=today)),
        signed=Count("events__instrument", distinct=True,
                     filter=Q(events__kind__in=SIGNATURE_KINDS, events__date__lte=today)),
    ).annotate(not_party=Value(instrument_count) - F("parties_to")).order_by("name")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__iexact=search))
    return render(request, "treaties/states.html", {
        "participants": qs, "q": search, "instrument_count": instrument_count,
    })


def state_profile(request, code):
    permissions.require(request.user, "view", Participant)
    participant = selectors.participant_for(code)
    country = participant.country if participant else Country.objects.filter(iso3__iexact=code).first()
    if participant is None and country is None:
        raise Http404
    form = DateForm(request.GET or None)
    as_of = form.as_of_date()
    rows = selectors.profile(request.user, participant, as_of=as_of)
    return render(request, "treaties/state.html", {
        "participant": participant, "country": country, "name": participant.name if participant else country.name,
        "form": form, "as_of": as_of, "rows": rows,
        "parties": [r for r in rows if r.status == "party"],
        "targets": [r for r in rows if r.status != "party"],
        "can_change": permissions.can(request.user, "change", TreatyEvent),
    })


def import_status(request):
    permissions.require(request.user, "add", Instrument)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:  # a background job: its page shows the progress, then the summary or the numbered lines refused
            job = start_job(STATUS_IMPORT, by=request.user, input_file=data["file"], params={
                "instrument": data["instrument"], "short_name": data["short_name"], "title": data["title"],
                "group": data["group"], "status_date": data["status_date"].isoformat() if data["status_date"] else "",
                "replace": bool(data["replace"])})
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
            problems = errors.pop("file", [])
            for field, field_messages in errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
            if problems:
                form.add_error("file", _("The file was not imported and nothing was saved: see the problems above."))
        else:
            return redirect("jobs:detail", pk=job.pk)
    return render(request, "treaties/import.html", {
        "form": form, "problems": problems, "instruments": selectors.instruments(request.user).order_by("position", "code"),
    })


def event_assistance(request, pk):
    event = get_object_or_404(TreatyEvent.objects.select_related("instrument", "participant__country"), pk=pk)
    permissions.require(request.user, "change", event)
    from mandates.portfolio.models import Activity, Project

    projects = permissions.visible(request.user, Project.objects.order_by("code"))
    activities = permissions.visible(request.user, Activity.objects.select_related("output__outcome__project"))
    country = event.participant.country
    if country is not None:
        activities = activities.filter(
            Q(country=country) | Q(output__outcome__project__locations__country=country)
            | Q(pk__in=event.assisted_by_activities.values("pk"))
        ).distinct()
    form = AssistanceForm(
        request.POST or None, projects=projects, activities=activities.order_by("output__outcome__project__code", "code"),
        initial={"projects": event.assisted_by_projects.all(), "activities": event.assisted_by_activities.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.link_assistance(event, by=request.user, projects=form.cleaned_data["projects"],
                                     activities=form.cleaned_data["activities"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The assistance behind this treaty action was saved."))
            return redirect("treaties:state", code=event.participant.code)
    return render(request, "treaties/assistance_form.html", {"form": form, "event": event})


def assisted_report(request):
    permissions.require(request.user, "view", Instrument)
    form = PeriodForm(request.GET or None)
    start = form.cleaned_data.get("date_from") if form.is_valid() else None
    end = form.cleaned_data.get("date_to") if form.is_valid() else None
    rows = selectors.assisted_ratifications(request.user, date_from=start, date_to=end)
    return render(request, "treaties/assisted.html", {"form": form, "rows": rows, "date_from": start, "date_to": end})
