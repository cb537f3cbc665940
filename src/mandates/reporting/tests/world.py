"""The data of the report tests, built once for the package by ``conftest._world`` (and, committed, by the
browser test): the Organized Crime Convention and two Protocols from the shipped UN Treaty Collection files,
the finance demo (A/64/123 para. 72), two projects and their deliveries, and what the other report kinds
need (``make_kinds_data``)."""
import io
from datetime import date

UNTOC_FAMILY = ("XVIII-12", "XVIII-12-a", "XVIII-12-b")


def make_strategy():
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008,
                                           end_year=2011)
    theme = StrategyNode.objects.create(period=period, level=0, code="1", title="Rule of law")
    area = StrategyNode.objects.create(period=period, level=1, code="1.1", title="Conventions", parent=theme)
    result = StrategyNode.objects.create(period=period, level=2, code="1.1.1", title="Ratification", parent=area)
    return {"period": period, "result": result}


def add_delivery(project, kind, end, participants=0, country=None, title=""):
    from mandates.results.models import Delivery

    return Delivery.objects.create(project=project, kind=kind, title=title or f"{kind} {end}", start_date=end,
                                   end_date=end, participants=participants, country=country)


def make_tc_data(units, strategy):
    """What the technical-cooperation report of 2008-2009 as at 31 May 2009 needs."""
    from mandates.finance.services.demo import load_finance_demo
    from mandates.geography.models import Country
    from mandates.portfolio.services import create_project
    from mandates.treaties import reference, services

    for code in UNTOC_FAMILY:
        services.import_status_path(reference.DATA_DIR / reference.catalogue()[code]["raw_file"], instrument=code,
                                    by=None)
    load_finance_demo()
    kenya, peru = Country.objects.get(iso3="KEN"), Country.objects.get(iso3="PER")
    ken = create_project(by=None, code="KENX01", title="Witness protection in Kenya", objective="Witnesses protected",
                         strategy_period=strategy["period"], lead_unit=units["ROEA"],
                         start_date=date(2008, 1, 1), end_date=date(2010, 12, 31), results=[strategy["result"]],
                         locations=[{"country": kenya}])
    per = create_project(by=None, code="PERX02", title="Trafficking in persons in Peru", objective="Victims assisted",
                         strategy_period=strategy["period"], lead_unit=units["DO-JUS"], start_date=date(2008, 1, 1),
                         end_date=date(2010, 12, 31), results=[strategy["result"]], locations=[{"country": peru}])
    made = [
        add_delivery(ken, "workshop", date(2008, 7, 9), 40, kenya, "Witness protection workshop, Nairobi"),
        add_delivery(ken, "training", date(2008, 11, 21), 25, kenya),
        add_delivery(per, "workshop", date(2008, 9, 25), 60, peru),
        add_delivery(per, "training", date(2009, 3, 2), 35, peru),
        add_delivery(per, "publication", date(2009, 2, 1), 0, None, "Good practices for the protection of witnesses"),
        add_delivery(per, "workshop", date(2009, 6, 15), 99, peru),  # after the as-at date: not counted
        add_delivery(per, "workshop", date(2007, 12, 1), 77, peru),  # before the period: not counted
    ]
    return {"kenya_project": ken, "peru_project": per, "deliveries": made}


def make_units_and_users():
    """The root conftest's organisation and one user per role (same codes, names and password)."""
    from mandates.geography.models import Country
    from mandates.geography.services import load_m49
    from mandates.organisation.services import create_work_unit
    from mandates.people.services import create_user

    load_m49()
    hq = create_work_unit(by=None, code="HQ", name="Headquarters", kind="office", location="Vienna")
    dio = create_work_unit(by=None, parent=hq, code="DO", name="Division for Operations", kind="division")
    units = {"HQ": hq, "DO": dio,
             "DO-JUS": create_work_unit(by=None, parent=dio, code="DO-JUS", name="Justice Section", kind="section"),
             "DO-OCB": create_work_unit(by=None, parent=dio, code="DO-OCB", name="Organized Crime Branch",
                                        kind="branch")}
    units["ROEA"] = create_work_unit(by=None, parent=hq, code="ROEA", name="Regional Office for Eastern Africa",
                                     kind="regional_office", location="Nairobi", country=Country.objects.get(iso3="KEN"))
    units["ROEA-SOM"] = create_work_unit(by=None, parent=units["ROEA"], code="ROEA-SOM", name="Somalia programme office",
                                         kind="programme_office", country=Country.objects.get(iso3="SOM"))
    pw = "pass-word-123"
    users = {
        "administrator": create_user(username="admin", password=pw, role="administrator", is_staff=True,
                                     is_superuser=True),
        "planning_officer": create_user(username="planner", password=pw, role="planning_officer"),
        "programme_manager": create_user(username="pm", password=pw, role="programme_manager", work_unit=units["ROEA"]),
        "programme_manager_hq": create_user(username="pm-hq", password=pw, role="programme_manager",
                                            work_unit=units["DO-JUS"]),
        "finance_officer": create_user(username="finance", password=pw, role="finance_officer"),
        "reader": create_user(username="reader", password=pw, role="reader"),
        "member_state_reader": create_user(username="kenya", password=pw, role="member_state_reader",
                                           country=Country.objects.get(iso3="KEN")),
    }
    return units, users


