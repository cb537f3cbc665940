"""Audit registration and permission policies for the finance objects.

Matrix objects: ``finance`` (fund structure, overview, projections, rates, imports),
``donor``, ``contribution`` and ``project_finance`` (a project's budgets and expenditure).
"""
from auditlog.registry import auditlog
from django.db.models import Q

from mandates.people.permissions import Policy, register

from .models import (
    Apportionment,
    Biennium,
    BudgetClass,
    BudgetLine,
    BudgetRevision,
    Contribution,
    Donor,
    DonorReader,
    ExchangeRate,
    Expenditure,
    Fund,
    FundSegment,
    ImportBatch,
    ProjectFinance,
    RegularBudgetAllotment,
    SegmentGroup,
)


def _project_in_country(prefix: str):
    def country_q(country) -> Q:
        return Q(**{f"{prefix}locations__country": country}) | Q(
            **{f"{prefix}locations__area__in": list(country.area_ids)})
    return country_q


def _funded_by_reader(prefix: str):
    """Projects paid for by the donor a donor reader reads (hard-earmarked contributions)."""
    def own_q(user) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return None
        return Q(**{f"{prefix}contributions__donor__readers__user": user})
    return own_q


def _project_unit(obj):
    project = getattr(obj, "project", None)
    return project.lead_unit if project is not None else None


def register_all() -> None:
    for model in (Biennium, Fund, FundSegment, SegmentGroup, Apportionment, BudgetClass, RegularBudgetAllotment,
                  ExchangeRate, ImportBatch):
        auditlog.register(model)
        register(Policy(name="finance", model=model))
    for model in (Donor, DonorReader, Contribution, BudgetRevision, BudgetLine, Expenditure):
        auditlog.register(model)

    register(Policy(
        name="donor", model=Donor,
        country_q=lambda country: Q(country=country),
        own_q=lambda user: Q(readers__user=user) if getattr(user, "is_authenticated", False) else None,
    ))
    register(Policy(
        name="donor", model=DonorReader,
        own_q=lambda user: Q(user=user) if getattr(user, "is_authenticated", False) else None,
    ))
    register(Policy(
        name="contribution", model=Contribution,
        unit_lookup="project__lead_unit", unit_of=_project_unit,
        country_q=lambda country: Q(donor__country=country),
        own_q=lambda user: Q(donor__readers__user=user) if getattr(user, "is_authenticated", False) else None,
    ))
    register(Policy(
        name="project_finance", model=ProjectFinance,
        unit_lookup="lead_unit", unit_of=lambda o: o.lead_unit,
        country_q=_project_in_country(""), own_q=_funded_by_reader(""),
    ))
    for model in (BudgetRevision, BudgetLine, Expenditure):
        register(Policy(
            name="project_finance", model=model,
            unit_lookup="project__lead_unit", unit_of=_project_unit,
            country_q=_project_in_country("project__"), own_q=_funded_by_reader("project__"),
        ))
