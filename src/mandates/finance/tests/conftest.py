"""Finance fixtures: the fund structure from its data file, a few rates, a small strategy, two
projects (created through the portfolio's service) and three donors."""
from datetime import date
from decimal import Decimal

import pytest

RATES_CSV = "month,currency,units_per_usd\n" + "".join(
    f"{y}-{m:02d},{cur},{rate}\n"
    for y in range(2008, 2012) for m in range(1, 13)
    for cur, rate in (("EUR", "0.8000"), ("SEK", "6.2500"), ("JPY", "100.00")))


@pytest.fixture
def structure(db):
    from mandates.finance.models import Biennium
    from mandates.finance.services import load_fund_structure

    load_fund_structure()
    return {b.code: b for b in Biennium.objects.all()}


@pytest.fixture
def rates(structure):
    """EUR 0.80, SEK 6.25 and JPY 100 per US dollar in every month of 2008-2011."""
    import io

    from mandates.finance.services import import_exchange_rates

    return import_exchange_rates(io.BytesIO(RATES_CSV.encode()), by=None, file_name="rates.csv")


@pytest.fixture
def strategy(db):
    from mandates.strategy.models import StrategyNode, StrategyPeriod

    period = StrategyPeriod.objects.create(code="2008-2011", title="Strategy 2008-2011", start_year=2008,
                                           end_year=2011)
    theme = StrategyNode.objects.create(period=period, level=0, code="1", title="Rule of law")
    area = StrategyNode.objects.create(period=period, level=1, code="1.1", title="Conventions", parent=theme)
    result = StrategyNode.objects.create(period=period, level=2, code="1.1.1", title="Ratification", parent=area)
    other_theme = StrategyNode.objects.create(period=period, level=0, code="3", title="Prevention")
    other = StrategyNode.objects.create(period=period, level=1, code="3.1", title="Crime prevention",
                                        parent=other_theme)
    other_result = StrategyNode.objects.create(period=period, level=2, code="3.1.1", title="Prevention plans",
                                               parent=other)
    return {"period": period, "theme": theme, "result": result, "other_theme": other_theme,
            "other_result": other_result}


def make_project(code, *, unit, start, end, location, results, by=None, strategy_period):
    """A project through the portfolio's service (its validation and audit)."""
    from mandates.portfolio.services import create_project

    return create_project(by=by, code=code, title=f"Project {code}", objective="A demonstrable objective",
                          strategy_period=strategy_period, lead_unit=unit, start_date=start, end_date=end,
                          results=results, locations=[location])


@pytest.fixture
def projects(units, users, strategy, m49):
    """KEN01 (Regional Office for Eastern Africa, in Kenya, 2008-2011), GLO01 (Justice Section, global, 2008-2009)."""
    from mandates.geography.models import Area, Country

    ken = make_project("KEN01", unit=units["ROEA"], start=date(2008, 1, 1), end=date(2011, 12, 31),
                       location={"country": Country.objects.get(iso3="KEN")}, results=[strategy["result"]],
                       strategy_period=strategy["period"], by=users["planning_officer"])
    glo = make_project("GLO01", unit=units["DO-JUS"], start=date(2008, 1, 1), end=date(2009, 12, 31),
                       location={"area": Area.objects.get(m49_code="001")}, results=[strategy["other_result"]],
                       strategy_period=strategy["period"], by=users["planning_officer"])
    return {"KEN01": ken, "GLO01": glo}


@pytest.fixture
def donors(m49, structure):
    from mandates.finance.models import Donor
    from mandates.finance.services import save_donor
    from mandates.geography.models import Country

    return {
        "kenya": save_donor(by=None, name="Kenya", kind=Donor.Kind.MEMBER_STATE,
                            country=Country.objects.get(iso3="KEN")),
        "sweden": save_donor(by=None, name="Sweden", kind=Donor.Kind.MEMBER_STATE,
                             country=Country.objects.get(iso3="SWE")),
        "ec": save_donor(by=None, name="European Commission", short_name="EC", kind=Donor.Kind.EUROPEAN_COMMISSION),
    }


def segment(structure, biennium: str, code: str):
    return structure[biennium].segments.get(code=code)


def contribute(structure, donor, *, biennium="2008-2009", code="CPCJF-GP", day=date(2008, 3, 1), currency="USD",
               amount="1000.00", earmarking="general_purpose", by=None, reference=None, **extra):
    from mandates.finance.models import Contribution
    from mandates.finance.services import save_contribution

    reference = reference or f"C-{Contribution.objects.count() + 1:05d}"
    return save_contribution(by=by, reference=reference, donor=donor, segment=segment(structure, biennium, code),
                             date=day, currency=currency, amount=Decimal(amount), earmarking=earmarking, **extra)


ERP_HEADER = ("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,"
              "contribution_ref,work_unit_code,description\n")


def erp_file(*rows: str, name: str = "erp.csv"):
    """An uploaded ERP export with the template's header and the given CSV rows."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, (ERP_HEADER + "".join(r + "\n" for r in rows)).encode(), content_type="text/csv")
