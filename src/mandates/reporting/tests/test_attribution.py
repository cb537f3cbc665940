"""Where money and cost are attributed. A country or region profile counts the share of each project's money
attributed to the place, as the implementation plan's country filter does (``results.attribution``): a
multi-country project's money is not counted whole in each country (to the cent, read back from the .docx).
The medium-term report puts an activity under the result its output serves."""
import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from docx import Document as read_docx

from mandates.reporting import output

pytestmark = pytest.mark.django_db
AS_OF = date(2009, 12, 31)


@pytest.fixture
def multi_country(tc_data, kinds_data, units):
    """MULTI1: Kenya 30 %, Uganda 70 % (location percentages). MULTI2: Kenya and Tanzania without percentages,
    its placed activities cost 2,000.00 in Kenya and 6,000.00 in Tanzania (Kenya's share: a quarter)."""
    from mandates.finance.services.budgets import revise_budget
    from mandates.finance.services.expenditure import import_expenditure
    from mandates.geography.models import Country
    from mandates.portfolio import services as portfolio

    kenya, uganda, tanzania = (Country.objects.get(iso3=c) for c in ("KEN", "UGA", "TZA"))
    common = {"strategy_period": tc_data["kenya_project"].strategy_period, "lead_unit": units["ROEA"],
              "start_date": date(2008, 1, 1), "end_date": date(2010, 12, 31)}
    one = portfolio.create_project(by=None, code="MULTI1", title="Border control in East Africa", objective="o",
                                   locations=[{"country": kenya, "percentage": Decimal("30.00")},
                                              {"country": uganda, "percentage": Decimal("70.00")}], **common)
    two = portfolio.create_project(by=None, code="MULTI2", title="Prosecutors in East Africa", objective="o",
                                   locations=[{"country": kenya}, {"country": tanzania}], **common)
    output_ = portfolio.add_output(portfolio.add_outcome(two, by=None, code="OC1", title="t"), by=None, code="OP1",
                                   title="t")
    portfolio.add_activity(output_, by=None, code="A1", title="Nairobi course", country=kenya,
                           planned_cost=Decimal("2000.00"))
    portfolio.add_activity(output_, by=None, code="A2", title="Arusha course", country=tanzania,
                           planned_cost=Decimal("6000.00"))
    for project, amounts in ((one, ("100000.01", "33333.33")), (two, ("80000.03", "0.00"))):
        revise_budget(project=project, by=None, reason="Original", lines=[
            {"year": 2008, "segment": "CPCJF-SP", "budget_class": "staff", "amount": Decimal(amounts[0])},
            {"year": 2009, "segment": "CPCJF-SP", "budget_class": "travel", "amount": Decimal(amounts[1])}])
    header = ("document_number,line,date,kind,fund_segment,project_code,budget_class,currency,amount,"
              "contribution_ref,work_unit_code,description")
    lines = [header, "JV-M-1,1,2008-05-01,disbursement,CPCJF-SP,MULTI1,staff,USD,10000.05,,ROEA,staff",
             "JV-M-1,2,2008-06-01,disbursement,CPCJF-SP,MULTI2,staff,USD,999.99,,ROEA,staff"]
    import_expenditure(io.BytesIO("\n".join(lines).encode()), by=None, file_name="multi.csv")
    return {"one": one, "two": two}


