"""Writes to the portfolio: programmes, projects and their logical frameworks.

Every function validates first (raising ``ValidationError({field: message})`` and saving nothing),
then writes in one transaction, attributed to ``by`` in the audit trail (M2M changes included).
Permission checks belong to the callers (pages, API); see ``people.permissions.require``.

CONTRACT (agreed between apps):
  create_programme(*, by, **fields) / update_programme(programme, *, by, **fields)
      fields: code, title, kind, summary, strategy_period, start_date, end_date, lead_unit,
      countries, areas, results (iterables of model instances), is_public, is_demo
  add_component(programme, *, by, code, title, description="")
  add_consultation(programme, *, by, kind, date, place="", summary="")
  create_project(*, by, **fields) / update_project(project, *, by, **fields)
      fields: code, title, objective, description, programme, component, strategy_period (defaults to
      the programme's), lead_unit, start_date, end_date, results, is_public, is_demo, iati_identifier,
      locations ([{"country": Country} | {"area": Area}, optional "percentage"]), partners ([(Partner, role)])
  add_outcome / add_output / add_activity; update_outcome / update_output / update_activity;
  delete_logframe_item(obj, *, by); delete_project(project, *, by)
  transition(obj, name, *, by, comment="") -> StatusChange
"""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from mandates.core.audit import acting_as
from mandates.core.lifecycle import run_transition, status_changes_for

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
from .validation import (
    Errors,
    check_code_unique,
    check_dates,
    check_money,
    check_results,
    model_checks,
    normalise_locations,
    normalise_partners,
)

PROGRAMME_FIELDS = ("code", "title", "kind", "summary", "strategy_period", "start_date", "end_date", "lead_unit",
                    "is_public", "is_demo")
PROGRAMME_M2M = ("countries", "areas", "results")
PROJECT_FIELDS = ("code", "title", "objective", "description", "programme", "component", "strategy_period",
                  "lead_unit", "start_date", "end_date", "is_public", "is_demo", "iati_identifier")
PROJECT_RELATED = ("results", "locations", "partners")
ACTIVITY_FIELDS = ("code", "title", "description", "country", "area", "start_date", "end_date", "responsible_unit",
                   "planned_cost", "currency")

# Why a lifecycle step whose conditions are not met is refused, by condition name.
CONDITION_MESSAGES = {
    "has_logframe": gettext_lazy(
        "A project goes for approval with at least one expected result, one outcome and one output."),
    "has_consultation_meetings": gettext_lazy("A regional programme is endorsed only after an expert group meeting "
                                              "or a ministerial meeting has been recorded."),
}


def _split(fields: dict, allowed: tuple, related: tuple) -> tuple[dict, dict]:
    unknown = set(fields) - set(allowed) - set(related)
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    plain = {k: v for k, v in fields.items() if k in allowed}
    extra = {k: list(v) if v is not None else [] for k, v in fields.items() if k in related}
    return plain, extra


def _strip(obj, *names):
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str):
            setattr(obj, name, value.strip())


# --- programmes ------------------------------------------------------------------------------------

def _validate_programme(programme: Programme, m2m: dict) -> None:
    errors = Errors()
    _strip(programme, "code", "title")
    model_checks(programme, errors)
    check_dates(errors, programme.start_date, programme.end_date)
    check_code_unique(errors, Programme.objects.all(), programme.code, exclude_pk=programme.pk)
    if programme.strategy_period_id:
        results = m2m["results"] if "results" in m2m else (programme.results.all() if programme.pk else [])
        check_results(errors, results, programme.strategy_period)
    errors.raise_if_any()


def _save_programme(programme: Programme, m2m: dict, by) -> Programme:
    _validate_programme(programme, m2m)
    with transaction.atomic(), acting_as(by):
        programme.save()
        for name, values in m2m.items():
            getattr(programme, name).set(values)
    return programme


def create_programme(*, by, **fields) -> Programme:
    plain, m2m = _split(fields, PROGRAMME_FIELDS, PROGRAMME_M2M)
    return _save_programme(Programme(**plain), m2m, by)


def update_programme(programme: Programme, *, by, **fields) -> Programme:
    plain, m2m = _split(fields, PROGRAMME_FIELDS, PROGRAMME_M2M)
    programme = Programme.objects.get(pk=programme.pk)  # never trust a changed in-memory copy
    for key, value in plain.items():
        setattr(programme, key, value)
    return _save_programme(programme, m2m, by)


