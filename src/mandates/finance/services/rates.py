"""UN operational rates of exchange: lookup and CSV import.

CSV format (UTF-8, comma-separated, header row)::

    month,currency,units_per_usd
    2008-01,EUR,0.680000

``month`` is ``YYYY-MM``; ``currency`` an ISO 4217 code; ``units_per_usd`` how many units of the
currency one US dollar buys in that month (a positive decimal with a point). The import is atomic
(one bad row: nothing written, every error listed by row number) and idempotent (a row already
present with the same rate changes nothing; a different rate replaces it).
"""
import csv
import hashlib
import io
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as
from mandates.core.uploads import guarded_rows, read_limited

from .. import money
from ..models import ExchangeRate, ImportBatch

RATE_COLUMNS = ("month", "currency", "units_per_usd")


class RateTable:
    """The rates of a set of currencies, read in one query, for converting many rows."""

    def __init__(self, currencies=None):
        qs = ExchangeRate.objects.all()
        if currencies is not None:
            qs = qs.filter(currency__in=[c for c in currencies if c != money.USD])
        self.rates = {(r.currency, r.month): r.units_per_usd for r in qs}

    def rate(self, currency: str, day: date) -> Decimal:
        """Units per USD for the month of ``day``; ValueError with a message when unknown."""
        if currency == money.USD:
            return Decimal("1")
        if not money.is_currency(currency):
            raise ValueError(f"unknown currency “{currency}” (use an ISO 4217 code such as EUR)")
        month = money.first_of_month(day)
        try:
            return self.rates[(currency, month)]
        except KeyError:
            raise ValueError(f"no rate of exchange for {currency} in {month:%B %Y}; import that month's rates first")


def rate_for(currency: str, day: date) -> Decimal:
    return RateTable([currency]).rate(currency, day)


MAX_RATE = Decimal(10) ** 12  # units_per_usd holds 18 digits, six of them decimals


def _read_text(upload) -> tuple[str, bytes]:
    raw = read_limited(upload)
    return raw.decode("utf-8-sig"), raw


@transaction.atomic
def import_exchange_rates(upload, *, by, file_name: str = "", is_demo: bool = False) -> ImportBatch:
    """Import a rates CSV (a path or an uploaded file). Raises ValidationError({"file": [row errors]})."""
    try:
        text, raw = _read_text(upload)
    except UnicodeDecodeError:
        raise ValidationError({"file": [_("The file is not UTF-8 text (save it as CSV UTF-8).")]})
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in RATE_COLUMNS if c not in header]
    if missing:
        raise ValidationError({"file": [_("Row 1: missing column(s) %(columns)s.") % {"columns": ", ".join(missing)}]})
    errors, parsed, seen = [], {}, {}
    for number, row in enumerate(guarded_rows(reader), start=2):
        if None in row:
            errors.append(_("Row %(number)s: has %(count)s more cell(s) than the header.") % {
                "number": number, "count": len(row[None])})
            continue
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        problems = []
        currency = row["currency"].upper()
        if not money.is_currency(currency) or currency == money.USD:
            problems.append(_("unknown currency “%(currency)s”") % {"currency": row["currency"]}
                            if currency != money.USD else _("USD needs no rate"))
        try:
            year, month = (int(p) for p in row["month"].split("-"))
            month_start = date(year, month, 1)
        except (ValueError, TypeError, OverflowError):
            problems.append(_("month “%(month)s” is not YYYY-MM") % {"month": row["month"]})
            month_start = None
        try:
            rate = Decimal(row["units_per_usd"])
            if not rate.is_finite() or rate <= 0:
                raise InvalidOperation
            if rate >= MAX_RATE:
                problems.append(_("units_per_usd “%(rate)s” is too large (at most %(most)s.999999)") % {
                    "rate": row["units_per_usd"][:40], "most": MAX_RATE - 1})
            elif rate != rate.quantize(Decimal("0.000001")):
                problems.append(_("units_per_usd has more than six decimals"))
        except InvalidOperation:
            problems.append(_("units_per_usd “%(rate)s” is not a positive number") % {"rate": row["units_per_usd"][:40]})
            rate = None
        key = (currency, month_start)
        if not problems and key in seen:
            problems.append(_("repeats row %(row)s (%(currency)s %(month)s)") % {
                "row": seen[key], "currency": currency, "month": row["month"]})
        if problems:
            errors.append(_("Row %(number)s: %(problems)s.") % {"number": number, "problems": "; ".join(problems)})
            continue
        seen[key] = number
        parsed[key] = rate
    if errors:
        raise ValidationError({"file": errors})
    if not parsed:
        raise ValidationError({"file": [_("The file has no rates.")]})
    existing = {(r.currency, r.month): r for r in ExchangeRate.objects.filter(
        currency__in={c for c, _m in parsed}, month__in={m for _c, m in parsed})}
    batch = ImportBatch(kind=ImportBatch.Kind.RATES, file_name=file_name or getattr(upload, "name", str(upload)),
                        sha256=hashlib.sha256(raw).hexdigest(), rows=len(parsed),
                        imported_by=by if getattr(by, "is_authenticated", False) else None)
    with acting_as(by):
        for (currency, month), rate in parsed.items():
            current = existing.get((currency, month))
            if current is None:
                ExchangeRate.objects.create(currency=currency, month=month, units_per_usd=rate, is_demo=is_demo)
                batch.created += 1
            elif current.units_per_usd != rate:
                current.units_per_usd, current.is_demo = rate, is_demo
                current.save()
                batch.updated += 1
            else:
                batch.unchanged += 1
        batch.save()
    return batch
