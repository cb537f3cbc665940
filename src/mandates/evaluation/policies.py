"""Audit registration and permission policies for evaluations, their follow-up and lessons learned.

- ``evaluation`` (evaluations, findings, recommendations, management responses) follows the evaluated
  work unit; a Member State reader sees evaluations of projects/programmes in their country; the
  public sees completed evaluations whose report is published.
- ``action_item``: the owner unit (or the owner's unit) may update its own items.
- ``lesson``: public lessons are open to all; Member State readers also see lessons about their region.
"""
from auditlog.registry import auditlog
from django.db.models import Q

from mandates.people.permissions import Policy, register

from .models import ActionItem, Evaluation, Finding, Lesson, ManagementResponse, Recommendation


def _evaluation_country(prefix: str):
    def country_q(country) -> Q:
        areas = list(country.area_ids)
        return (Q(**{f"{prefix}project__locations__country": country})
                | Q(**{f"{prefix}project__locations__area__in": areas})
                | Q(**{f"{prefix}programme__countries": country}) | Q(**{f"{prefix}programme__areas__in": areas}))
    return country_q


def _evaluation_public(prefix: str) -> Q:
    return Q(**{f"{prefix}is_public": True, f"{prefix}status": Evaluation.Status.COMPLETED})


def _owner_unit(obj):
    if obj.owner_unit_id:
        return obj.owner_unit
    return obj.owner_person.work_unit if obj.owner_person_id else None


def register_all() -> None:
    auditlog.register(Evaluation, m2m_fields={"results"})
    auditlog.register(Finding)
    auditlog.register(Recommendation)
    auditlog.register(ManagementResponse)
    auditlog.register(ActionItem)
    auditlog.register(Lesson, m2m_fields={"results", "areas"})

    for model, prefix, unit_of in (
        (Evaluation, "", lambda o: o.responsible_unit),
        (Finding, "evaluation__", lambda o: o.evaluation.responsible_unit),
        (Recommendation, "evaluation__", lambda o: o.evaluation.responsible_unit),
        (ManagementResponse, "recommendation__evaluation__", lambda o: o.recommendation.evaluation.responsible_unit),
    ):
        register(Policy(name="evaluation", model=model, unit_lookup=f"{prefix}responsible_unit", unit_of=unit_of,
                        country_q=_evaluation_country(prefix), public_q=_evaluation_public(prefix)))
    register(Policy(name="action_item", model=ActionItem, unit_lookup="owner_unit", unit_of=_owner_unit))
    register(Policy(
        name="lesson", model=Lesson,
        country_q=lambda c: Q(areas__in=list(c.area_ids)) | Q(project__locations__country=c),
        public_q=Q(is_public=True),
    ))
