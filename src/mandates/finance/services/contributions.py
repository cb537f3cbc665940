"""Donors, their readers, and contributions (validated, converted at the month's rate, audited)."""
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mandates.core.audit import acting_as

from .. import money
from ..models import Contribution, Donor, DonorReader, FundSegment
from .rates import RateTable

DONOR_FIELDS = ("name", "short_name", "kind", "country", "partner", "iati_organisation_ref", "is_demo")
CONTRIBUTION_FIELDS = ("reference", "donor", "segment", "date", "currency", "amount", "received_amount",
                       "earmarking", "theme", "area", "programme", "project", "psc_rate", "description", "is_demo")
TARGETS = ("theme", "area", "programme", "project")


@transaction.atomic
def save_donor(donor: Donor | None = None, *, by, **data) -> Donor:
    donor = donor or Donor()
    for key in DONOR_FIELDS:
        if key in data:
            setattr(donor, key, data[key])
    donor.name = (donor.name or "").strip()
    if Donor.objects.filter(name__iexact=donor.name).exclude(pk=donor.pk).exists():
        raise ValidationError({"name": _("A donor named “%(name)s” already exists.") % {"name": donor.name}})
    if donor.country_id and Donor.objects.filter(country_id=donor.country_id).exclude(pk=donor.pk).exists():
        raise ValidationError({"country": _("%(country)s is already a donor.") % {"country": donor.country}})
    donor.full_clean(validate_unique=False)
    with acting_as(by):
        donor.save()
    return donor


@transaction.atomic
def assign_donor_reader(user, donor: Donor, *, by) -> DonorReader:
    """Let a user with the donor-reader role see this donor's contributions."""
    if user.role != "donor_reader":
        raise ValidationError({"user": _("Only a user with the role “Donor reader” reads a donor's contributions.")})
    reader = DonorReader.objects.filter(user=user).first() or DonorReader(user=user)
    reader.donor = donor
    with acting_as(by):
        reader.save()
    return reader


def _status(amount: Decimal, received: Decimal) -> str:
    if received <= 0:
        return Contribution.Status.PLEDGED
    return Contribution.Status.RECEIVED if received >= amount else Contribution.Status.PARTLY_RECEIVED


def _check_targets(c: Contribution, errors: dict) -> None:
    chosen = [t for t in TARGETS if getattr(c, f"{t}_id")]
    if c.earmarking == Contribution.Earmarking.GENERAL_PURPOSE:
        for t in chosen:
            errors[t] = _("General-purpose money is not earmarked: leave this empty.")
        if c.psc_rate is not None:
            errors["psc_rate"] = _("Programme support cost is charged on special-purpose money only.")
    elif c.earmarking == Contribution.Earmarking.SOFT:
        soft = [t for t in chosen if t != "project"]
        if "project" in chosen:
            errors["project"] = _("A project makes the earmark hard: choose “Hard-earmarked”.")
        if len(soft) != 1:
            errors["earmarking"] = _("A soft earmark names exactly one theme, region or programme.")
    elif c.earmarking == Contribution.Earmarking.HARD:
        if not c.project_id:
            errors["project"] = _("A hard-earmarked contribution names its project.")
        for t in chosen:
            if t != "project":
                errors[t] = _("A hard earmark names a project only.")


def _check_segment(c: Contribution, errors: dict) -> None:
    if not c.segment_id:
        errors["segment"] = _("Choose the fund segment that receives the money.")
        return
    segment = c.segment
    wanted = (FundSegment.Kind.GENERAL_PURPOSE if c.earmarking == Contribution.Earmarking.GENERAL_PURPOSE
              else FundSegment.Kind.SPECIAL_PURPOSE)
    if segment.kind != wanted:
        errors["segment"] = _(
            "%(kind)s money does not come from contributions of this kind: choose a %(wanted)s segment."
        ) % {"kind": segment.get_kind_display(), "wanted": FundSegment.Kind(wanted).label.lower()}
    if c.date and not (segment.biennium.start_date <= c.date <= segment.biennium.end_date):
        errors["date"] = _("The date is outside the biennium %(biennium)s of the chosen segment.") % {
            "biennium": segment.biennium}