def test_a_multi_country_project_gives_each_country_its_share_to_the_cent(users, multi_country):
    admin = users["administrator"]
    doc, engine = output.build(admin, "2008-2009", AS_OF, kind="profile", target="country=KEN")
    table = next(b for b in doc.blocks if b["type"] == "table")
    rows = {r[0].split()[0]: r for r in table["rows"]}
    # MULTI1: 30 % of 133,333.34 and of 10,000.05 (3,000.015 rounds half up); MULTI2: a quarter of 80,000.03 and
    # of 999.99; KENX01 (Kenya only) whole
    assert rows["MULTI1"][2:4] == [Decimal("40000.00"), Decimal("3000.02")]
    assert rows["MULTI2"][2:4] == [Decimal("20000.01"), Decimal("250.00")]
    assert rows["KENX01"][2:4] == [Decimal("200000.50"), Decimal("57000.43")]
    assert [rows[c][6] for c in ("KENX01", "MULTI1", "MULTI2")] == ["100%", "30%", "25%"]
    budget, spent = engine.get("budget:country=KEN").value, engine.get("expenditure:country=KEN").value
    assert (budget, spent) == (Decimal("260000.51"), Decimal("60250.45")) == tuple(table["total"][2:4])
    _doc, uganda = output.build(admin, "2008-2009", AS_OF, kind="profile", target="country=UGA")
    assert (uganda.get("budget:country=UGA").value, uganda.get("expenditure:country=UGA").value) == (
        Decimal("93333.34"), Decimal("7000.04"))
    # a region holding every location of both projects counts them whole
    _doc, africa = output.build(admin, "2008-2009", AS_OF, kind="profile", target="region=002")
    whole = sum((r["budget"] for r in africa._groups["scope:region=002"]["rows"]
                 if r["project"].code.startswith("MULTI")), Decimal(0))
    assert whole == Decimal("133333.34") + Decimal("80000.03")
    # the document states the attributed figures and, in a footnote, how the money was attributed
    blob = output.render(doc, "docx")
    cells = [[c.text for c in r.cells] for t in read_docx(io.BytesIO(blob)).tables for r in t.rows]
    assert ["MULTI1 Border control in East Africa", "Draft", "40,000.00", "3,000.02", "0", "0", "30%"] in cells
    assert any(r[0] == "Total" and r[2:4] == ["260,000.51", "60,250.45"] for r in cells)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        notes = z.read("word/footnotes.xml").decode()
    assert ("Money attributed to Kenya: 1 project by its location percentages; 1 project by the planned cost of its "
            "activities there; 1 project split equally between its locations; the rest of each project") in notes


def test_the_medium_term_report_puts_an_activity_under_the_result_its_output_serves(users, kinds_data, strategy):
    """Activity -> output -> outcome -> project: the output's result first, else the outcome's, else the project's
    (not the project's first result for every activity)."""
    from mandates.portfolio import services as portfolio
    from mandates.strategy.models import StrategyNode

    admin = users["administrator"]
    first = strategy["result"]  # 1.1.1
    second = StrategyNode.objects.create(period=first.period, level=2, code="1.1.2", title="Implementation",
                                         parent=first.parent)
    project = portfolio.create_project(by=None, code="MT1", title="Two results", objective="o", results=[first, second],
                                       strategy_period=first.period, lead_unit=kinds_data["programme"].lead_unit,
                                       start_date=date(2008, 1, 1), end_date=date(2009, 12, 31))
    outcome = portfolio.add_outcome(project, by=None, code="OC1", title="t")  # serves no result itself
    serves_second = portfolio.add_output(outcome, by=None, code="OP1", title="t", results=[second])
    plain = portfolio.add_output(outcome, by=None, code="OP2", title="t")  # falls back to the project's first
    other_outcome = portfolio.add_outcome(project, by=None, code="OC2", title="t", results=[second])
    via_outcome = portfolio.add_output(other_outcome, by=None, code="OP3", title="t")
    for output_, code, cost in ((serves_second, "A1", "1234.56"), (plain, "A2", "100.01"),
                                (via_outcome, "A3", "10.10")):
        portfolio.add_activity(output_, by=None, code=code, title=code, planned_cost=Decimal(cost))
    doc, engine = output.build(admin, "2008-2009", AS_OF, kind="medium_term")
    # 1.1.1 keeps the test world's 50,000.60 plus A2; 1.1.2 gets A1 (its output) and A3 (its outcome)
    assert engine.get("planned_cost:1.1.1").value == Decimal("50000.60") + Decimal("100.01")
    assert engine.get("planned_cost:1.1.2").value == Decimal("1234.56") + Decimal("10.10")
    assert engine.get("planned_cost:all").value == Decimal("51345.27")
    table = next(b for b in doc.blocks if b["type"] == "table")
    rows = {r[0]: r for r in table["rows"]}
    assert rows["1.1.2"][2:5] == [1, 2, Decimal("1244.66")] and rows["1.1.1"][2:4] == [2, 3]
    assert table["total"][2:5] == [2, 5, Decimal("51345.27")]  # MT1 serves both results: counted once in the total
    from mandates.reporting.facts import records

    listed = records(engine, "planned_cost:1.1.2")["rows"]
    assert sorted(cells[0] for cells, _url in listed) == ["A1 A1", "A3 A3"]


