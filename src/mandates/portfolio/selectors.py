"""Reads of the portfolio, narrowed by permissions; each runs a bounded number of queries."""
from types import SimpleNamespace

from django.db.models import Count, F, Prefetch, Q, Value, prefetch_related_objects

from mandates.geography.models import Area, Country
from mandates.geography.names import local_name
from mandates.people import permissions
from mandates.strategy.models import StrategyNode, StrategyPeriod

from .models import (
    Outcome,
    Programme,
    Project,
    ProjectLocation,
    ProjectPartner,
)

MAX_AREA_DEPTH = 4  # M49: world > region > sub-region > intermediate region


def _nodes():
    return StrategyNode.objects.select_related("period")


# --- generic filters -------------------------------------------------------------------------------

def results_under(nodes) -> Q:
    """Q on StrategyNode: the nodes themselves and every node below them, at any depth the period has.

    Works for any tree: the depth comes from the period's level names, not from codes.
    """
    query = Q(pk__in=[])
    for node in nodes:
        depth = max(node.period.result_level - node.level, 0)
        for steps in range(depth + 1):
            lookup = "__".join(["parent"] * steps) or "pk"
            query |= Q(**{lookup: node.pk if steps == 0 else node})
    return query


def _areas_within(area: Area) -> Q:
    """Q on Area: the area and every area inside it."""
    query = Q(pk=area.pk)
    for steps in range(1, MAX_AREA_DEPTH):
        query |= Q(**{"__".join(["parent"] * steps): area})
    return query


def _countries_within(area: Area) -> Q:
    if area.level == Area.Level.WORLD:
        return Q()
    return Q(region=area) | Q(sub_region=area) | Q(intermediate_region=area)


def _as_list(value):
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)) or hasattr(value, "model"):
        return list(value)
    return [value]


def _filter_by_nodes(qs, through, owner_field: str, nodes):
    nodes = _as_list(nodes)
    if not nodes:
        return qs
    leaves = StrategyNode.objects.filter(results_under(nodes)).values("pk")
    return qs.filter(pk__in=through.objects.filter(strategynode__in=leaves).values(owner_field))


def _search(qs, text: str, fields):
    text = (text or "").strip()
    if not text:
        return qs
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__icontains": text})
    return qs.filter(query)


# --- projects ----------------------------------------------------------------------------------------

# Rows prefetched for their projects (or outcomes, outputs) are ordered as their model's ordering
# orders them within one owner, without its first key (the owner, which the prefetch groups by anyway):
# that key joined the owner's table, and its owner's, to sort by the project's code (half the cost of
# compiling and planning the logframe's queries).
def _locations():
    return ProjectLocation.objects.select_related("country", "area").order_by(*ProjectLocation.ORDER)


def _partner_roles():
    return ProjectPartner.objects.select_related("partner").order_by("role", "partner__name")


def project_rows():
    """Projects with what a list shows: lead unit, programme, locations, results, partners."""
    return Project.objects.select_related("lead_unit", "programme", "strategy_period").prefetch_related(
        Prefetch("locations", queryset=_locations()),
        Prefetch("results", queryset=_nodes()),
        Prefetch("partner_roles", queryset=_partner_roles()),
    )


RUNNING = (Project.Status.APPROVED, Project.Status.IN_IMPLEMENTATION)


def ending_within(days: int, today=None) -> Q:
    """Q on Project: running projects whose end date falls in the next ``days`` days (today included)."""
    import datetime

    from django.utils import timezone

    today = today or timezone.localdate()
    return Q(status__in=RUNNING, end_date__gte=today, end_date__lte=today + datetime.timedelta(days=days))


def filter_projects(qs, *, search="", status="", programme=None, period=None, theme=None, result_area=None,
                    result=None, region=None, country=None, unit=None, ending=None):
    qs = _search(qs, search, ("code", "title", "objective"))
    if ending is not None:
        qs = qs.filter(ending_within(ending))
    if status:
        qs = qs.filter(status=status)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if period is not None:
        qs = qs.filter(strategy_period=period)
    for nodes in (theme, result_area, result):
        qs = _filter_by_nodes(qs, Project.results.through, "project_id", nodes)
    if region is not None:
        located = ProjectLocation.objects.filter(
            Q(area__in=Area.objects.filter(_areas_within(region)))
            | Q(country__in=Country.objects.filter(_countries_within(region)))
        )
        qs = qs.filter(pk__in=located.values("project_id"))
    if country is not None:
        qs = qs.filter(pk__in=ProjectLocation.objects.filter(country=country).values("project_id"))
    if unit is not None:
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    return qs


