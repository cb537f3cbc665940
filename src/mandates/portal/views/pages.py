"""Public pages: overview, lists, detail pages, search, embed, accessibility statement."""
from collections import defaultdict
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from mandates.core import suggest
from mandates.core.shared_figures import kept
from mandates.finance.models import Contribution
from mandates.finance.selectors.sums import MoneySum
from mandates.geography.models import Area, Country
from mandates.geography.names import by_name
from mandates.portfolio.models import Project, ProjectLocation, ProjectPartner
from mandates.results.models import DeliveryParticipants, Indicator
from mandates.statistics.selectors import country_main_series
from mandates.strategy.models import StrategyNode
from mandates.strategy.models.node import Track

from .. import cache as portal_cache
from .. import filters as portal_filters
from ..cache import cached_public
from ..filters import Filters
from ..selectors import figures as fig
from ..selectors import public
from ..selectors.indicators import with_rows as indicator_rows
from ..tables import TABLES
from .common import bad_input, page

PAGE_SIZE = 25
CHARTS = ("year", "donor", "country", "theme")


def filter_choices() -> dict:
    """The options of the filter sentence: countries with published work, themes, years. Donors are
    typed, with suggestions (``donor_suggestions``): they grow with the office. The same for every visitor
    (published records only) and every filter: read once per portal version, data version and language (the
    countries are sorted by their name in it) for all the lists and overviews of other filters, not three queries
    again on each (``core.shared_figures``: on with the page cache, so the bench still measures the reading)."""
    return kept(("portal.filter_choices", portal_cache.version()), _filter_choices)


def _filter_choices() -> dict:
    projects = public.projects()
    countries = by_name(Country.objects.filter(
        pk__in=ProjectLocation.objects.filter(project__in=projects.values("pk")).values("country_id")))
    themes = list(StrategyNode.objects.filter(track=Track.RESULTS, level=0).select_related("period"))
    span = projects.aggregate(first=Min("start_date"), last=Max("end_date"))
    years = list(range(span["first"].year, span["last"].year + 1)) if span["first"] else []
    return {"countries": countries, "themes": themes, "years": years}


@cached_public
def donor_suggestions(request):
    """The donor filter's type-ahead: at most ``LIMIT`` donors of published projects whose name or
    short name holds what was typed, as ``<option>``s of a ``<datalist>`` (public, no sign-in)."""
    text = request.GET.get("donor", "").strip()[:100]
    donors = public.donors()
    if text:
        donors = donors.filter(Q(name__icontains=text) | Q(short_name__icontains=text))
    options = donors.order_by("name").values_list("name", "short_name")[:suggest.LIMIT]
    return render(request, "core/_suggestions.html", {"options": options})


@bad_input
@cached_public
def overview(request):
    filters = portal_filters.parse(request.GET)
    figures = fig.compute(filters)
    src = request.build_absolute_uri(reverse("portal:embed", args=["year"])) + "?" + filters.querystring()
    embed_code = format_html('<iframe src="{}" title="{}" width="600" height="420"></iframe>', src, _("Money by year"))
    return page(request, "portal/overview.html", {
        "filters": filters, "figures": figures, "choices": filter_choices(), "charts": CHARTS,
        "embed_code": embed_code,
    })


@xframe_options_exempt
@bad_input
@cached_public
def embed(request, chart):
    if chart not in CHARTS:
        raise Http404
    filters = portal_filters.parse(request.GET)
    return page(request, "portal/embed.html", {"filters": filters, "figures": fig.compute(filters), "chart": chart})


