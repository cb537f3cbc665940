"""Writes to the deliveries register: validated, in a transaction, audited.

A delivery hangs on a project (directly, or through an output or an activity, from which the
project is derived). Its participants are broken down by dimension rows that must each add up to
the total. Linked indicators must be indicators of the same project whose actual values follow from
deliveries, and the delivery must fall within their range of years. A new delivery recorded under
an output counts by default towards that output's indicators that follow deliveries (and cover its
year): nobody has to tick a box for a workshop to move its output's indicator.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandates.core.audit import acting_as, bulk_create_audited

from .. import dimensions
from ..models import Delivery, DeliveryParticipants, Indicator

DELIVERY_FIELDS = (
    "kind", "publication_type", "title", "description", "project", "output", "activity", "start_date", "end_date",
    "place", "country", "area", "participants", "is_demo",
)


def _derive_links(delivery: Delivery) -> None:
    if delivery.activity_id is not None:
        output = delivery.activity.output
        if delivery.output_id is not None and delivery.output_id != output.pk:
            raise ValidationError({"activity": _("This activity belongs to another output.")})
        delivery.output = output
    if delivery.output_id is not None:
        project = delivery.output.outcome.project
        if delivery.project_id is not None and delivery.project_id != project.pk:
            raise ValidationError({"output": _("This output belongs to another project.")})
        delivery.project = project
    if delivery.project_id is None:
        raise ValidationError({"project": _("Link the delivery to a project, an output or an activity.")})


def _check(delivery: Delivery) -> None:
    if not (delivery.title or "").strip():
        raise ValidationError({"title": _("Give the delivery a title.")})
    if delivery.kind not in Delivery.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of delivery.")})
    if delivery.start_date is None:
        raise ValidationError({"start_date": _("Give the date.")})
    if delivery.end_date is None:
        delivery.end_date = delivery.start_date
    if delivery.end_date < delivery.start_date:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if delivery.kind == Delivery.Kind.PUBLICATION and not delivery.publication_type:
        raise ValidationError({"publication_type": _("Say what kind of tool or publication it is.")})
    if delivery.kind != Delivery.Kind.PUBLICATION:
        delivery.publication_type = ""
    if delivery.country is not None and delivery.area is not None:
        raise ValidationError({"area": _("Give either the country or the region, not both.")})
    if delivery.participants is None:
        delivery.participants = 0
    if delivery.participants < 0:
        raise ValidationError({"participants": _("The number of participants cannot be negative.")})
    delivery.full_clean(exclude=["project", "output", "activity", "country", "area"], validate_unique=False)


def _check_indicators(delivery: Delivery, indicators) -> list[Indicator]:
    indicators = list(indicators)
    for indicator in indicators:
        if indicator.project_id != delivery.project.pk:
            raise ValidationError({"indicators": _("“%(title)s” is an indicator of another project.")
                                                 % {"title": indicator.title}})
        if not indicator.follows_deliveries:
            raise ValidationError({"indicators": _("The actual values of “%(title)s” are reported, not counted from deliveries.")
                                                 % {"title": indicator.title}})
        year = delivery.end_date.year
        if not indicator.start_year <= year <= indicator.end_year:
            raise ValidationError({"indicators": _("%(year)s is outside the range of “%(title)s” (%(start)s-%(end)s).")
                                                 % {"year": year, "title": indicator.title,
                                                    "start": indicator.start_year, "end": indicator.end_year}})
    return indicators


def output_indicators(delivery: Delivery) -> list[Indicator]:
    """The indicators of the delivery's output whose actuals follow from deliveries, for its year."""
    if not delivery.output_id or not delivery.end_date:
        return []
    year = delivery.end_date.year
    return list(Indicator.objects.filter(output_id=delivery.output_id, start_year__lte=year, end_year__gte=year)
                .exclude(actual_source=Indicator.ActualSource.REPORTED))


@transaction.atomic
def save_delivery(delivery: Delivery | None = None, *, by, participant_rows=None, indicators=None,
                  **data) -> Delivery:
    """Create (``delivery`` None) or update a delivery.

    ``participant_rows``: iterable of (dimension, category, count), replacing the breakdown (None keeps it).
    ``indicators``: the indicators it counts towards, replacing the links (None keeps them). A new
    delivery under an output also counts towards that output's delivery-following indicators unless
    ``count_for_output`` is False.
    """
    count_for_output = data.pop("count_for_output", True)
    delivery = delivery or Delivery()
    for key in DELIVERY_FIELDS:
        if key in data:
            setattr(delivery, key, data[key])
    if delivery.pk is None and getattr(by, "is_authenticated", False):
        delivery.recorded_by = by
    _derive_links(delivery)
    _check(delivery)
    rows = None
    if participant_rows is not None:
        rows = dimensions.check_rows(
            participant_rows, total=delivery.participants, must_add_up=True, field="participant_rows",
            what=gettext_noop("the number of participants"),
        )
        for dim, cat, count in rows:
            if count != count.to_integral():
                raise ValidationError({"participant_rows": _("%(dimension)s “%(category)s”: count whole people.")
                                                           % {"dimension": dimensions.dimension_name(dim), "category": cat}})
    elif delivery.pk is not None:
        sums: dict[str, int] = {}
        for row in delivery.participant_rows.all():
            sums[row.dimension] = sums.get(row.dimension, 0) + row.count
        for dim, subtotal in sums.items():
            if subtotal != delivery.participants:
                raise ValidationError({"participants": _("The breakdown by %(dimension)s adds up to %(subtotal)s; change it together with the total.")
                                                       % {"dimension": dimensions.dimension_name(dim).lower(),
                                                          "subtotal": subtotal}})
    is_new = delivery.pk is None
    if is_new and count_for_output:
        chosen = list(indicators or [])
        indicators = chosen + [i for i in output_indicators(delivery) if i.pk not in {c.pk for c in chosen}]
    linked = _check_indicators(delivery, indicators if indicators is not None else
                               (delivery.indicators.all() if delivery.pk else []))
    with acting_as(by):
        delivery.save()
        if rows is not None:
            delivery.participant_rows.all().delete()
            bulk_create_audited(DeliveryParticipants, by=by, objects=[
                DeliveryParticipants(delivery=delivery, dimension=d, category=c, count=int(n)) for d, c, n in rows
            ])
        if indicators is not None:
            delivery.indicators.set(linked)
    return delivery


@transaction.atomic
def delete_delivery(delivery: Delivery, *, by) -> None:
    with acting_as(by):
        delivery.delete()
