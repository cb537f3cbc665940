"""Audit registration and permission policies for indicators, values and deliveries.

- ``indicator`` (indicators and their targets) and ``indicator_value`` (reported values and their
  breakdown) follow the project of the outcome/output; indicators of expected results have no
  project: only roles with scope ``all`` may change them, and everyone who sees the strategy sees them.
- External readers (Member State readers, the public) see approved values only.
- ``delivery`` follows its project; a Member State reader also sees deliveries held in their country.
"""
from auditlog.registry import auditlog
from django.db.models import Q

from mandates.people.permissions import Policy, register
from mandates.portfolio.policies import HIDDEN_PROJECT_STATUSES

from .models import (
    Delivery,
    DeliveryParticipants,
    DisaggregatedValue,
    ImplementationPlan,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
)


def _public_project(prefix: str) -> Q:
    return Q(**{f"{prefix}project__is_public": True}) & ~Q(**{f"{prefix}project__status__in": HIDDEN_PROJECT_STATUSES})


def _strategy_level(prefix: str) -> Q:
    return Q(**{f"{prefix}project__isnull": True})


def _in_country(prefix: str):
    def country_q(country) -> Q:
        return Q(**{f"{prefix}project__locations__country": country}) | Q(
            **{f"{prefix}project__locations__area__in": list(country.area_ids)})
    return country_q


def _unit_of_project(get_project):
    def unit_of(obj):
        project = get_project(obj)
        return project.lead_unit if project is not None else None
    return unit_of


def register_all() -> None:
    auditlog.register(Indicator)
    auditlog.register(IndicatorTarget)
    auditlog.register(IndicatorValue)
    auditlog.register(DisaggregatedValue)
    auditlog.register(Delivery, m2m_fields={"indicators"})
    auditlog.register(DeliveryParticipants)

    register(Policy(
        name="indicator", model=Indicator, unit_lookup="project__lead_unit",
        unit_of=_unit_of_project(lambda o: o.project), country_q=_in_country(""),
        public_q=_public_project("") | _strategy_level(""),
    ))
    register(Policy(
        name="indicator", model=IndicatorTarget, unit_lookup="indicator__project__lead_unit",
        unit_of=_unit_of_project(lambda o: o.indicator.project), country_q=_in_country("indicator__"),
        public_q=_public_project("indicator__") | _strategy_level("indicator__"),
    ))
    approved = Q(status=IndicatorValue.Status.APPROVED)
    register(Policy(
        name="indicator_value", model=IndicatorValue, unit_lookup="indicator__project__lead_unit",
        unit_of=_unit_of_project(lambda o: o.indicator.project),
        country_q=lambda c: approved & _in_country("indicator__")(c),
        public_q=approved & (_public_project("indicator__") | _strategy_level("indicator__")),
    ))
    approved_row = Q(value__status=IndicatorValue.Status.APPROVED)
    register(Policy(
        name="indicator_value", model=DisaggregatedValue, unit_lookup="value__indicator__project__lead_unit",
        unit_of=_unit_of_project(lambda o: o.value.indicator.project),
        country_q=lambda c: approved_row & _in_country("value__indicator__")(c),
        public_q=approved_row & (_public_project("value__indicator__") | _strategy_level("value__indicator__")),
    ))
    register(Policy(
        name="delivery", model=Delivery, unit_lookup="project__lead_unit", unit_of=lambda o: o.project.lead_unit,
        country_q=lambda c: Q(country=c) | _in_country("")(c), public_q=_public_project(""),
    ))
    register(Policy(
        name="delivery", model=DeliveryParticipants, unit_lookup="delivery__project__lead_unit",
        unit_of=lambda o: o.delivery.project.lead_unit,
        country_q=lambda c: Q(delivery__country=c) | _in_country("delivery__")(c),
        public_q=_public_project("delivery__"),
    ))
    # The plan is computed, not stored: no audit; the matrix says who may see it (internal roles).
    register(Policy(name="implementation_plan", model=ImplementationPlan))
