"""Writes to indicators, targets and reported values: validated, in a transaction, audited.

Deliveries are written by ``services.deliveries`` (re-exported by the package). Every function raises
``ValidationError({field: message})`` on bad input and then saves nothing.
"""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandates.core.audit import acting_as, bulk_create_audited
from mandates.core.lifecycle import run_transition

from .. import dimensions
from ..models import DisaggregatedValue, Indicator, IndicatorTarget, IndicatorValue

INDICATOR_FIELDS = (
    "code", "title", "definition", "kind", "unit", "currency", "allow_above_100", "aggregation", "actual_source",
    "baseline_value", "baseline_text", "baseline_date", "start_year", "end_year", "disaggregate_by",
    "disaggregation_must_add_up", "source", "means_of_verification", "is_demo",
)
HUNDRED = Decimal(100)


def _decimal(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}}) from None
    if not result.is_finite():
        raise ValidationError({field: _("“%(value)s” is not a number.") % {"value": value}})
    return result


def check_amount(indicator: Indicator, value: Decimal | None, field: str = "value") -> None:
    """Refuse what the indicator's kind and unit forbid: negatives, percentages above 100."""
    if value is None:
        return
    if indicator.kind == Indicator.Kind.PERCENTAGE:
        if value < 0 and not indicator.allow_above_100:
            raise ValidationError({field: _("A percentage cannot be negative.")})
        if value > HUNDRED and not indicator.allow_above_100:
            raise ValidationError({field: _("%(value)s %% is above 100 %%, which this indicator does not "
                                            "allow (a share cannot exceed the whole).") % {"value": f"{value.normalize():f}"}})
    elif value < 0:
        raise ValidationError({field: _("The value cannot be negative.")})


def check_year(indicator: Indicator, year, field: str = "year") -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({field: _("Give the period as a year, e.g. 2009.")}) from None
    if not indicator.start_year <= year <= indicator.end_year:
        raise ValidationError({field: _("%(year)s is outside the indicator's range (%(start)s-%(end)s).")
                                      % {"year": year, "start": indicator.start_year, "end": indicator.end_year}})
    return year


# --- indicators ------------------------------------------------------------------------------
def _attach(indicator: Indicator, data: dict) -> None:
    """Set the measured object (result, outcome or output) and derive the project from it."""
    given = [k for k in ("result", "outcome", "output") if data.get(k) is not None]
    if not given and indicator.pk is None:
        raise ValidationError({"result": _("Say what the indicator measures: an expected result, an outcome or an output.")})
    if len(given) > 1:
        raise ValidationError({given[1]: _("An indicator measures one thing: an expected result, an outcome or an output.")})
    if given:
        if indicator.pk is not None and any(k in data for k in ("result", "outcome", "output")):
            current = indicator.measured_object
            if data[given[0]] != current:
                raise ValidationError({given[0]: _("An indicator cannot be moved to another result, outcome or output.")})
        indicator.result = data.get("result")
        indicator.outcome = data.get("outcome")
        indicator.output = data.get("output")
    if indicator.result is not None:
        node = indicator.result
        last_level = len(node.period.level_names if node.track == "results" else node.period.management_level_names) - 1
        if node.level != last_level:
            raise ValidationError({"result": _("“%(code)s” is a %(level)s; indicators measure expected results.")
                                            % {"code": node.code, "level": node.level_name}})
        indicator.project = None
    elif indicator.outcome is not None:
        indicator.project = indicator.outcome.project
    else:
        indicator.project = indicator.output.outcome.project


def _default_years(indicator: Indicator, data: dict) -> None:
    if data.get("start_year") and data.get("end_year"):
        return
    if indicator.project is not None:
        start, end = indicator.project.start_date.year, indicator.project.end_date.year
    else:
        start, end = indicator.result.period.start_year, indicator.result.period.end_year
    if not data.get("start_year") and not indicator.start_year:
        indicator.start_year = start
    if not data.get("end_year") and not indicator.end_year:
        indicator.end_year = end