def test_a_delivery_counts_in_the_profile_of_the_place_where_it_took_place(users, multi_country, tc_data):
    """Money is shared between a project's places; a delivery is counted once, where it happened. A delivery
    with no place recorded counts for a place only when its project works nowhere else."""
    from mandates.geography.models import Country

    from .world import add_delivery

    kenya, uganda, tanzania = (Country.objects.get(iso3=c) for c in ("KEN", "UGA", "TZA"))
    one, two, ken = multi_country["one"], multi_country["two"], tc_data["kenya_project"]
    add_delivery(one, "workshop", date(2009, 4, 2), 50, uganda, "Kampala border workshop")
    add_delivery(one, "training", date(2009, 5, 3), 10, kenya, "Nairobi border training")
    add_delivery(two, "publication", date(2009, 6, 4), 0, None, "Prosecutors' manual")  # no place, two countries
    add_delivery(two, "training", date(2009, 7, 5), 20, tanzania, "Arusha prosecutors' course")
    add_delivery(ken, "publication", date(2009, 8, 6), 5, None, "Witness guide")  # no place, Kenya only
    from mandates.geography.models import Area

    regional = add_delivery(one, "workshop", date(2009, 9, 7), 7, None, "East African regional meeting")
    regional.area = Area.objects.get(m49_code="002")  # a regional delivery: Africa's, no country's
    regional.save()
    admin = users["administrator"]

    def counted(target):
        doc, engine = output.build(admin, "2008-2009", AS_OF, kind="profile", target=target)
        table = next(b for b in doc.blocks if b["type"] == "table")
        rows = {r[0].split()[0]: (r[4], r[5]) for r in table["rows"]}
        assert tuple(table["total"][4:6]) == (engine.get(f"scope_deliveries:{target}").value,
                                              engine.get(f"scope_participants:{target}").value)
        return rows, tuple(table["total"][4:6]), doc

    kenya_rows, kenya_total, doc = counted("country=KEN")
    # KENX01: its two Nairobi deliveries of the test world and its placeless guide; MULTI1: Nairobi only
    assert kenya_rows == {"KENX01": (3, 70), "MULTI1": (1, 10), "MULTI2": (0, 0)}
    assert kenya_total == (4, 80)
    uganda_rows, _total, _doc = counted("country=UGA")
    assert uganda_rows == {"MULTI1": (1, 50)}
    tanzania_rows, _total, _doc = counted("country=TZA")
    assert tanzania_rows == {"MULTI2": (1, 20)}
    africa_rows, _total, _doc = counted("region=002")  # every place of the three projects is in Africa
    assert {c: africa_rows[c] for c in ("KENX01", "MULTI1", "MULTI2")} == {
        "KENX01": (3, 70), "MULTI1": (3, 67), "MULTI2": (2, 20)}
    # the Word table states the same counts
    blob = output.render(doc, "docx")
    cells = [[c.text for c in r.cells] for t in read_docx(io.BytesIO(blob)).tables for r in t.rows]
    assert ["MULTI1 Border control in East Africa", "Draft", "40,000.00", "3,000.02", "1", "10", "30%"] in cells
    assert any(r[0] == "Total" and r[4:6] == ["4", "80"] for r in cells)
