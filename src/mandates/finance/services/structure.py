"""The fund structure and budget classes from the data files; reserves, opening balances and
regular-budget allotments set by the finance officer; where a coded amount goes (apportionment)."""
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .. import money
from ..models import (
    Apportionment,
    Biennium,
    BudgetClass,
    Fund,
    FundSegment,
    RegularBudgetAllotment,
    SegmentGroup,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STRUCTURE_FILE = DATA_DIR / "fund_structure.yaml"
BUDGET_CLASS_FILE = DATA_DIR / "budget_classes.yaml"


def _set(obj, **values) -> bool:
    """Assign values; True when something changed (so unchanged rows are not saved again)."""
    changed = obj.pk is None
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _save_if(obj, changed: bool) -> None:
    if changed:
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()


@transaction.atomic
def load_budget_classes(path: Path = BUDGET_CLASS_FILE, *, by=None) -> int:
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    with acting_as(by):
        for order, row in enumerate(rows):
            obj = BudgetClass.objects.filter(code=row["code"]).first() or BudgetClass(code=row["code"])
            _save_if(obj, _set(obj, name=row["name"], order=order))
    return len(rows)


@transaction.atomic
def load_fund_structure(path: Path = STRUCTURE_FILE, *, by=None) -> int:
    """Create or update funds, bienniums, segments, groups and apportionments from the YAML file.

    Idempotent: running it twice changes nothing. Returns the number of bienniums.
    Also loads the budget classes.
    """
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    load_budget_classes(by=by)
    with acting_as(by):
        funds = {}
        for order, row in enumerate(data["funds"]):
            fund = Fund.objects.filter(code=row["code"]).first() or Fund(code=row["code"])
            _save_if(fund, _set(fund, name=row["name"], short_name=row.get("short_name", ""), kind=row["kind"],
                                order=order))
            funds[fund.code] = fund
        for row in data["bienniums"]:
            _load_biennium(row, funds)
    return len(data["bienniums"])


def _load_biennium(row: dict, funds: dict) -> Biennium:
    code = str(row["code"])
    biennium = Biennium.objects.filter(code=code).first() or Biennium(code=code)
    apportionment = row.get("apportionment") or {}
    _save_if(biennium, _set(
        biennium, title=row["title"], start_year=row["start_year"], end_year=row["end_year"],
        psc_rate=Decimal(str(row.get("psc_rate", "13.00"))), general_purpose=row["general_purpose"],
        apportionment_code=apportionment.get("code", ""), apportionment_name=apportionment.get("name", ""),
        apportionment_source=(apportionment.get("source") or "").strip(),
    ))
    segments = {}
    for order, seg in enumerate(row["segments"]):
        obj = FundSegment.objects.filter(biennium=biennium, code=seg["code"]).first() or FundSegment(
            biennium=biennium, code=seg["code"])
        _save_if(obj, _set(obj, fund_id=funds[seg["fund"]].pk, kind=seg["kind"], name=seg["name"], order=order))
        segments[obj.code] = obj
    grouped = {}
    for order, grp in enumerate(row.get("groups") or []):
        group = SegmentGroup.objects.filter(biennium=biennium, code=grp["code"]).first() or SegmentGroup(
            biennium=biennium, code=grp["code"])
        _save_if(group, _set(group, name=grp["name"], source=grp.get("source", ""), order=order))
        for seg_code in grp["segments"]:
            grouped[seg_code] = group
    for seg_code, obj in segments.items():
        group = grouped.get(seg_code)
        if obj.group_id != (group.pk if group else None):
            obj.group = group
            obj.save()
    shares = apportionment.get("shares") or {}
    if shares:
        if sum(Decimal(str(v)) for v in shares.values()) != Decimal(100):
            raise ValidationError({"apportionment": _("The shares of %(code)s must add up to 100 %%.") % {"code": code}})
        for fund_code in shares:
            gp = [s for s in segments.values() if s.fund_id == funds[fund_code].pk and s.kind == "general_purpose"]
            if len(gp) != 1:
                raise ValidationError({"apportionment": _("%(fund)s needs one general-purpose segment in %(code)s.") % {
                    "fund": fund_code, "code": code}})
    for fund_code, share in shares.items():
        obj = Apportionment.objects.filter(biennium=biennium, fund=funds[fund_code]).first() or Apportionment(
            biennium=biennium, fund=funds[fund_code])
        _save_if(obj, _set(obj, share=Decimal(str(share))))
    Apportionment.objects.filter(biennium=biennium).exclude(fund__code__in=list(shares)).delete()
    return biennium


# --- lookups used by budgets and imports -----------------------------------------------------------
class StructureIndex:
    """Bienniums, segments, apportionments and budget classes read once (a constant number of queries)."""

    def __init__(self):
        self.bienniums = list(Biennium.objects.all())
        self.segments = {(s.biennium_id, s.code): s for s in FundSegment.objects.select_related("fund", "biennium")}
        self.groups = {(g.biennium_id, g.code): g for g in SegmentGroup.objects.all()}
        self.shares: dict[int, list[tuple[int, Decimal]]] = {}
        for a in Apportionment.objects.order_by("biennium", "-share", "fund__code"):
            self.shares.setdefault(a.biennium_id, []).append((a.fund_id, a.share))
        self.classes = {c.code: c for c in BudgetClass.objects.all()}

    def biennium_for_year(self, year: int) -> Biennium | None:
        return next((b for b in self.bienniums if b.start_year <= year <= b.end_year), None)

    def gp_segment(self, biennium: Biennium, fund_id: int) -> FundSegment:
        return next(s for (b, _c), s in self.segments.items()
                    if b == biennium.pk and s.fund_id == fund_id and s.kind == FundSegment.Kind.GENERAL_PURPOSE)

    def allocate(self, biennium: Biennium, code: str, amount: Decimal) -> list[tuple[FundSegment, Decimal, bool]]:
        """Where an amount coded ``code`` in ``biennium`` goes: [(segment, amount, apportioned)].

        A segment code gives that segment; the biennium's apportionment code (2008-2009: GP) gives each
        fund's general-purpose segment its share. Raises ValueError with a message otherwise.
        """
        code = (code or "").strip()
        segment = self.segments.get((biennium.pk, code))
        if segment is not None:
            return [(segment, amount, False)]
        if biennium.is_apportioned and code and code == biennium.apportionment_code:
            shares = self.shares.get(biennium.pk) or []
            if not shares:
                raise ValueError(f"no apportionment ratio is set for {biennium}")
            parts = money.split(amount, [share for _fund, share in shares])
            return [(self.gp_segment(biennium, fund_id), part, True) for (fund_id, _s), part in zip(shares, parts)]
        if (biennium.pk, code) in self.groups:
            members = ", ".join(sorted(c for (b, c), s in self.segments.items()
                                       if b == biennium.pk and s.group_id == self.groups[(biennium.pk, code)].pk))
            raise ValueError(f"“{code}” is a presentation group in {biennium}; use one of its segments ({members})")
        raise ValueError(f"unknown fund segment “{code}” for {biennium}")


# --- settings the finance officer changes ----------------------------------------------------------
@transaction.atomic
def set_reserve(target: FundSegment | SegmentGroup, *, amount, by) -> FundSegment | SegmentGroup:
    try:
        value = money.parse_amount(amount)
    except ValueError as exc:
        raise ValidationError({"reserve": str(exc)})
    if value < 0:
        raise ValidationError({"reserve": _("The reserve cannot be negative.")})
    target.reserve = value
    with acting_as(by):
        target.save(update_fields=["reserve"])
    return target


@transaction.atomic
def set_opening_balance(segment: FundSegment, *, amount, by) -> FundSegment:
    """Record a segment's opening balance (None: carry forward the previous biennium's closing balance)."""
    if amount in (None, ""):
        value = None
    else:
        try:
            value = money.parse_amount(amount)
        except ValueError as exc:
            raise ValidationError({"opening_balance": str(exc)})
    segment.opening_balance = value
    with acting_as(by):
        segment.save(update_fields=["opening_balance"])
    return segment


@transaction.atomic
def save_allotment(*, segment: FundSegment, year: int, amount, reference: str = "", by,
                   is_demo: bool = False) -> RegularBudgetAllotment:
    """Set the regular-budget allotment of a section for a year (creates or replaces it)."""
    errors = {}
    if segment.kind != FundSegment.Kind.REGULAR_BUDGET:
        errors["segment"] = _("Allotments are recorded on regular-budget sections only.")
    if not (segment.biennium.start_year <= int(year) <= segment.biennium.end_year):
        errors["year"] = _("%(year)s is not in the biennium %(biennium)s.") % {"year": year, "biennium": segment.biennium}
    try:
        value = money.parse_amount(amount)
        if value < 0:
            errors["amount"] = _("An allotment cannot be negative.")
    except ValueError as exc:
        errors["amount"] = str(exc)
    if errors:
        raise ValidationError(errors)
    allotment = RegularBudgetAllotment.objects.filter(segment=segment, year=year).first() or RegularBudgetAllotment(
        segment=segment, year=year)
    if allotment.pk and allotment.amount == value and allotment.reference == reference:
        return allotment
    allotment.amount, allotment.reference, allotment.is_demo = value, reference, is_demo
    with acting_as(by):
        allotment.save()
    return allotment