def _check_indicator(indicator: Indicator) -> None:
    if not (indicator.title or "").strip():
        raise ValidationError({"title": _("Give the indicator a title.")})
    if indicator.start_year and indicator.end_year and indicator.end_year < indicator.start_year:
        raise ValidationError({"end_year": _("The range cannot end before it starts.")})
    if indicator.kind == Indicator.Kind.AMOUNT:
        currency = (indicator.currency or "").strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValidationError({"currency": _("An amount of money needs a currency (ISO 4217 code, e.g. USD).")})
        indicator.currency = currency
    if indicator.kind == Indicator.Kind.PERCENTAGE and not indicator.unit:
        indicator.unit = "per cent"
    if indicator.follows_deliveries:
        if indicator.project is None:
            raise ValidationError({"actual_source": _("Only outcome and output indicators can follow from deliveries.")})
        if indicator.kind != Indicator.Kind.NUMBER:
            raise ValidationError({"actual_source": _("Indicators that follow from deliveries count people or "
                                                      "deliveries: choose the kind “Number”.")})
        if indicator.aggregation != Indicator.Aggregation.SUM:
            raise ValidationError({"aggregation": _("Counts of deliveries add up over the periods: choose “adds up”.")})
    indicator.disaggregate_by = dimensions.check_dimension_codes(indicator.disaggregate_by)
    if indicator.disaggregation_must_add_up and not indicator.disaggregate_by:
        raise ValidationError({"disaggregate_by": _("Choose the dimensions that must add up to the total.")})
    if indicator.disaggregate_by and not indicator.is_quantitative:
        raise ValidationError({"disaggregate_by": _("Qualitative indicators are not disaggregated.")})
    check_amount(indicator, indicator.baseline_value, "baseline_value")
    if indicator.pk:
        outside = IndicatorValue.objects.filter(indicator=indicator).exclude(
            year__gte=indicator.start_year, year__lte=indicator.end_year).values_list("year", flat=True)
        outside_t = IndicatorTarget.objects.filter(indicator=indicator).exclude(
            year__gte=indicator.start_year, year__lte=indicator.end_year).values_list("year", flat=True)
        years = sorted(set(outside) | set(outside_t))
        if years:
            raise ValidationError({"start_year": _("Values or targets exist for %(years)s, outside the new range.")
                                                 % {"years": ", ".join(map(str, years))}})
        if indicator.follows_deliveries and indicator.values.exists():
            raise ValidationError({"actual_source": _("This indicator has reported values; it cannot switch to deliveries.")})
    indicator.full_clean(validate_unique=False, validate_constraints=False)


@transaction.atomic
def save_indicator(indicator: Indicator | None = None, *, by, targets=None, **data) -> Indicator:
    """Create (``indicator`` None) or update an indicator; ``targets`` {year: value} replaces its targets."""
    indicator = indicator or Indicator()
    for key in INDICATOR_FIELDS:
        if key in data:
            setattr(indicator, key, data[key])
    for key in ("baseline_value",):
        if key in data:
            setattr(indicator, key, _decimal(data[key], key))
    _attach(indicator, data)
    _default_years(indicator, data)
    if indicator.disaggregate_by is None:
        indicator.disaggregate_by = []
    _check_indicator(indicator)
    with acting_as(by):
        indicator.save()
    if targets is not None:
        set_targets(indicator, by=by, targets=targets)
    return indicator


@transaction.atomic
def set_targets(indicator: Indicator, *, by, targets) -> list[IndicatorTarget]:
    """Replace the targets: ``targets`` maps year -> number (or text, for qualitative indicators)."""
    items = targets.items() if isinstance(targets, dict) else [
        (t["year"], t.get("value") if t.get("value") is not None else t.get("text")) for t in targets]
    wanted: dict[int, tuple[Decimal | None, str]] = {}
    for year, raw in items:
        year = check_year(indicator, year, "targets")
        if raw is None or raw == "":
            continue
        if indicator.is_quantitative:
            value = _decimal(raw, "targets")
            check_amount(indicator, value, "targets")
            wanted[year] = (value, "")
        else:
            wanted[year] = (None, str(raw).strip())
    existing = {t.year: t for t in indicator.targets.all()}
    saved = []
    with acting_as(by):
        for year, target in existing.items():
            if year not in wanted:
                target.delete()
        for year, (value, text) in sorted(wanted.items()):
            target = existing.get(year) or IndicatorTarget(indicator=indicator, year=year)
            if target.pk is None or (target.value, target.text) != (value, text):
                target.value, target.text = value, text
                target.save()
            saved.append(target)
    return saved