def add_component(programme: Programme, *, by, code, title, description="") -> ProgrammeComponent:
    component = ProgrammeComponent(programme=programme, code=code, title=title, description=description)
    errors = Errors()
    _strip(component, "code", "title")
    model_checks(component, errors)
    check_code_unique(errors, programme.components.all(), component.code, where=" in this programme")
    errors.raise_if_any()
    with transaction.atomic(), acting_as(by):
        component.save()
    return component


def add_consultation(programme: Programme, *, by, kind, date, place="", summary="") -> ProgrammeConsultation:
    consultation = ProgrammeConsultation(programme=programme, kind=kind, date=date, place=place, summary=summary)
    errors = Errors()
    model_checks(consultation, errors)
    errors.raise_if_any()
    with transaction.atomic(), acting_as(by):
        consultation.save()
    return consultation


# --- projects --------------------------------------------------------------------------------------

def _validate_project(project: Project, related: dict, errors: Errors) -> dict:
    _strip(project, "code", "title", "iati_identifier")
    if project.component_id and not project.programme_id:
        project.programme = project.component.programme
    if not project.strategy_period_id and project.programme_id:
        project.strategy_period = project.programme.strategy_period
    model_checks(project, errors)
    if errors.has("strategy_period"):
        errors.messages["strategy_period"] = ["Choose a strategy period (or a programme to take it from)."]
    check_dates(errors, project.start_date, project.end_date)
    check_code_unique(errors, Project.objects.all(), project.code, exclude_pk=project.pk)
    if project.component_id and project.component.programme_id != project.programme_id:
        errors.add("component", f"{project.component.code} is a component of {project.component.programme.code}, "
                                f"not of {project.programme.code}.")
    period = project.strategy_period if project.strategy_period_id else None
    if "results" in related:
        check_results(errors, related["results"], period)
    elif project.pk and period is not None:
        check_results(errors, project.results.select_related("period"), period)
    if project.pk and period is not None:
        _check_logframe_still_fits(project, period, errors)
    clean = {}
    if "locations" in related:
        clean["locations"] = normalise_locations(errors, related["locations"])
    if "partners" in related:
        clean["partners"] = normalise_partners(errors, related["partners"], ProjectPartner.Role.choices)
    return clean


def _check_logframe_still_fits(project: Project, period, errors: Errors) -> None:
    """A change of period or dates must not strand the logframe."""
    for through, lookup in ((Outcome.results.through, "outcome__project"),
                            (Output.results.through, "output__outcome__project")):
        if through.objects.filter(**{lookup: project}).exclude(strategynode__period=period).exists():
            errors.add("strategy_period", "Logframe rows of this project are linked to results of another "
                                          "strategy period; unlink them first.")
            break
    start, end = project.start_date, project.end_date
    if not (start and end) or errors.has("end_date"):
        return
    outside = Activity.objects.filter(output__outcome__project=project).filter(
        Q(start_date__lt=start) | Q(start_date__gt=end) | Q(end_date__lt=start) | Q(end_date__gt=end)
    ).order_by("code").values_list("code", "start_date", "end_date")[:20]
    for code, a_start, a_end in outside:
        early = any(d and d < start for d in (a_start, a_end))
        errors.add("start_date" if early else "end_date",
                   f"Activity {code} ({a_start or '…'} to {a_end or '…'}) would fall outside the project's dates.")


def _sync_locations(project: Project, locations: list[dict]) -> None:
    wanted = {(loc["country"].pk if loc["country"] else None, loc["area"].pk if loc["area"] else None): loc
              for loc in locations}
    for existing in list(project.locations.all()):
        key = (existing.country_id, existing.area_id)
        if key not in wanted:
            existing.delete()
            continue
        loc = wanted.pop(key)
        if existing.percentage != loc["percentage"]:
            existing.percentage = loc["percentage"]
            existing.save()
    for loc in wanted.values():
        ProjectLocation.objects.create(project=project, **loc)


def _sync_partners(project: Project, partners: list[tuple]) -> None:
    wanted = {(partner.pk, role): partner for partner, role in partners}
    for existing in list(project.partner_roles.all()):
        if wanted.pop((existing.partner_id, existing.role), None) is None:
            existing.delete()
    for (_pk, role), partner in wanted.items():
        ProjectPartner.objects.create(project=project, partner=partner, role=role)


def _save_project(project: Project, related: dict, by) -> Project:
    errors = Errors()
    clean = _validate_project(project, related, errors)
    errors.raise_if_any()
    with transaction.atomic(), acting_as(by):
        project.save()
        if "results" in related:
            project.results.set(related["results"])
        if "locations" in clean:
            _sync_locations(project, clean["locations"])
        if "partners" in clean:
            _sync_partners(project, clean["partners"])
    return project


