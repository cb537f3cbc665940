"""A report's period (a biennium of the finance data) and its as-at date, checked against the data."""
import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.db.models import Min
from django.utils.translation import gettext as _


class ReportError(Exception):
    """Bad input for a report (unknown period, impossible date, missing template): shown, never a 500."""


@dataclass(frozen=True)
class Period:
    code: str
    start: date
    end: date
    biennium: object  # finance.Biennium

    @property
    def start_year(self) -> int:
        return self.start.year


def first_record_date() -> date | None:
    """The earliest date any source of report figures knows (treaty events, contributions, deliveries)."""
    from mandates.finance.models import Contribution
    from mandates.results.models import Delivery
    from mandates.treaties.models import TreatyEvent

    dates = [TreatyEvent.objects.aggregate(d=Min("date"))["d"],
             Contribution.objects.aggregate(d=Min("date"))["d"],
             Delivery.objects.aggregate(d=Min("start_date"))["d"]]
    dates = [d for d in dates if d]
    return min(dates) if dates else None


def resolve(period_code: str, as_of) -> tuple[Period, date]:
    """The period and as-at date of a report, or a ReportError that says what is wrong."""
    from mandates.finance.models import Biennium

    code = (period_code or "").strip()
    biennium = Biennium.objects.filter(code=code).first()
    if biennium is None:
        known = ", ".join(Biennium.objects.order_by("start_year").values_list("code", flat=True)) or _("none")
        raise ReportError(_("There is no period “%(code)s”. Known periods: %(known)s.") % {"code": code,
                                                                                         "known": known})
    if isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of.strip())
        except ValueError:
            raise ReportError(_("“%(value)s” is not a date (use YYYY-MM-DD).") % {"value": as_of}) from None
    period = Period(code=biennium.code, start=biennium.start_date, end=biennium.end_date, biennium=biennium)
    as_of = as_of or period.end
    first = first_record_date()
    if first is None:
        raise ReportError(_("There are no records yet to report on."))
    if as_of < first:
        raise ReportError(_("The as-at date %(as_of)s is before the first record in the data (%(first)s).")
                          % {"as_of": as_of.isoformat(), "first": first.isoformat()})
    if as_of < period.start:
        raise ReportError(_("The as-at date %(as_of)s is before the period %(code)s begins.")
                          % {"as_of": as_of.isoformat(), "code": period.code})
    return period, as_of


PREVIOUS_REPORTS = Path(__file__).parent / "data" / "previous_reports.csv"


@lru_cache
def _previous_reports() -> tuple[tuple[str, date], ...]:
    with PREVIOUS_REPORTS.open(encoding="utf-8", newline="") as fh:
        return tuple((row["kind"], date.fromisoformat(row["as_of"])) for row in csv.DictReader(fh))


def previous_report_as_of(as_of: date, kind: str = "technical_cooperation") -> date | None:
    """The as-at date of the latest earlier report on the item (data/previous_reports.csv): the reporting
    period of a report runs from the day after it. None when no earlier report is recorded."""
    earlier = [d for k, d in _previous_reports() if k == kind and d < as_of]
    return max(earlier) if earlier else None
