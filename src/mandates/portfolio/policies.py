"""Audit registration and permission policies for the portfolio's objects."""
from auditlog.registry import auditlog
from django.db.models import Q

from mandates.people.permissions import Policy, register

from .models import (
    Activity,
    Outcome,
    Output,
    Programme,
    ProgrammeComponent,
    ProgrammeConsultation,
    Project,
    ProjectLocation,
    ProjectPartner,
)

HIDDEN_PROJECT_STATUSES = [Project.Status.DRAFT, Project.Status.SUBMITTED, Project.Status.CANCELLED]


def _project_public(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_public": True}) & ~Q(**{f"{prefix}status__in": HIDDEN_PROJECT_STATUSES})


def _project_country(prefix: str = ""):
    """Projects with a location in the country or in a region that contains it. Written as ``id IN (the
    locations' projects)`` rather than a join to the locations, so that ``permissions.visible`` needs no
    DISTINCT over every project column (a Member State reader's project list: load8 in BENCHMARKS.md)."""
    def country_q(country) -> Q:
        located = ProjectLocation.objects.filter(Q(country=country) | Q(area__in=list(country.area_ids)))
        return Q(**{f"{prefix}pk__in": located.values("project_id")})

    return country_q


def _programme_country(country) -> Q:
    """Programmes naming the country, or a region that contains it (``id IN``, no join: see above)."""
    return (Q(pk__in=Programme.countries.through.objects.filter(country=country).values("programme_id"))
            | Q(pk__in=Programme.areas.through.objects.filter(area__in=list(country.area_ids))
                .values("programme_id")))


def _audit(model, **kwargs) -> None:
    """Audit the model's own columns (not the reverse relations other apps add, nor ids and timestamps)."""
    skip = {"id", "created_at", "updated_at"}
    auditlog.register(model, include_fields=[f.name for f in model._meta.concrete_fields if f.name not in skip],
                      **kwargs)


def register_all() -> None:
    _audit(Programme, m2m_fields={"countries", "areas", "results"})
    _audit(ProgrammeComponent)
    _audit(ProgrammeConsultation)
    _audit(Project, m2m_fields={"results"})
    _audit(ProjectLocation)
    _audit(ProjectPartner)
    _audit(Outcome, m2m_fields={"results"})
    _audit(Output, m2m_fields={"results"})
    _audit(Activity)

    register(Policy(
        name="programme", model=Programme, unit_lookup="lead_unit", unit_of=lambda o: o.lead_unit,
        country_q=_programme_country,
        public_q=Q(is_public=True) & ~Q(status=Programme.Status.DRAFT),
    ))
    register(Policy(
        name="project", model=Project, unit_lookup="lead_unit", unit_of=lambda o: o.lead_unit,
        country_q=_project_country(), public_q=_project_public(),
    ))
    # Logframe rows follow their project.
    for model, prefix, unit_of in (
        (Outcome, "project__", lambda o: o.project.lead_unit),
        (Output, "outcome__project__", lambda o: o.outcome.project.lead_unit),
        (Activity, "output__outcome__project__", lambda o: o.output.outcome.project.lead_unit),
        (ProjectLocation, "project__", lambda o: o.project.lead_unit),
        (ProjectPartner, "project__", lambda o: o.project.lead_unit),
    ):
        register(Policy(
            name="project", model=model, unit_lookup=f"{prefix}lead_unit", unit_of=unit_of,
            country_q=_project_country(prefix), public_q=_project_public(prefix), rule=_logframe_rule,
        ))
    for model, prefix in ((ProgrammeComponent, "programme__"), (ProgrammeConsultation, "programme__")):
        register(Policy(
            name="programme", model=model, unit_lookup=f"{prefix}lead_unit", unit_of=lambda o: o.programme.lead_unit,
            public_q=Q(**{f"{prefix}is_public": True}) & ~Q(**{f"{prefix}status": Programme.Status.DRAFT}),
        ))


LOGFRAME_TYPES = (Outcome, Output, Activity, ProjectLocation, ProjectPartner)


def _logframe_rule(user, action, obj):
    """Logframe rows, locations and partner roles are part of their project: changing them needs
    ``change`` on the project."""
    from mandates.people import permissions

    return permissions.can(user, "change", obj.project)
