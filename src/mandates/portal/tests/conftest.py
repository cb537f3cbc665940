"""A small open-data world with a record of every kind that must never reach the public.

Everything secret carries the word SECRET or HIDDEN (or a tell-tale amount), so a test can walk
every public URL and download and search the bodies for them.
"""
from datetime import date
from decimal import Decimal

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """The .mo files are build output (``make messages``); compile any that are missing or stale."""
    import subprocess
    from pathlib import Path

    from django.utils.translation import trans_real

    stale = [po for po in (Path(__file__).resolve().parents[2] / "locale").rglob("django.po")
             if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime]
    for po in stale:
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    if stale:
        trans_real._translations = {}


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world(db, m49, units, users):
    from mandates.assistance.models import AssistanceRequest
    from mandates.evaluation.models import Evaluation
    from mandates.finance.models import (
        BudgetClass,
        BudgetLine,
        BudgetRevision,
        Contribution,
        Donor,
        DonorReader,
        Expenditure,
        FundSegment,
    )
    from mandates.finance.services import load_fund_structure
    from mandates.geography.models import Area, Country
    from mandates.people.services import create_user
    from mandates.portfolio.models import (
        Outcome,
        Output,
        Programme,
        Project,
        ProjectLocation,
    )
    from mandates.results.models import (
        Delivery,
        DeliveryParticipants,
        DisaggregatedValue,
        Indicator,
        IndicatorTarget,
        IndicatorValue,
    )
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    load_fund_structure()
    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008,
                                           end_year=2011)
    theme = StrategyNode.objects.create(period=period, level=0, code="1", title="Rule of law")
    result = StrategyNode.objects.create(period=period, level=1, code="1.1", title="Fair trials", parent=theme)
    other_theme = StrategyNode.objects.create(period=period, level=0, code="3", title="Prevention")
    other = StrategyNode.objects.create(period=period, level=1, code="3.1", title="Prevention plans",
                                        parent=other_theme)
    ken, uga = Country.objects.get(iso3="KEN"), Country.objects.get(iso3="UGA")
    world_area = Area.objects.get(m49_code="001")

    def programme(code, public=True):
        return Programme.objects.create(code=code, title=f"Programme {code}", kind="regional", strategy_period=period,
                                        start_date=date(2008, 1, 1), end_date=date(2011, 12, 31),
                                        status="in_implementation", lead_unit=units["ROEA"], is_public=public)

    open_programme, hidden_programme = programme("PUBPRG"), programme("HIDDENPRG", public=False)

    def project(code, *, status="in_implementation", public=True, prog=None, where=(ken,), results=(result,)):
        p = Project.objects.create(code=code, title=f"Project {code}", objective=f"Objective of {code}",
                                   strategy_period=period, lead_unit=units["ROEA"], start_date=date(2008, 1, 1),
                                   end_date=date(2011, 12, 31), status=status, is_public=public, programme=prog)
        for place, share in where:
            ProjectLocation.objects.create(project=p, percentage=share,
                                           **({"area": place} if isinstance(place, Area) else {"country": place}))
        p.results.set(results)
        return p

    open1 = project("OPEN1", prog=open_programme, where=[(ken, Decimal(60)), (uga, Decimal(40))])
    open2 = project("OPEN2", status="completed", where=[(world_area, None)], results=[other])
    hidden = [project("HIDDEN1", public=False, where=[(ken, None)]),
              project("HIDDEN2", status="draft", where=[(ken, None)]),
              project("HIDDEN3", prog=hidden_programme, where=[(ken, None)])]

    outcome = Outcome.objects.create(project=open1, code="OC1", title="Courts work")
    output = Output.objects.create(outcome=outcome, code="OP1.1", title="Judges trained")
    indicator = Indicator.objects.create(output=output, project=open1, title="Judges trained in fair trials",
                                         start_year=2008, end_year=2011, baseline_value=Decimal(0), unit="judges",
                                         disaggregate_by=["sex"])
    IndicatorTarget.objects.create(indicator=indicator, year=2009, value=Decimal(50))
    approved = IndicatorValue.objects.create(indicator=indicator, year=2009, value=Decimal(42), status="approved",
                                             note="SECRET note on the approved value")
    DisaggregatedValue.objects.create(value=approved, dimension="sex", category="female", amount=Decimal(20))
    DisaggregatedValue.objects.create(value=approved, dimension="sex", category="male", amount=Decimal(22))
    IndicatorValue.objects.create(indicator=indicator, year=2010, value=Decimal("7777.77"), status="submitted",
                                  text="SECRET draft narrative")
    IndicatorValue.objects.create(indicator=indicator, year=2011, value=Decimal("6666.66"), status="returned",
                                  review_comment="SECRET internal review comment")
    h_out = Output.objects.create(outcome=Outcome.objects.create(project=hidden[0], code="OC1", title="HIDDEN oc"),
                                  code="OP1", title="HIDDEN output")
    h_ind = Indicator.objects.create(output=h_out, project=hidden[0], title="HIDDEN indicator", start_year=2008,
                                     end_year=2011)
    IndicatorValue.objects.create(indicator=h_ind, year=2009, value=Decimal("5151.51"), status="approved")
    delivery = Delivery.objects.create(kind="training", title="Training of judges in Nairobi", project=open1,
                                       start_date=date(2009, 3, 1), end_date=date(2009, 3, 5), country=ken,
                                       participants=30)
    DeliveryParticipants.objects.create(delivery=delivery, dimension="sex", category="female", count=14)
    Delivery.objects.create(kind="workshop", title="HIDDEN delivery", project=hidden[0], start_date=date(2009, 3, 1),
                            end_date=date(2009, 3, 5), country=ken, participants=9)

    sweden = Donor.objects.create(name="Sweden", kind="member_state", country=Country.objects.get(iso3="SWE"))
    segment = FundSegment.objects.filter(biennium__code="2008-2009").first()
    budget_class = BudgetClass.objects.first()

    def contribution(reference, project_, amount, description=""):
        return Contribution.objects.create(
            reference=reference, donor=sweden, segment=segment, date=date(2008, 3, 1), currency="USD",
            amount=Decimal(amount), rate=Decimal(1), rate_month=date(2008, 3, 1), usd_amount=Decimal(amount),
            earmarking="hard", project=project_, description=description)

    swe1 = contribution("SWE-1", open1, "5000.00", description="SECRET contribution note")
    contribution("SWE-2", hidden[0], "8000.00")

    def spend(doc, project_, day, amount, kind="disbursement", contribution_=None, description=""):
        return Expenditure.objects.create(
            document_number=doc, line=1, segment=segment, kind=kind, date=day, project=project_,
            budget_class=budget_class, currency="USD", amount=Decimal(amount), rate=Decimal(1),
            usd_amount=Decimal(amount), contribution=contribution_, description=description)

    spend("SECRETDOC1", open1, date(2009, 5, 1), "1000.00", contribution_=swe1, description="SECRET ERP line")
    spend("D2", open1, date(2010, 3, 1), "500.50")
    spend("D3", open2, date(2009, 7, 1), "300.00")
    spend("D4", open1, date(2010, 4, 1), "12345.67", kind="obligation")
    spend("D5", hidden[0], date(2009, 7, 1), "99999.99")
    revision = BudgetRevision.objects.create(project=open1, number=1, reason="Revised")
    old = BudgetRevision.objects.create(project=open1, number=0, reason="Original", is_current=False)
    for year, amount in ((2009, "2000.00"), (2010, "1000.00")):
        BudgetLine.objects.create(revision=revision, project=open1, segment=segment, year=year,
                                  budget_class=budget_class, amount=Decimal(amount))
    BudgetLine.objects.create(revision=old, project=open1, segment=segment, year=2009, budget_class=budget_class,
                              amount=Decimal("5555.55"), is_current=False)

    AssistanceRequest.objects.create(reference="AR-KEN-1", requesting_state=ken, received_on=date(2009, 1, 5),
                                     subject="SECRET request from Kenya")
    AssistanceRequest.objects.create(reference="AR-UGA-1", requesting_state=uga, received_on=date(2009, 1, 5),
                                     subject="Uganda asks for help")
    Evaluation.objects.create(title="SECRET evaluation", subject="project", modality="independent", project=open1,
                              responsible_unit=units["ROEA"], is_public=False)
    Evaluation.objects.create(title="Independent evaluation of OPEN1", subject="project", modality="independent",
                              project=open1, responsible_unit=units["ROEA"], is_public=True)
    Evaluation.objects.create(title="Evaluation of HIDDEN1", subject="project", modality="independent",
                              project=hidden[0], responsible_unit=units["ROEA"], is_public=True)
    donor_user = create_user(username="donor.sweden", password="pass-word-123", role="donor_reader")
    DonorReader.objects.create(user=donor_user, donor=sweden)
    return {"period": period, "theme": theme, "result": result, "open1": open1, "open2": open2, "hidden": hidden,
            "sweden": sweden, "ken": ken, "uga": uga, "programme": open_programme, "indicator": indicator,
            "donor_user": donor_user, "kenya_user": users["member_state_reader"]}