@transaction.atomic
def delete_indicator(indicator: Indicator, *, by) -> None:
    if indicator.values.filter(status=IndicatorValue.Status.APPROVED).exists():
        raise ValidationError({"indicator": _("This indicator has approved values; it cannot be deleted.")})
    with acting_as(by):
        indicator.delete()


# --- reported values -------------------------------------------------------------------------
def _check_value(indicator: Indicator, data: dict) -> tuple[int, Decimal | None, list]:
    if indicator.follows_deliveries:
        raise ValidationError({"value": _("The actual value of this indicator follows from the deliveries linked to "
                                          "it; record a delivery instead of typing a value.")})
    year = check_year(indicator, data.get("year"))
    value = _decimal(data.get("value"), "value")
    if indicator.is_quantitative:
        if value is None:
            raise ValidationError({"value": _("Give the actual value.")})
        check_amount(indicator, value)
    else:
        if not (data.get("text") or "").strip():
            raise ValidationError({"text": _("Describe what was achieved.")})
        if data.get("rating") not in IndicatorValue.Rating.values:
            raise ValidationError({"rating": _("Rate the progress: on track, at risk or off track.")})
        value = None
    rows = list(data.get("disaggregation") or [])
    if rows and not indicator.is_quantitative:
        raise ValidationError({"disaggregation": _("Qualitative values are not disaggregated.")})
    clean = dimensions.check_rows(
        rows, total=value, must_add_up=indicator.disaggregation_must_add_up,
        allowed=set(indicator.disaggregate_by) if indicator.disaggregate_by else None, what=gettext_noop("the value"),
    )
    if indicator.disaggregation_must_add_up:
        missing = [d for d in indicator.disaggregate_by if d not in {r[0] for r in clean}]
        if missing:
            names = ", ".join(dimensions.dimension_name(d).lower() for d in missing)
            raise ValidationError({"disaggregation": _("This indicator must be broken down by %(names)s.") % {"names": names}})
    return year, value, clean


@transaction.atomic
def record_value(indicator: Indicator, *, by, year, value=None, text: str = "", rating: str = "", note: str = "",
                 disaggregation=(), is_demo: bool = False) -> IndicatorValue:
    """Submit the actual value of a period (or correct a submitted/returned one, which resubmits it)."""
    year, amount, rows = _check_value(indicator, {"year": year, "value": value, "text": text, "rating": rating,
                                                  "disaggregation": disaggregation})
    existing = IndicatorValue.objects.select_for_update().filter(indicator=indicator, year=year).first()
    if existing is not None and existing.status == IndicatorValue.Status.APPROVED:
        raise ValidationError({"year": _("The value for %(year)s is approved; a planning officer must reopen it "
                                         "before it can be changed.") % {"year": year}})
    record = existing or IndicatorValue(indicator=indicator, year=year)
    record.value, record.text, record.rating, record.note = amount, (text or "").strip(), rating or "", note or ""
    record.is_demo = record.is_demo or is_demo
    if record.pk is None:
        record.submitted_by = by if getattr(by, "is_authenticated", False) else None
    with acting_as(by):
        record.save()
        record.breakdown.all().delete()
        bulk_create_audited(DisaggregatedValue, by=by, objects=[
            DisaggregatedValue(value=record, dimension=d, category=c, amount=a) for d, c, a in rows
        ])
    if record.status == IndicatorValue.Status.RETURNED:
        run_transition(record, "resubmit", by=by, comment="Corrected and resubmitted")
    return record


REVIEW_ACTIONS = {"approve": "approve", "return": "return_for_revision", "reopen": "reopen"}


@transaction.atomic
def review_value(value: IndicatorValue, *, by, action: str, comment: str = ""):
    """Approve, return (comment required) or reopen (comment required) a reported value."""
    if action not in REVIEW_ACTIONS:
        raise ValidationError({"action": _("Unknown action “%(action)s” (approve, return or reopen).") % {"action": action}})
    comment = (comment or "").strip()
    if action in ("return", "reopen") and not comment:
        raise ValidationError({"comment": _("Say what must be corrected: a comment is required.")})
    if (action == "approve" and by is not None and value.submitted_by_id is not None
            and value.submitted_by_id == getattr(by, "pk", None)):
        raise ValidationError({"transition": _("A value is approved by someone other than the person who submitted it.")})
    return run_transition(value, REVIEW_ACTIONS[action], by=by, comment=comment)