def make_kinds_data(units, users, tc_data) -> dict:
    """For the other report kinds: a regional programme over the Kenyan project (consultations, components),
    budgets and ERP expenditure of both projects, a Swedish contribution earmarked to the Kenyan project and
    charged, a request from Kenya, a logframe with costed activities."""
    from decimal import Decimal

    from mandates.assistance.services import save_request
    from mandates.finance.models import Donor, FundSegment
    from mandates.finance.services.budgets import revise_budget
    from mandates.finance.services.contributions import save_contribution
    from mandates.finance.services.expenditure import import_expenditure
    from mandates.geography.models import Country
    from mandates.portfolio import services as portfolio

    ken, per = tc_data["kenya_project"], tc_data["peru_project"]
    kenya = Country.objects.get(iso3="KEN")
    programme = portfolio.create_programme(
        by=None, code="RP-TEST", title="Rule of law in Eastern Africa", kind="regional",
        strategy_period=ken.strategy_period, start_date=date(2008, 1, 1), end_date=date(2011, 12, 31),
        lead_unit=units["ROEA"])
    portfolio.add_component(programme, by=None, code="SP1", title="Countering organized crime")
    portfolio.add_consultation(programme, by=None, kind="expert_meeting", date=date(2008, 3, 4), place="Nairobi",
                               summary="Experts agreed the priorities.")
    ken.programme = programme
    ken.save(update_fields=["programme"])
    for project, amounts in ((ken, ("120000.00", "80000.50")), (per, ("50000.00", "25000.25"))):
        revise_budget(project=project, by=None, reason="Original", lines=[
            {"year": 2008, "segment": "CPCJF-SP", "budget_class": "staff", "amount": Decimal(amounts[0])},
            {"year": 2009, "segment": "CPCJF-SP", "budget_class": "travel", "amount": Decimal(amounts[1])},
            {"year": 2010, "segment": "CPCJF-SP", "budget_class": "travel", "amount": Decimal("999.99")}])
    sweden = Donor.objects.get(short_name="Sweden")
    given = save_contribution(by=None, reference="SP-KENX01/2008/0001", donor=sweden,
                              segment=FundSegment.objects.get(code="CPCJF-SP", biennium__code="2008-2009"),
                              date=date(2008, 2, 1), currency="USD", amount=Decimal("150000.00"),
                              received_amount=Decimal("100000.00"), earmarking="hard", project=ken)
    header = ("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,"
              "contribution_ref,work_unit_code,description")
    lines = [header,
             f"JV-T-1,1,2008-06-30,disbursement,CPCJF-SP,KENX01,staff,USD,45000.33,{given.reference},ROEA,staff",
             "JV-T-1,2,2009-03-31,disbursement,CPCJF-SP,KENX01,travel,USD,12000.10,,ROEA,travel",
             "JV-T-1,3,2009-08-31,disbursement,CPCJF-SP,PERX02,staff,USD,7000.07,,DO-JUS,staff",
             "JV-T-1,4,2010-02-28,disbursement,CPCJF-SP,KENX01,staff,USD,555.55,,ROEA,after the period"]
    import_expenditure(io.BytesIO("\n".join(lines).encode()), by=None, file_name="test-erp.csv")
    request = save_request(by=None, requesting_state=kenya, received_on=date(2008, 5, 6), channel="note_verbale",
                           subject="Witness protection legislation", urgency="routine")
    outcome = portfolio.add_outcome(ken, by=None, code="OC1", title="Witnesses protected",
                                    results=[tc_data["kenya_project"].results.first()])
    output = portfolio.add_output(outcome, by=None, code="OP1.1", title="Unit set up")
    portfolio.add_activity(output, by=None, code="A1.1.1", title="Draft the law", start_date=date(2008, 2, 1),
                           end_date=date(2008, 12, 31), planned_cost=Decimal("30000.40"))
    portfolio.add_activity(output, by=None, code="A1.1.2", title="Train the unit", planned_cost=Decimal("20000.20"))
    portfolio.add_activity(output, by=None, code="A1.1.3", title="Later phase", start_date=date(2010, 3, 1),
                           end_date=date(2010, 6, 30), planned_cost=Decimal("99999.00"))
    return {"programme": programme, "sweden": sweden, "contribution": given, "request": request}


def build_world(kinds: bool = True) -> dict:
    units, users = make_units_and_users()
    strategy = make_strategy()
    tc_data = make_tc_data(units, strategy)
    return {"units": units, "users": users, "strategy": strategy, "tc_data": tc_data,
            "kinds": make_kinds_data(units, users, tc_data) if kinds else None}
