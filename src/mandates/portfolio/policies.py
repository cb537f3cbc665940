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
    def country_q(country) -> Q:
        return Q(**{f"{prefix}locations__country": country}) | Q(
            **{f"{prefix}locations__area__in": list(country.area_ids)}
        )

    return country_q


def _programme_country(country) -> Q:
    return Q(countries=country) | Q(areas__in=list(country.area_ids))


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