@bad_input
@cached_public
def project_list(request):
    filters = portal_filters.parse(request.GET)
    text = portal_filters.search_text(request.GET)
    number = portal_filters.page_number(request.GET)
    projects = fig.filtered_projects(filters)
    if text:
        projects = projects.filter(Q(code__icontains=text) | Q(title__icontains=text) | Q(objective__icontains=text))
    # The page's rows read the columns they show, no programme, and their places as plain values (pub12: ~270 model
    # instances of three models for a page of 25 otherwise).
    projects = projects.only("pk", "code", "title", "status", "start_date", "end_date").order_by("code")
    paginator = Paginator(projects, PAGE_SIZE)
    page_obj = paginator.get_page(number)
    ids = [p.pk for p in page_obj]
    # the list shows each project's budget and spending only: no place or result table
    figures = fig.compute(filters, projects=Project.objects.filter(pk__in=ids), by_result=False, by_place=False,
                          project_ids=ids)
    places = _places_of(ids)
    rows = [{"project": p, "places": places.get(p.pk, ()), **figures.per_project.get(p.pk, {"spent": 0, "budget": 0})}
            for p in page_obj]
    return page(request, "portal/project_list.html", {
        "filters": filters, "page_obj": page_obj, "rows": rows, "q": text, "choices": filter_choices(),
        "project_columns": TABLES["projects"].columns,
    })


PROJECT_SHOWN = ("code", "title", "status", "start_date", "end_date", "objective", "description", "programme",
                 "programme__code")
PLACE_SHOWN = ("country", "area", "country__m49_code", "country__name", "area__m49_code", "area__name")  # ``place`` reads


def _places_of(ids: list) -> dict:
    """Each project's places as the list names them (``_projects.html``: the country, or else the area, or None), in
    ``ProjectLocation``'s own order: each the M49 code and stored name ``place_name`` reads."""
    places = defaultdict(list)
    if ids:
        for project_id, *place in ProjectLocation.objects.filter(project_id__in=ids).values_list(
                "project_id", "country_id", "country__m49_code", "country__name", "area__m49_code", "area__name"):
            country_id, country_m49, country_name, area_m49, area_name = place
            places[project_id].append(SimpleNamespace(m49_code=country_m49, name=country_name) if country_id else
                                      SimpleNamespace(m49_code=area_m49, name=area_name) if area_m49 else None)
    return places


@bad_input
@cached_public
def project_detail(request, code):
    # Every query reads the columns the page shows, no more (pub12: the rows' instances and their unused columns were
    # a fifth of a first reading).
    project = get_object_or_404(public.projects().select_related("programme").only(*PROJECT_SHOWN), code=code)
    # the page shows the project's money by year and by donor: no place or result table (pub10: five queries less)
    figures = fig.compute(Filters(), projects=Project.objects.filter(pk=project.pk), by_result=False, by_place=False,
                          project_ids=[project.pk])
    return page(request, "portal/project_detail.html", {
        "project": project, "figures": figures,
        "locations": project.locations.select_related("country", "area").only(
            "project_id", "percentage", "country__iso3", *PLACE_SHOWN),
        "partners": ProjectPartner.objects.filter(project=project).select_related("partner").only(
            "project_id", "role", "partner", "partner__name"),
        "results": project.results.only("pk", "code", "title"),
        "indicators": indicator_rows(Indicator.objects.filter(project=project).order_by("code", "pk")),
        "deliveries": public.deliveries().filter(project=project).select_related("country", "area").only(
            "title", "kind", "end_date", "place", "participants", *PLACE_SHOWN).prefetch_related(
            Prefetch("participant_rows", queryset=DeliveryParticipants.objects.only(
                "delivery_id", "dimension", "category", "count"))),
        "evaluations": public.evaluations().filter(project=project).only(
            "title", "modality", "status", "completion_date").order_by("-completion_date"),
    })


@bad_input
@cached_public
def programme_list(request):
    programmes = public.programmes().annotate(
        published_projects=Count("projects", filter=public.project_q("projects__"))).order_by("code")
    return page(request, "portal/programme_list.html", {"programmes": programmes})


@bad_input
@cached_public
def programme_detail(request, code):
    programme = get_object_or_404(public.programmes().select_related("lead_unit"), code=code)
    projects = public.projects().filter(programme=programme)
    return page(request, "portal/programme_detail.html", {
        "programme": programme, "figures": fig.compute(Filters(), projects=projects),
        "projects": projects.order_by("code"), "countries": by_name(programme.countries.all()),
        "results": programme.results.all(),
    })


