"""The permission walk's data: for each kind of object, an "A" record (published, led by the Regional Office
for Eastern Africa, in Kenya) and a "B" record (unpublished or draft, led by the Justice Section at
headquarters, in Uganda). Every role then has, for most kinds, one record it may act on and one it may not.

Each record's title carries a marker (``MARKA-…`` / ``MARKB-…``) so that any page, export or search answer
can be searched for what its reader may not see.
"""
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password


@contextmanager
def world_rolled_back(django_db_blocker):
    """For a module-scoped fixture: the world built once inside a transaction that is rolled back after
    the module's tests (which run in nested transactions of their own)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def build_world() -> dict:
    from mandates.assistance.models import AssistanceRequest
    from mandates.evaluation.models import ActionItem, Evaluation, Lesson, Recommendation
    from mandates.finance.models import (
        BudgetClass,
        BudgetLine,
        BudgetRevision,
        Contribution,
        Donor,
        DonorReader,
        Expenditure,
        FundSegment,
        ProjectFinance,
    )
    from mandates.finance.services import load_fund_structure
    from mandates.geography.models import Country
    from mandates.geography.services import load_m49
    from mandates.organisation.services import create_work_unit
    from mandates.partners.models import Partner
    from mandates.people.models import User
    from mandates.portfolio.models import Outcome, Output, Programme, Project, ProjectLocation
    from mandates.reporting.models import Narrative, Report
    from mandates.resolutions.models import Resolution
    from mandates.results.models import Delivery, Indicator, IndicatorValue
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    load_m49()
    load_fund_structure()
    ken, uga, swe, nor = (Country.objects.get(iso3=code) for code in ("KEN", "UGA", "SWE", "NOR"))
    hq = create_work_unit(by=None, code="HQ", name="Headquarters", kind="office", location="Vienna")
    do = create_work_unit(by=None, parent=hq, code="DO", name="Division for Operations", kind="division")
    jus = create_work_unit(by=None, parent=do, code="DO-JUS", name="Justice Section", kind="section")
    roea = create_work_unit(by=None, parent=hq, code="ROEA", name="Regional Office for Eastern Africa",
                            kind="regional_office", location="Nairobi", country=ken)
    units = {"A": roea, "B": jus}

    def person(username, role, **extra):
        return User.objects.create(username=username, password=make_password(None), role=role,
                                   **extra)

    users = {
        "administrator": person("admin", "administrator", is_staff=True, is_superuser=True),
        "planning_officer": person("planner", "planning_officer"),
        "programme_manager": person("pm", "programme_manager", work_unit=roea),
        "programme_manager_hq": person("pm-hq", "programme_manager", work_unit=jus),
        "finance_officer": person("finance", "finance_officer"),
        "reader": person("reader", "reader"),
        "member_state_reader": person("kenya", "member_state_reader", country=ken),
        "donor_reader": person("donor.sweden", "donor_reader"),
        "public": None,
    }

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008,
                                           end_year=2011)
    theme = StrategyNode.objects.create(period=period, level=0, code="1", title="Rule of law")
    result = StrategyNode.objects.create(period=period, level=1, code="1.1", title="Fair trials", parent=theme)
    w = {"users": users, "units": units, "period": period, "result": result, "country": {"A": ken, "B": uga}}

    def pair(make):
        return {side: make(side) for side in "AB"}

    published = {"A": True, "B": False}
    place = {"A": ken, "B": uga}
    w["programme"] = pair(lambda s: Programme.objects.create(
        code=f"PRG{s}", title=f"MARK{s}-programme", kind="regional", strategy_period=period,
        start_date=date(2008, 1, 1), end_date=date(2011, 12, 31), lead_unit=units[s], is_public=published[s],
        status="in_implementation" if s == "A" else "draft"))
    for s, programme in w["programme"].items():
        programme.countries.set([place[s]])

    def project(s):
        p = Project.objects.create(code=f"PRJ{s}", title=f"MARK{s}-project", objective="Fair trials",
                                   strategy_period=period, lead_unit=units[s], start_date=date(2008, 1, 1),
                                   end_date=date(2011, 12, 31), is_public=published[s],
                                   status="in_implementation" if s == "A" else "draft")
        ProjectLocation.objects.create(project=p, country=place[s])
        p.results.set([result])
        return p

    w["project"] = pair(project)
    w["project_finance"] = {s: ProjectFinance.objects.get(pk=p.pk) for s, p in w["project"].items()}
    w["partner"] = {"A": Partner.objects.create(name="MARKA-partner", acronym="PA", kind="civil_society")}

    def indicator(s):
        output = Output.objects.create(outcome=Outcome.objects.create(project=w["project"][s], code="OC1",
                                                                      title=f"Outcome {s}"),
                                       code="OP1.1", title=f"Output {s}")
        return Indicator.objects.create(output=output, project=w["project"][s], title=f"MARK{s}-indicator",
                                        start_year=2008, end_year=2011, baseline_value=Decimal(0), unit="judges")

    w["indicator"] = pair(indicator)
    w["indicator_value"] = pair(lambda s: IndicatorValue.objects.create(
        indicator=w["indicator"][s], year=2009, value=Decimal(42), status="approved" if s == "A" else "submitted",
        text=f"MARK{s}-value"))
    w["delivery"] = pair(lambda s: Delivery.objects.create(
        kind="training", title=f"MARK{s}-delivery", project=w["project"][s], start_date=date(2009, 3, 1),
        end_date=date(2009, 3, 5), country=place[s], participants=30))

    donor_country = {"A": swe, "B": nor}
    w["donor"] = pair(lambda s: Donor.objects.create(name=f"MARK{s}-donor", kind="member_state",
                                                     country=donor_country[s]))
    DonorReader.objects.create(user=users["donor_reader"], donor=w["donor"]["A"])
    segment = FundSegment.objects.filter(biennium__code="2008-2009").first()
    budget_class = BudgetClass.objects.first()
    amounts = {"A": "5000.00", "B": "8000.00"}
    w["contribution"] = pair(lambda s: Contribution.objects.create(
        reference=f"REF-{s}", donor=w["donor"][s], segment=segment, date=date(2008, 3, 1), currency="USD",
        amount=Decimal(amounts[s]), rate=Decimal(1), rate_month=date(2008, 3, 1), usd_amount=Decimal(amounts[s]),
        earmarking="hard", project=w["project"][s], description=f"MARK{s}-contribution"))
    for s in "AB":
        Expenditure.objects.create(document_number=f"DOC-{s}", line=1, segment=segment, kind="disbursement",
                                   date=date(2009, 5, 1), project=w["project"][s], budget_class=budget_class,
                                   currency="USD", amount=Decimal("1000.00"), rate=Decimal(1),
                                   usd_amount=Decimal("1000.00"), description=f"MARK{s}-expenditure")
        revision = BudgetRevision.objects.create(project=w["project"][s], number=1, reason="Original")
        BudgetLine.objects.create(revision=revision, project=w["project"][s], segment=segment, year=2009,
                                  budget_class=budget_class, amount=Decimal("2000.00"))

    w["evaluation"] = pair(lambda s: Evaluation.objects.create(
        title=f"MARK{s}-evaluation", subject="project", modality="independent", project=w["project"][s],
        responsible_unit=units[s], is_public=published[s], status="completed"))
    w["recommendation"] = pair(lambda s: Recommendation.objects.create(
        evaluation=w["evaluation"][s], number=1, text=f"Recommendation {s}", owner_unit=units[s]))
    w["action_item"] = pair(lambda s: ActionItem.objects.create(
        recommendation=w["recommendation"][s], description=f"Action {s}", owner_unit=units[s],
        due_date=date(2010, 1, 1)))
    w["lesson"] = pair(lambda s: Lesson.objects.create(title=f"MARK{s}-lesson", text="A lesson",
                                                       project=w["project"][s], is_public=published[s]))
    w["assistance_request"] = pair(lambda s: AssistanceRequest.objects.create(
        reference=f"AR-{s}", requesting_state=place[s], received_on=date(2009, 1, 5), subject=f"MARK{s}-request"))
    w["resolution"] = {"A": Resolution.objects.create(symbol="A/RES/64/179", body="GA", date=date(2009, 12, 18),
                                                      title="MARKA-resolution")}
    w["report"] = {"A": Report.objects.create(title="MARKA-report", period="2008-2009", as_of=date(2010, 1, 1))}
    authors = {"A": users["programme_manager"], "B": users["programme_manager_hq"]}
    w["narrative"] = pair(lambda s: Narrative.objects.create(period="2008-2009", author=authors[s],
                                                             result=result, text=f"Narrative {s}"))
    return w