def project_list_rows():
    """Projects with what the project list shows (``portfolio/_project_rows.html``), and only that: its rows name no
    partner, and read no objective, description or summary (the project's, its programme's, its results'), no
    work unit's place in the tree and no country's regions. A page of 25 rows is ~270 model instances: building them
    from the columns shown is an eighth of the first reading's rows."""
    return Project.objects.select_related("lead_unit", "programme").only(
        "code", "title", "programme", "lead_unit", "start_date", "end_date", "status", "lead_unit__name",
        "programme__code",
    ).prefetch_related(
        Prefetch("locations", queryset=_locations().only(
            "project", "country", "area", "percentage", "country__iso3", "country__name", "country__m49_code",
            "area__name", "area__level", "area__m49_code")),
        Prefetch("results", queryset=_nodes().only("code", "title", "period__code")),
    )


def project_list(user, **filters):
    return permissions.visible(user, filter_projects(project_list_rows(), **filters)).order_by("code")


def projects_for_country(user, country):
    """Projects working in a country, or in a region that contains it (not global ones)."""
    located = ProjectLocation.objects.filter(Q(country=country) | Q(area__in=list(country.area_ids)))
    qs = Project.objects.filter(pk__in=located.values("project_id")).select_related("lead_unit")
    return permissions.visible(user, qs).order_by("code")


def projects_with_partner(user, partner):
    """A partner's roles in the projects ``user`` may see (for the partner page's panel)."""
    visible_ids = permissions.visible(user, Project.objects.filter(partners=partner)).values("pk")
    return (ProjectPartner.objects.filter(partner=partner, project__in=visible_ids)
            .select_related("project", "project__lead_unit").order_by("project__code", "role"))


def led_by(user, unit) -> dict:
    """Programmes and projects led by a work unit and the units below it (for the unit page's panel)."""
    from mandates.organisation.models import WorkUnit

    below = WorkUnit.objects.filter(path__startswith=unit.path)
    return {
        "projects": permissions.visible(user, Project.objects.filter(lead_unit__in=below).select_related("lead_unit"))
        .order_by("code"),
        "programmes": permissions.visible(user, Programme.objects.filter(lead_unit__in=below)).order_by("code"),
    }


def project_detail(user, pk):
    """One visible project with its whole logframe, in a fixed number of queries (or None)."""
    project = project_page_row(user, pk)
    return with_logframe(project) if project is not None else None


def project_page_row(user, pk):
    """One visible project with what the project page's own header and controls read (or None): the rest of the
    page (logframe, places, partners) is read by ``with_logframe`` only when its shared part is rendered."""
    qs = Project.objects.select_related("lead_unit", "programme", "strategy_period", "component")
    return permissions.visible(user, qs).filter(pk=pk).first()


def with_logframe(project):
    """``project`` with its places and partners prefetched, its logframe as ``logframe`` (``logframe_tree``: plain
    rows, one query) and the expected results named by the project, each outcome and each output as their
    ``linked_results`` (lists in the strategy's order), read in one query for the three (``linked_results``)."""
    prefetch_related_objects([project], Prefetch("locations", queryset=_locations()),
                             Prefetch("partner_roles", queryset=_partner_roles()))
    project.logframe = logframe_tree(project.pk)
    linked = linked_results(project.pk)
    project.linked_results = linked.get((0, project.pk), [])
    for outcome in project.logframe:
        outcome.linked_results = linked.get((1, outcome.pk), [])
        for output in outcome.outputs:
            output.linked_results = linked.get((2, output.pk), [])
    return project


_ACTIVITY = "outputs__activities__"
_LOGFRAME_COLUMNS = (
    "pk", "code", "title", "outputs__pk", "outputs__code", "outputs__title",
    *(_ACTIVITY + name for name in ("pk", "code", "title", "description", "start_date", "end_date", "planned_cost",
                                    "currency", "responsible_unit__name", "country__name", "country__m49_code",
                                    "area__name", "area__m49_code", "area__level")))