def create_project(*, by, **fields) -> Project:
    plain, related = _split(fields, PROJECT_FIELDS, PROJECT_RELATED)
    plain.setdefault("is_public", False)  # a new project is published by its approval, or when chosen explicitly
    return _save_project(Project(**plain), related, by)


def update_project(project: Project, *, by, **fields) -> Project:
    plain, related = _split(fields, PROJECT_FIELDS, PROJECT_RELATED)
    project = Project.objects.get(pk=project.pk)
    for key, value in plain.items():
        setattr(project, key, value)
    return _save_project(project, related, by)


def add_partner_role(project: Project, *, by, partner, role) -> ProjectPartner:
    errors = Errors()
    normalise_partners(errors, [(partner, role)], ProjectPartner.Role.choices)
    if not errors.messages and project.partner_roles.filter(partner=partner, role=role).exists():
        errors.add("partner", _("%(partner)s already has this role in the project.") % {"partner": partner})
    errors.raise_if_any()
    with transaction.atomic(), acting_as(by):
        return ProjectPartner.objects.create(project=project, partner=partner, role=role)


def remove_partner_role(partner_role: ProjectPartner, *, by) -> None:
    with transaction.atomic(), acting_as(by):
        partner_role.delete()


def delete_project(project: Project, *, by) -> None:
    project = Project.objects.get(pk=project.pk)
    if project.status != Project.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft project can be deleted; cancel or close it instead.")})
    _delete(project, by)


# --- logical framework -----------------------------------------------------------------------------

def _check_logframe_results(errors: Errors, results, project: Project) -> None:
    check_results(errors, results, project.strategy_period)


def _save_row(obj, related_results, by, *, validate):
    errors = Errors()
    _strip(obj, "code", "title")
    model_checks(obj, errors)
    validate(errors)
    errors.raise_if_any()
    with transaction.atomic(), acting_as(by):
        obj.save()
        if related_results is not None:
            obj.results.set(related_results)
    return obj


def _outcome_checks(outcome: Outcome, results):
    def validate(errors):
        check_code_unique(errors, Outcome.objects.filter(project_id=outcome.project_id), outcome.code,
                          exclude_pk=outcome.pk, where=" in this project")
        if results is not None:
            _check_logframe_results(errors, results, outcome.project)
    return validate


def add_outcome(project: Project, *, by, code, title, results=()) -> Outcome:
    outcome, results = Outcome(project=project, code=code, title=title), list(results)
    return _save_row(outcome, results, by, validate=_outcome_checks(outcome, results))


def update_outcome(outcome: Outcome, *, by, **fields) -> Outcome:
    outcome = Outcome.objects.select_related("project__strategy_period").get(pk=outcome.pk)
    results = _apply(outcome, fields, ("code", "title"))
    return _save_row(outcome, results, by, validate=_outcome_checks(outcome, results))


def _output_checks(output: Output, results):
    def validate(errors):
        check_code_unique(errors, Output.objects.filter(outcome_id=output.outcome_id), output.code,
                          exclude_pk=output.pk, where=" in this outcome")
        if results is not None:
            _check_logframe_results(errors, results, output.outcome.project)
    return validate


def add_output(outcome: Outcome, *, by, code, title, results=()) -> Output:
    output, results = Output(outcome=outcome, code=code, title=title), list(results)
    return _save_row(output, results, by, validate=_output_checks(output, results))


def update_output(output: Output, *, by, **fields) -> Output:
    output = Output.objects.select_related("outcome__project__strategy_period").get(pk=output.pk)
    results = _apply(output, fields, ("code", "title"))
    return _save_row(output, results, by, validate=_output_checks(output, results))


def _activity_checks(activity: Activity):
    def validate(errors):
        check_code_unique(errors, Activity.objects.filter(output_id=activity.output_id), activity.code,
                          exclude_pk=activity.pk, where=" in this output")
        if activity.country_id and activity.area_id:
            errors.add("area", "An activity takes place in a country or in an area, not both.")
        check_dates(errors, activity.start_date, activity.end_date)
        project = activity.output.outcome.project
        for name in ("start_date", "end_date"):
            value = getattr(activity, name)
            if value and not (project.start_date <= value <= project.end_date):
                errors.add(name, f"The date must fall within the project's dates "
                                 f"({project.start_date:%d %B %Y} to {project.end_date:%d %B %Y}).")
        if activity.currency:
            activity.currency = activity.currency.strip().upper()
        unchanged = activity.pk and Activity.objects.filter(pk=activity.pk, currency=activity.currency).exists()
        check_money(errors, activity.planned_cost, activity.currency, require_rate=not unchanged)
        if not errors.has("planned_cost"):
            activity.planned_cost = Decimal(str(activity.planned_cost)).quantize(Decimal("0.01"))
    return validate


