"""Progress of an indicator: share of target achieved and status, by the rules in
``data/progress_rules.yaml`` (documented in ``data/README.md`` and on the pages).

Pure functions over already-loaded numbers, so that lists and the implementation plan compute
progress for many indicators without a query per indicator.
"""
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

RULES_FILE = Path(__file__).resolve().parent / "data" / "progress_rules.yaml"

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on_track", "at_risk", "off_track", "no_data"
STATUS_LABELS = {ON_TRACK: _("On track"), AT_RISK: _("At risk"), OFF_TRACK: _("Off track"), NO_DATA: _("No data")}


@lru_cache(maxsize=1)
def thresholds() -> tuple[Decimal, Decimal]:
    with open(RULES_FILE, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return Decimal(str(raw["on_track"])), Decimal(str(raw["at_risk"]))


@dataclass
class Progress:
    status: str
    year: int | None = None  # the period assessed
    actual: Decimal | None = None  # to date (sum) or of that year (level)
    target: Decimal | None = None
    share: Decimal | None = None  # 0.85 = 85 % of the way from baseline to target
    reason: str = ""

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def percent(self) -> Decimal | None:
        return None if self.share is None else (self.share * 100).quantize(Decimal("1"))

    def as_dict(self) -> dict:
        return {
            "status": self.status, "label": self.label, "year": self.year,
            "actual": None if self.actual is None else str(self.actual),
            "target": None if self.target is None else str(self.target),
            "share": None if self.share is None else str(self.share.quantize(Decimal("0.0001"))),
            "reason": self.reason,
        }


def status_for_share(share: Decimal) -> str:
    on_track, at_risk = thresholds()
    if share >= on_track:
        return ON_TRACK
    if share >= at_risk:
        return AT_RISK
    return OFF_TRACK


def share_of_target(actual: Decimal, target: Decimal, baseline: Decimal | None) -> Decimal | None:
    """(actual - baseline) / (target - baseline) with a baseline, else actual / target; None if undefined."""
    if baseline is not None and target != baseline:
        return (actual - baseline) / (target - baseline)
    if target == 0:
        return None
    return actual / target


def compute(*, kind: str, aggregation: str, baseline: Decimal | None, targets: dict[int, Decimal | None],
            actuals: dict[int, Decimal | None], ratings: dict[int, str] | None = None,
            as_of_year: int | None = None) -> Progress:
    """Progress as of ``as_of_year`` (default: the latest year with an actual).

    ``targets`` and ``actuals`` map year -> value (approved or delivery-based actuals only).
    - Qualitative indicators: the status is the rating approved with the latest value.
    - "sum" indicators: actual to date = sum of actuals up to the year; target to date = sum of
      targets up to that year.
    - "latest" indicators: the latest actual up to the year against the target of that same year
      (or, if that year has none, the nearest earlier target).
    """
    years_with_actual = sorted(y for y, v in actuals.items() if v is not None and (as_of_year is None or y <= as_of_year))
    if kind == "qualitative":
        rated = sorted(y for y, r in (ratings or {}).items() if r and (as_of_year is None or y <= as_of_year))
        if not rated:
            return Progress(NO_DATA, reason="No approved assessment yet.")
        year = rated[-1]
        return Progress(ratings[year], year=year, reason="Rating approved with the value of the period.")
    if not years_with_actual:
        return Progress(NO_DATA, reason="No approved or delivery-based actual value yet.")
    year = as_of_year if (as_of_year is not None and aggregation == "sum") else years_with_actual[-1]
    if aggregation == "sum":
        actual = sum((v for y, v in actuals.items() if v is not None and y <= year), Decimal(0))
        target_years = [y for y, v in targets.items() if v is not None and y <= year]
        if not target_years:
            return Progress(NO_DATA, year=year, actual=actual, reason="No target up to this period.")
        target = sum((targets[y] for y in target_years), Decimal(0))
    else:
        actual = actuals[year]
        earlier = [y for y, v in targets.items() if v is not None and y <= year]
        if not earlier:
            later = sorted(y for y, v in targets.items() if v is not None)
            if not later:
                return Progress(NO_DATA, year=year, actual=actual, reason="No target set.")
            target = targets[later[0]]
        else:
            target = targets[max(earlier)]
    share = share_of_target(actual, target, baseline)
    if share is None:
        return Progress(NO_DATA, year=year, actual=actual, target=target, reason="The target is zero.")
    return Progress(status_for_share(share), year=year, actual=actual, target=target, share=share)