def logframe_tree(project_id: int) -> list[SimpleNamespace]:
    """A project's outcomes, each with its ``outputs``, each with its ``activities``, in code order, as plain rows
    with what the page shows (an activity's ``where`` as ``Activity.where`` words it), read in one query (outcomes
    left-joined to their outputs and activities) instead of three prefetches building model instances."""
    outcomes: dict = {}
    outputs: dict = {}
    for row in Outcome.objects.filter(project_id=project_id).values_list(*_LOGFRAME_COLUMNS).order_by(
            "code", "outputs__code", _ACTIVITY + "code"):
        (pk, code, title, output_pk, output_code, output_title, activity_pk, activity_code, activity_title,
         description, start_date, end_date, planned_cost, currency, unit_name, country_name, country_m49, area_name,
         area_m49, area_level) = row
        outcome = outcomes.get(pk)
        if outcome is None:
            outcome = outcomes[pk] = SimpleNamespace(pk=pk, code=code, title=title, outputs=[])
        if output_pk is None:
            continue
        output = outputs.get(output_pk)
        if output is None:
            output = outputs[output_pk] = SimpleNamespace(pk=output_pk, code=output_code, title=output_title,
                                                          activities=[])
            outcome.outputs.append(output)
        if activity_pk is None:
            continue
        if country_m49 is not None:
            where = local_name(country_m49, country_name)
        elif area_m49 is not None:
            where = "Global" if area_level == "world" else local_name(area_m49, area_name)
        else:
            where = ""
        output.activities.append(SimpleNamespace(
            pk=activity_pk, code=activity_code, title=activity_title, description=description, where=where,
            start_date=start_date, end_date=end_date, planned_cost=planned_cost, currency=currency,
            responsible_unit_name=unit_name))
    return list(outcomes.values())


def linked_results(project_id: int) -> dict:
    """The expected results named by a project (key ``(0, project id)``), by its outcomes (``(1, outcome id)``) and
    by its outputs (``(2, output id)``), each list in the order of ``StrategyNode.Meta.ordering`` (the period's
    ordering, track, sort key), in one query: a UNION of the three links. The nodes carry what their links show
    (code, title, the period's code) and what orders them."""
    nodes = _nodes().only("code", "title", "track", "sort_key", "period__code", "period__start_year").order_by()

    def named_by(kind: int, owner: str, lookup: str):
        return nodes.filter(**{lookup: project_id}).annotate(
            owner_kind=Value(kind), owner_id=F(owner), period_start=F("period__start_year"), period_code=F("period__code"))

    rows = named_by(0, "projects", "projects").union(
        named_by(1, "outcomes", "outcomes__project"), named_by(2, "outputs", "outputs__outcome__project"), all=True,
    ).order_by("owner_kind", "owner_id", "-period_start", "period_code", "track", "sort_key")
    found: dict = {}
    for node in rows:
        found.setdefault((node.owner_kind, node.owner_id), []).append(node)
    return found


def logframe_rows(project) -> dict:
    """The logframe rows of a project read by ``with_logframe``, by kind (its cost and its audit history)."""
    outcomes = project.logframe
    outputs = [o for oc in outcomes for o in oc.outputs]
    activities = [a for o in outputs for a in o.activities]
    return {"outcomes": outcomes, "outputs": outputs, "activities": activities}


# --- programmes --------------------------------------------------------------------------------------

def programme_rows():
    return Programme.objects.select_related("lead_unit", "strategy_period").prefetch_related(
        "countries", "areas", Prefetch("results", queryset=_nodes()),
    )


def filter_programmes(qs, *, search="", status="", kind="", period=None, theme=None, result_area=None,
                      result=None, region=None, country=None, unit=None):
    qs = _search(qs, search, ("code", "title", "summary"))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if period is not None:
        qs = qs.filter(strategy_period=period)
    for nodes in (theme, result_area, result):
        qs = _filter_by_nodes(qs, Programme.results.through, "programme_id", nodes)
    if region is not None:
        in_areas = Programme.areas.through.objects.filter(area__in=Area.objects.filter(_areas_within(region)))
        in_countries = Programme.countries.through.objects.filter(
            country__in=Country.objects.filter(_countries_within(region)))
        qs = qs.filter(Q(pk__in=in_areas.values("programme_id")) | Q(pk__in=in_countries.values("programme_id")))
    if country is not None:
        qs = qs.filter(pk__in=Programme.countries.through.objects.filter(country=country).values("programme_id"))
    if unit is not None:
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    return qs


def programme_list(user, **filters):
    return permissions.visible(user, filter_programmes(programme_rows(), **filters)).order_by("code")