@bad_input
@cached_public
def country_detail(request, iso3):
    country = get_object_or_404(Country.objects.select_related("region", "sub_region"), iso3=iso3.upper())
    filters = Filters(country=country)
    projects = fig.filtered_projects(filters)
    # The list's rows read once, with the columns the table shows, as tuples read by name (pages8: 90 model
    # instances otherwise); their ids serve the figures (one query less).
    listed = [SimpleNamespace(pk=pk, code=code, title=title, status=status, start_date=start, end_date=end)
              for pk, code, title, status, start, end in projects.order_by("code").values_list(
                  "pk", "code", "title", "status", "start_date", "end_date")]
    return page(request, "portal/country_detail.html", {
        "country": country, "figures": fig.compute(filters, projects=projects, by_result=False, by_place=False,
                                                   project_ids=[p.pk for p in listed]),
        "projects": listed,
        # Only what the list shows (its date, title, kind and project code), as tuples read by name (pages8: 100
        # instances of two models otherwise).
        "deliveries": [SimpleNamespace(end_date=end, title=title, kind=kind, project=SimpleNamespace(code=code))
                       for end, title, kind, code in public.deliveries().filter(country=country).values_list(
                           "end_date", "title", "kind", "project__code")[:50]],
        "evidence": country_main_series(country, limit=5, with_run=False),
    })


@bad_input
@cached_public
def region_detail(request, m49):
    area = get_object_or_404(Area, m49_code=m49)
    in_region = Q(locations__area=area) | Q(locations__country__region=area) | Q(
        locations__country__sub_region=area) | Q(locations__country__intermediate_region=area)
    projects = Project.objects.filter(pk__in=public.projects().filter(in_region).values("pk"))
    figures = fig.compute(Filters(), projects=projects)
    figures.by_country = [r for r in figures.by_country
                          if area.pk in r["country"].area_ids]
    return page(request, "portal/region_detail.html", {
        "area": area, "figures": figures, "projects": projects.order_by("code"),
    })


@bad_input
@cached_public
def donor_detail(request, pk):
    donor = get_object_or_404(public.donors(), pk=pk)
    filters = Filters(donor=donor)
    projects = fig.filtered_projects(filters)
    contributions = (public.contributions().filter(donor=donor).values("date__year", "earmarking")
                     .annotate(total=MoneySum("usd_amount"), count=Count("pk")).order_by("date__year", "earmarking"))
    labels = dict(Contribution.Earmarking.choices)
    return page(request, "portal/donor_detail.html", {
        "donor": donor, "figures": fig.compute(filters, projects=projects), "projects": projects.order_by("code"),
        "contributions": [{**c, "earmarking_label": labels.get(c["earmarking"], "")} for c in contributions],
    })


@bad_input
@cached_public
def result_detail(request, pk):
    node = get_object_or_404(StrategyNode.objects.select_related("period", "parent"), pk=pk, track=Track.RESULTS)
    filters = Filters(theme=node)
    projects = fig.filtered_projects(filters)
    return page(request, "portal/result_detail.html", {
        "node": node, "figures": fig.compute(filters, projects=projects), "projects": projects.order_by("code"),
        "children": node.children.all(),
        "indicators": indicator_rows(Indicator.objects.filter(result=node).order_by("code", "pk")),
    })


@bad_input
@cached_public
def search(request):
    text = portal_filters.search_text(request.GET)
    found = {"projects": [], "programmes": [], "results": [], "indicators": []}
    if len(text) >= 2:
        found["projects"] = public.projects().filter(
            Q(code__icontains=text) | Q(title__icontains=text) | Q(objective__icontains=text)).order_by("code")[:25]
        found["programmes"] = public.programmes().filter(
            Q(code__icontains=text) | Q(title__icontains=text) | Q(summary__icontains=text)).order_by("code")[:25]
        found["results"] = StrategyNode.objects.filter(track=Track.RESULTS).filter(
            Q(code__icontains=text) | Q(title__icontains=text)).select_related("period")[:25]
        found["indicators"] = public.indicators().filter(title__icontains=text).select_related(
            "project", "result")[:25]
    return page(request, "portal/search.html", {"q": text, "found": found,
                                                "too_short": 0 < len(text) < 2,
                                                "none": text and not any(found.values())})


@cached_public
def accessibility(request):
    return page(request, "portal/accessibility.html", {})