def add_activity(output: Output, *, by, code, title, description="", country=None, area=None, start_date=None,
                 end_date=None, responsible_unit=None, planned_cost=Decimal("0"), currency="USD") -> Activity:
    activity = Activity(output=output, code=code, title=title, description=description, country=country,
                        area=area, start_date=start_date, end_date=end_date, responsible_unit=responsible_unit,
                        planned_cost=Decimal("0") if planned_cost is None else planned_cost, currency=currency)
    return _save_row(activity, None, by, validate=_activity_checks(activity))


def update_activity(activity: Activity, *, by, **fields) -> Activity:
    activity = Activity.objects.select_related("output__outcome__project").get(pk=activity.pk)
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        setattr(activity, key, value)
    if activity.planned_cost is None:
        activity.planned_cost = Decimal("0")
    return _save_row(activity, None, by, validate=_activity_checks(activity))


def _apply(obj, fields: dict, allowed: tuple):
    unknown = set(fields) - set(allowed) - {"results"}
    if unknown:
        raise TypeError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    for key in allowed:
        if key in fields:
            setattr(obj, key, fields[key])
    return list(fields["results"]) if "results" in fields else None


def delete_logframe_item(obj, *, by) -> None:
    if not isinstance(obj, (Outcome, Output, Activity)):
        raise TypeError(f"{type(obj).__name__} is not part of a logframe")
    _delete(obj, by)


def _delete(obj, by) -> None:
    try:
        with transaction.atomic(), acting_as(by):
            obj.delete()
    except ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:3])
        raise ValidationError({"__all__": _("%(object)s cannot be deleted: other records refer to it (%(names)s).") % {"object": obj, "names": names}}) from exc


# --- lifecycle -------------------------------------------------------------------------------------

def transition(obj, name: str, *, by, comment: str = "", decided_on=None):
    """Run lifecycle step ``name`` of a programme or project and record it (who, when, comment).

    The step runs on a fresh, locked copy, so a stale instance never writes old values back; the
    caller's instance gets the new status.
    """
    if not isinstance(obj, (Programme, Project)):
        raise TypeError(f"{type(obj).__name__} has no lifecycle here")
    with transaction.atomic():
        fresh = type(obj).objects.select_for_update().get(pk=obj.pk)
        method = getattr(fresh, name, None)
        if method is not None and hasattr(method, "_django_fsm"):
            if can_proceed(method, check_conditions=False) and not can_proceed(method):
                meta = method._django_fsm.get_transition(fresh.status)
                messages = [str(CONDITION_MESSAGES.get(c.__name__, "")) or _("Condition “%(name)s” is not met.")
                            % {"name": c.__name__}
                            for c in meta.conditions if not c(fresh)]
                raise ValidationError({"transition": messages})
        if name in SEPARATED_STEPS.get(type(fresh), ()):
            check_approver(fresh, by)
        change = run_transition(fresh, name, by=by, comment=(comment or "").strip(), decided_on=decided_on)
    obj.status = fresh.status
    return change


# Steps that are a second person's act: a planning officer approves, never the one who submitted.
SEPARATED_STEPS = {Project: ("approve",)}


def submitter_of(obj):
    """Who took the object to its current submitted state (the last status change into it), or None."""
    change = status_changes_for(obj).filter(to_status=obj.status).order_by("-changed_at", "-id").first()
    return change.changed_by if change else None


def approval_refusal(obj, by) -> str:
    """Why ``by`` may not approve ``obj`` (an empty string when they may)."""
    from mandates.people import permissions

    if getattr(by, "is_authenticated", False) and not permissions.can(by, "approve", obj):
        return _("A project is approved by a planning officer.")
    submitter = submitter_of(obj)
    if submitter is not None and by is not None and submitter.pk == getattr(by, "pk", None):
        return _("A project is approved by someone other than the person who submitted it.")
    return ""


def check_approver(obj, by) -> None:
    reason = approval_refusal(obj, by)
    if reason:
        raise ValidationError({"transition": reason})