def project_counts(user, programmes) -> dict[int, int]:
    """Visible projects per programme, for a page of programmes, in one query."""
    ids = [p.pk for p in programmes]
    if not ids:
        return {}
    rows = (permissions.visible(user, Project.objects.filter(programme_id__in=ids))
            .order_by().values("programme_id").annotate(n=Count("pk", distinct=True)))
    return {row["programme_id"]: row["n"] for row in rows}


def programme_detail(user, pk):
    """One visible programme with its lead unit and strategy period (or None); its page's lists: ``programme_parts``."""
    qs = Programme.objects.select_related("lead_unit", "strategy_period")
    return permissions.visible(user, qs).filter(pk=pk).first()


def programme_parts(programme) -> dict:
    """The programme page's lists, each one plain query with the columns the page writes (places: a name, a code,
    a level; results: their period's code): prefetching them through the programme cost Django twice the work of
    the same rows read directly (five prefetches were a third of the page's first reading)."""
    return {
        "countries": list(Country.objects.filter(programmes=programme).only("iso3", "name", "m49_code")),
        "areas": list(Area.objects.filter(programmes=programme).only("name", "level", "m49_code")),
        "expected_results": list(_nodes().filter(programmes=programme).only("code", "title", "period__code")),
        "components": list(programme.components.order_by("code")),
        "consultations": list(programme.consultations.order_by("date", "pk")),
    }


def programme_projects(user, programme):
    """The programme's projects ``user`` may see, with the columns its page's table shows."""
    qs = Project.objects.filter(programme=programme).select_related("lead_unit", "component").only(
        "code", "title", "component", "lead_unit", "start_date", "end_date", "status", "component__code",
        "lead_unit__name")
    return permissions.visible(user, qs).order_by("code")


# --- choices for forms and filters -----------------------------------------------------------------

def latest_period():
    return StrategyPeriod.objects.order_by("-start_year", "code").first()


def working_period():
    """The latest period that has projects (the one lists are usually filtered by), else the latest."""
    from django.db.models import Exists, OuterRef

    has_projects = Exists(Project.objects.filter(strategy_period=OuterRef("pk")))
    return StrategyPeriod.objects.filter(has_projects).order_by("-start_year", "code").first() or latest_period()


def result_nodes(period):
    """Expected results of a period (the last level of its results tree)."""
    if period is None:
        return StrategyNode.objects.none()
    return StrategyNode.objects.filter(period=period, track="results", level=period.result_level) \
        .select_related("parent", "period").order_by("sort_key")


def level_nodes(period, level: int):
    if period is None:
        return StrategyNode.objects.none()
    return StrategyNode.objects.filter(period=period, track="results", level=level).order_by("sort_key")


def lead_unit_choices(user, object_name: str, action: str = "add"):
    """Work units the user may put in charge of a programme or project."""
    from mandates.organisation.models import WorkUnit

    scope = permissions.scope(user, object_name, action)
    units = WorkUnit.objects.order_by("path")
    if scope == "all":
        return units
    if scope == "own_unit" and getattr(user, "work_unit", None) is not None:
        return units.filter(path__startswith=user.work_unit.path)
    return units.none()


def filter_areas():
    """M49 areas for region filters: regions, sub-regions and intermediate regions (not the world)."""
    return Area.objects.exclude(level=Area.Level.WORLD).order_by("name")


def suggest_programmes(user, text: str):
    """Type-ahead (``core.suggest``): visible programmes whose code or title holds ``text``."""
    from .models import Programme

    qs = permissions.visible(user, Programme.objects.all())
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(title__icontains=text))
    return qs.order_by("code").values_list("code", "title")


def suggest_projects(user, text: str):
    """Type-ahead (``core.suggest``): visible projects whose code or title holds ``text``."""
    from .models import Project

    qs = permissions.visible(user, Project.objects.all())
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(title__icontains=text))
    return qs.order_by("code").values_list("code", "title")


def suggest_projects_to_change(user, text: str):
    """Type-ahead (``core.suggest``): projects ``user`` may change whose code or title holds ``text``
    (the project pickers of a new indicator or delivery)."""
    from .models import Project

    qs = permissions.visible(user, Project.objects.all(), "change")
    if text:
        qs = qs.filter(Q(code__icontains=text) | Q(title__icontains=text))
    return qs.order_by("code").values_list("code", "title")


def project_from_choice(queryset, value):
    """The project of ``queryset`` a picker named: by code (the type-ahead) or by id (links, the old
    select); None when there is none."""
    value = (value or "").strip()
    found = queryset.filter(code=value).first()
    if found is None and value.isdigit():
        found = queryset.filter(pk=int(value)).first()
    return found
