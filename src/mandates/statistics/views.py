from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mandates.core.params import int_or_none
from mandates.jobs.models import Job
from mandates.jobs.services import start
from mandates.people import permissions

from . import exports, selectors, services
from .models import ImportRun, IndicatorLink, Series, StatArea, Value


def _chosen(request, among=None):
    """The series and year in the query string, or sensible defaults; (series, years, year). The series is taken from
    ``among`` (``selectors.series_rows()``) when the page has read them already."""
    chosen = int_or_none(request.GET.get("series"))
    series = (selectors.series_by_id(chosen, among) if chosen else None) or selectors.default_series()
    if series is None:
        return None, [], None
    years = selectors.years_of(series)
    year = int_or_none(request.GET.get("year"))
    if year not in years:
        year = 2015 if 2015 in years else (years[-1] if years else None)
    return series, years, year


def explorer(request):
    permissions.require(request.user, "view", Value)
    every = selectors.series_rows()  # the select's rows, which hold the chosen series too (map10)
    series, years, year = _chosen(request, every)
    context = {"series": series, "years": years, "year": year, "series_groups": selectors.series_choices(every)}
    if series is not None and year is not None:
        rows = selectors.map_rows(series, year, with_run=False)
        context.update(rows=rows, map_data=selectors.map_data(rows),
                       aggregates=selectors.aggregates(series, year, rows))
    return render(request, "statistics/explorer.html", context)


def download(request, fmt):
    permissions.require(request.user, "view", Value)
    series, _years, year = _chosen(request)
    if series is None or year is None or fmt not in ("csv", "xlsx"):
        raise Http404
    rows = selectors.map_rows(series, year)
    for row in rows:
        row.series = series
    name = f"{series} {year}"
    if fmt == "csv":
        return exports.csv_response(name, [exports.header(), *exports.value_rows(rows)])
    aggregates = selectors.aggregates(series, year, rows)
    return exports.xlsx_response(name, [
        (_("Values"), [exports.header(), *exports.value_rows(rows)]),
        (_("Regions"), [exports.aggregate_header(), *exports.aggregate_rows(series, year, aggregates)]),
    ])


def _area_context(request, code):
    area = get_object_or_404(StatArea, code=code)
    available = selectors.area_series(area)
    chosen = None
    if int_or_none(request.GET.get("series")):
        chosen = next((s for s in available if s.pk == int_or_none(request.GET["series"])), None)
    if chosen is None and available:
        main = {key: i for i, key in enumerate(selectors.MAIN_SERIES)}
        chosen = min(available, key=lambda s: (main.get((s.collection, s.indicator, s.dimension, s.category, s.unit), 99)
                                               if (s.sex, s.age) == ("Total", "Total") else 99))
    points = selectors.trend(chosen, area) if chosen else []
    return area, available, chosen, points


def area_trend(request, code):
    permissions.require(request.user, "view", Value)
    area, available, chosen, points = _area_context(request, code)
    chart = [{"year": p.year, "value": float(p.value), "source": p.source} for p in points]
    return render(request, "statistics/area.html", {
        "area": area, "series_groups": selectors.series_options(available), "series": chosen, "points": points, "chart": chart,
        "sources": sorted({p.source for p in points}), "files": sorted({p.run.file_name for p in points}),
    })


def area_download(request, code, fmt):
    permissions.require(request.user, "view", Value)
    area, _available, chosen, points = _area_context(request, code)
    if chosen is None or fmt not in ("csv", "xlsx"):
        raise Http404
    for p in points:
        p.series, p.area = chosen, area
    rows = [exports.header(), *exports.value_rows(points)]
    name = f"{area.code} {chosen}"
    if fmt == "csv":
        return exports.csv_response(name, rows)
    return exports.xlsx_response(name, [(_("Values"), rows)])


def capacity(request):
    permissions.require(request.user, "view", Value)
    years, regions, countries = selectors.capacity()
    # Countries the imported series know at all (homicide data cover 240): not uninhabited M49 areas.
    weakest = [c for c in countries if c["years"] <= 2 and c["in_data"]][:80]
    projects = {}
    if weakest:
        projects = selectors.projects_for_countries(request.user, [c["country"] for c in weakest])
    serving, serving_rows = selectors.capacity_projects(request.user)
    for row in weakest:
        found = projects.get(row["country"].pk, [])
        row["capacity_projects"] = [p for p in found if p.pk in serving]
        row["projects"] = [p for p in found if p.pk not in serving]
    years_of = {c["country"].pk: c["years"] for c in countries}
    weak_ids = {c["country"].pk for c in weakest}
    serving_table = [{"project": p, "countries": [{"country": c, "years": years_of.get(c.pk, 0),
                                                   "weak": c.pk in weak_ids} for c in places]}
                     for p, places in serving_rows]
    return render(request, "statistics/capacity.html", {
        "years": years, "regions": regions, "weakest": weakest, "never": sum(1 for c in countries if not c["years"]),
        "total": len(countries), "serving": serving_table,
        "weak_without": sum(1 for c in weakest if not c["capacity_projects"])})


def imports(request):
    permissions.require(request.user, "view", ImportRun)
    can_import = permissions.can(request.user, "add", ImportRun)
    if request.method == "POST":
        if not can_import:
            raise PermissionDenied
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, _("Choose one or more files."))
        for upload in files:
            try:
                job = start("statistics.import", by=request.user, input_file=upload,
                            params={"file_name": upload.name}, label=_("Import %(name)s") % {"name": upload.name})
            except ValidationError as exc:
                messages.error(request, f"{upload.name}: " + " ".join(exc.messages))
                continue
            job.refresh_from_db()
            if job.status == Job.Status.FAILED:
                messages.error(request, _("%(name)s: nothing was imported.") % {"name": upload.name})
                for line in job.error.splitlines():
                    messages.error(request, line.removeprefix("file: "))
            elif job.status == Job.Status.DONE:
                messages.success(request, job.summary)
            else:
                messages.info(request, _("%(name)s: the import runs in the background; follow it in your jobs.")
                              % {"name": upload.name})
        return redirect("statistics:imports")
    runs = ImportRun.objects.select_related("by")[:50]
    return render(request, "statistics/imports.html", {"runs": runs, "can_import": can_import})


def link_indicator(request, indicator_id):
    from mandates.results.models import Indicator

    indicator = get_object_or_404(Indicator, pk=indicator_id)
    permissions.require(request.user, "change", indicator)
    link = IndicatorLink.objects.filter(indicator=indicator).select_related("series", "area").first()
    if request.method == "POST":
        if request.POST.get("unlink"):
            services.unlink_indicator(indicator=indicator, by=request.user)
            messages.success(request, _("The indicator no longer takes values from a statistics series."))
            return redirect("statistics:link", indicator_id=indicator.pk)
        series = Series.objects.filter(pk=int_or_none(request.POST.get("series"))).first()
        area = StatArea.objects.filter(code=request.POST.get("area", "").strip().upper()).first()
        if series is None or area is None:
            messages.error(request, _("Choose a series and a country or area code (e.g. KEN)."))
        elif not Value.objects.filter(series=series, area=area).exists():
            messages.error(request, _("That series has no values for %(area)s.") % {"area": area.name})
        else:
            try:
                services.link_indicator(indicator=indicator, series=series, area=area, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Linked."))
                return redirect("statistics:link", indicator_id=indicator.pk)
    values = selectors.trend(link.series, link.area) if link else []
    return render(request, "statistics/link.html", {
        "indicator": indicator, "link": link, "values": values, "series_groups": selectors.series_choices()})
