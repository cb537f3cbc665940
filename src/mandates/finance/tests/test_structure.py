from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from mandates.finance import money
from mandates.finance.models import Apportionment, Biennium, BudgetClass, FundSegment, SegmentGroup
from mandates.finance.services import StructureIndex, load_fund_structure
from mandates.finance.services.structure import STRUCTURE_FILE


@pytest.mark.django_db
def test_structure_comes_from_the_data_file_and_loading_twice_changes_nothing(structure):
    assert set(structure) == {"2008-2009", "2010-2011"}
    entries = LogEntry.objects.count()
    segments = FundSegment.objects.count()
    load_fund_structure()
    assert LogEntry.objects.count() == entries and FundSegment.objects.count() == segments
    kinds = set(FundSegment.objects.filter(biennium=structure["2008-2009"], fund__code="CPCJF")
                .values_list("kind", flat=True))
    assert kinds == {"general_purpose", "special_purpose", "programme_support"}
    assert FundSegment.objects.filter(biennium=structure["2008-2009"], kind="regular_budget").count() >= 1
    assert BudgetClass.objects.filter(code__in=["staff", "consultants", "travel", "training", "equipment", "grants",
                                                "operating"]).count() == 7


@pytest.mark.django_db
def test_both_general_purpose_arrangements_are_carried(structure):
    apportioned, consolidated = structure["2008-2009"], structure["2010-2011"]
    assert apportioned.is_apportioned and not consolidated.is_apportioned
    shares = {a.fund.code: a.share for a in Apportionment.objects.filter(biennium=apportioned)}
    assert shares == {"UNDCP": Decimal("75.00"), "CPCJF": Decimal("25.00")}
    assert not Apportionment.objects.filter(biennium=consolidated).exists()
    gp = SegmentGroup.objects.get(biennium=consolidated, code="GP")
    assert set(gp.segments.values_list("code", flat=True)) == {"UNDCP-GP", "CPCJF-GP"}
    # special-purpose money stays separate in the consolidated biennium
    assert not FundSegment.objects.filter(biennium=consolidated, kind="special_purpose", group__isnull=False).exists()
    assert not SegmentGroup.objects.filter(biennium=apportioned).exists()


@pytest.mark.django_db
def test_apportionment_code_splits_between_the_funds_and_a_group_code_is_refused(structure):
    index = StructureIndex()
    parts = index.allocate(structure["2008-2009"], "GP", Decimal("1000.01"))
    assert {(s.code, a) for s, a, _ in parts} == {("UNDCP-GP", Decimal("750.01")), ("CPCJF-GP", Decimal("250.00"))}
    assert all(apportioned for _s, _a, apportioned in parts)
    with pytest.raises(ValueError, match="presentation group"):
        index.allocate(structure["2010-2011"], "GP", Decimal("10"))
    with pytest.raises(ValueError, match="unknown fund segment"):
        index.allocate(structure["2008-2009"], "NOPE", Decimal("10"))


@pytest.mark.django_db
def test_shares_that_do_not_add_up_to_100_are_refused_and_nothing_is_written(tmp_path, db):
    text = STRUCTURE_FILE.read_text().replace('CPCJF: "25.00"', 'CPCJF: "20.00"')
    bad = tmp_path / "structure.yaml"
    bad.write_text(text)
    with pytest.raises(ValidationError):
        load_fund_structure(bad)
    assert not Biennium.objects.exists()


@given(amount=st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2),
       shares=st.lists(st.integers(min_value=1, max_value=99), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None)
def test_a_split_adds_up_exactly_and_each_part_is_within_a_cent(amount, shares):
    shares = [Decimal(s) for s in shares]
    parts = money.split(amount, shares)
    assert sum(parts) == amount
    total = sum(shares)
    for part, share in zip(parts, shares):
        assert abs(part - amount * share / total) < Decimal("0.01")


def test_amounts_are_parsed_as_decimals_and_bad_ones_explained():
    assert money.parse_amount("1234.5") == Decimal("1234.50")
    assert money.parse_amount(0.1) == Decimal("0.10")
    for bad in ("1,234.50", "abc", "", "1.234", "NaN"):
        with pytest.raises(ValueError):
            money.parse_amount(bad)
    assert money.to_usd(Decimal("100.00"), Decimal("0.8")) == Decimal("125.00")
    assert money.to_usd(Decimal("1.00"), Decimal("3")) == Decimal("0.33")
    assert money.is_currency("EUR") and not money.is_currency("EUX")