@transaction.atomic
def save_contribution(contribution: Contribution | None = None, *, by, **data) -> Contribution:
    """Create or update a pledge/contribution. Converts to US dollars at the rate of the month of
    ``date`` (kept on the row with the original amount), derives the receipt status."""
    c = contribution or Contribution()
    before = (c.date, c.currency, c.amount) if c.pk else None
    for key in CONTRIBUTION_FIELDS:
        if key in data:
            setattr(c, key, data[key])
    errors: dict[str, str] = {}
    c.reference = (c.reference or "").strip()
    c.currency = (c.currency or "").strip().upper()
    if not c.reference:
        errors["reference"] = _("Give the pledge or agreement reference.")
    elif Contribution.objects.filter(reference__iexact=c.reference).exclude(pk=c.pk).exists():
        errors["reference"] = _("A contribution “%(reference)s” already exists.") % {"reference": c.reference}
    if not c.donor_id:
        errors["donor"] = _("Choose the donor.")
    if not money.is_currency(c.currency):
        errors["currency"] = _("Unknown currency “%(currency)s”: use an ISO 4217 code such as EUR.") % {
            "currency": c.currency}
    for field in ("amount", "received_amount"):
        value = getattr(c, field)
        if value in (None, "") and field == "received_amount":
            value = Decimal("0")
        try:
            value = money.parse_amount(value)
            setattr(c, field, value)
        except ValueError as exc:
            errors[field] = str(exc).capitalize() + "."
    if "amount" not in errors and c.amount <= 0:
        errors["amount"] = _("The amount must be more than zero.")
    if "received_amount" not in errors and c.received_amount < 0:
        errors["received_amount"] = _("The amount received cannot be negative.")
    if not errors.keys() & {"amount", "received_amount"} and c.received_amount > c.amount:
        errors["received_amount"] = _("More cannot be received than was pledged.")
    if c.earmarking not in Contribution.Earmarking.values:
        errors["earmarking"] = _("Choose how the money is earmarked.")
    else:
        _check_targets(c, errors)
    if not isinstance(c.date, date):
        errors["date"] = _("Give the date of the pledge or agreement.")
    _check_segment(c, errors)
    if c.psc_rate not in (None, "") and "psc_rate" not in errors:
        rate = Decimal(str(c.psc_rate))
        if not (0 <= rate <= 100):
            errors["psc_rate"] = _("A rate is between 0 and 100 %.")
    if not errors.keys() & {"currency", "date", "amount", "received_amount"}:
        if before is None or before != (c.date, c.currency, c.amount) or not c.rate:
            try:
                c.rate = RateTable([c.currency]).rate(c.currency, c.date)
            except ValueError as exc:
                errors["currency"] = str(exc).capitalize() + "."
            c.rate_month = money.first_of_month(c.date)
        if "currency" not in errors:
            c.usd_amount = money.to_usd(c.amount, c.rate)
            c.received_usd = (c.usd_amount if c.received_amount == c.amount
                              else money.to_usd(c.received_amount, c.rate))
            c.status = _status(c.amount, c.received_amount)
    if errors:
        raise ValidationError(errors)
    c.full_clean(validate_unique=False, validate_constraints=False)
    with acting_as(by):
        c.save()
    return c


@transaction.atomic
def record_receipt(contribution: Contribution, *, amount, by) -> Contribution:
    """Add money received (in the contribution's currency) to what was received before."""
    try:
        value = money.parse_amount(amount)
    except ValueError as exc:
        raise ValidationError({"amount": str(exc).capitalize() + "."})
    if value <= 0:
        raise ValidationError({"amount": _("A receipt is more than zero.")})
    if contribution.received_amount + value > contribution.amount:
        raise ValidationError({"amount": _("More cannot be received than was pledged.")})
    return save_contribution(contribution, by=by, received_amount=contribution.received_amount + value)
