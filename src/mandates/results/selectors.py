"""Reads about indicators, values and deliveries: narrowed by permissions, aggregated in the database.

``series_for(indicators)`` loads targets, approved actuals and delivery-based actuals for any number
of indicators in two queries (targets and values in one, deliveries' counts); progress is then computed in memory (``progress.compute``).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import CharField, Count, F, Q, Sum, Value
from django.db.models.functions import ExtractYear

from mandates.core.extensions import providers_for
from mandates.core.ids import InIds
from mandates.core.params import filter_year
from mandates.people import permissions

from . import dimensions
from .models import Delivery, DeliveryParticipants, DisaggregatedValue, Indicator, IndicatorTarget, IndicatorValue
from .progress import STATUS_LABELS, Progress, compute


@dataclass
class Series:
    indicator: Indicator
    targets: dict = field(default_factory=dict)  # year -> Decimal (or text for qualitative)
    actuals: dict = field(default_factory=dict)  # year -> Decimal (approved or from deliveries)
    ratings: dict = field(default_factory=dict)  # year -> rating (qualitative)
    texts: dict = field(default_factory=dict)  # year -> narrative (qualitative, approved)
    deliveries: dict = field(default_factory=dict)  # year -> number of deliveries counted
    sources: dict = field(default_factory=dict)  # year -> where an actual came from (e.g. a statistics series)
    progress: Progress | None = None

    def rows(self) -> list[dict]:
        """One row per year of the range: target, actual, deliveries counted."""
        return [{"year": y, "target": self.targets.get(y), "actual": self.actuals.get(y),
                 "rating": self.ratings.get(y, ""),
                 "rating_label": str(STATUS_LABELS.get(self.ratings.get(y, ""), "")), "text": self.texts.get(y, ""),
                 "deliveries": self.deliveries.get(y, 0), "source": self.sources.get(y, "")}
                for y in self.indicator.years]

    def last_actual_year(self) -> int | None:
        years = [y for y, v in self.actuals.items() if v is not None] + [y for y, r in self.ratings.items() if r]
        return max(years) if years else None

    def chart(self) -> dict:
        years = self.indicator.years
        num = self.indicator.is_quantitative

        def as_float(v):  # for drawing only; figures on the page come from the Decimals
            return float(v) if (num and v is not None) else None
        return {"labels": [str(y) for y in years], "targets": [as_float(self.targets.get(y)) for y in years],
                "actuals": [as_float(self.actuals.get(y)) for y in years],
                "unit": self.indicator.unit_label}


def series_for(indicators, *, as_of_year: int | None = None, approved_only: bool = True,
               recorded_by=None) -> dict[int, Series]:
    """Targets, actuals and progress of many indicators in at most three queries. ``recorded_by`` (a date):
    only values for years begun by then, and deliveries ended by then, count."""
    indicators = list(indicators)
    out = {i.pk: Series(i) for i in indicators}
    if not out:
        return out
    ids = list(out)
    # Tuples, not model instances: a plan at scale reads tens of thousands of these rows. The targets and the
    # reported values in one query (a UNION ALL, each row marked by its kind): one round trip and one compilation.
    columns = ("indicator_id", "year", "value", "text", "is_value", "mark")
    rows = IndicatorTarget.objects.filter(InIds("indicator_id", ids)).annotate(
        is_value=Value(0), mark=Value("", output_field=CharField())).values_list(*columns).order_by()
    reported = [i.pk for i in indicators if not i.follows_deliveries]
    if reported:
        values = IndicatorValue.objects.filter(InIds("indicator_id", reported))
        if approved_only:
            values = values.filter(status=IndicatorValue.Status.APPROVED)
        if recorded_by is not None:
            values = values.filter(year__lte=recorded_by.year)
        rows = rows.union(values.annotate(is_value=Value(1), mark=F("rating")).values_list(*columns).order_by(),
                          all=True)
    for indicator_id, year, value, text, is_value, rating in rows:
        s = out[indicator_id]
        if not is_value:
            s.targets[year] = value if s.indicator.is_quantitative else text
        elif s.indicator.is_quantitative:
            s.actuals[year] = value
        else:
            s.ratings[year], s.texts[year] = rating, text
    counted = [i.pk for i in indicators if i.follows_deliveries]
    if counted:
        for row in delivery_totals(counted, recorded_by=recorded_by):
            s = out[row["indicator_id"]]
            s.deliveries[row["year"]] = row["deliveries"]
            s.actuals[row["year"]] = Decimal(row["deliveries"] if s.indicator.actual_source ==
                                             Indicator.ActualSource.DELIVERY_COUNT else row["participants"] or 0)
    for provider in providers_for("indicator_actuals"):  # e.g. a linked statistics series (statistics app)
        for indicator_id, year, value, source in provider(ids):
            s = out[indicator_id]
            s.actuals[year], s.sources[year] = value, source
    for s in out.values():
        i = s.indicator
        s.progress = compute(
            kind=i.kind, aggregation=i.aggregation, baseline=i.baseline_value,
            targets=s.targets if i.is_quantitative else {}, actuals=s.actuals, ratings=s.ratings,
            as_of_year=as_of_year,
        )
    return out


def delivery_totals(indicator_ids, *, recorded_by=None):
    """Per indicator and year: number of linked deliveries and their participants (one query); with
    ``recorded_by``, only deliveries that had ended by that date."""
    through = Delivery.indicators.through
    rows = through.objects.filter(InIds("indicator_id", indicator_ids))
    if recorded_by is not None:
        rows = rows.filter(delivery__end_date__lte=recorded_by)
    return (
        rows
        .annotate(year=ExtractYear("delivery__end_date"))
        .values("indicator_id", "year")
        .annotate(deliveries=Count("delivery_id", distinct=True), participants=Sum("delivery__participants"))
        .order_by("indicator_id", "year")
    )


def breakdown_for(indicator: Indicator, *, approved_only: bool = True) -> dict[int, list[dict]]:
    """Year -> disaggregation rows {dimension, category, amount} (names resolved), from values or deliveries."""
    result: dict[int, list[dict]] = defaultdict(list)
    if indicator.follows_deliveries:
        if indicator.actual_source != Indicator.ActualSource.DELIVERY_PARTICIPANTS:
            return {}
        rows = (DeliveryParticipants.objects.filter(delivery__indicators=indicator)
                .annotate(year=ExtractYear("delivery__end_date"))
                .values("year", "dimension", "category").annotate(amount=Sum("count"))
                .order_by("year", "dimension", "category"))
    else:
        qs = DisaggregatedValue.objects.filter(value__indicator=indicator)
        if approved_only:
            qs = qs.filter(value__status=IndicatorValue.Status.APPROVED)
        rows = qs.values("value__year", "dimension", "category", "amount").order_by(
            "value__year", "dimension", "category")
        rows = [{"year": r["value__year"], "dimension": r["dimension"], "category": r["category"],
                 "amount": r["amount"]} for r in rows]
    for r in rows:
        result[r["year"]].append({
            "dimension": r["dimension"], "dimension_name": dimensions.dimension_name(r["dimension"]),
            "category": r["category"], "category_name": dimensions.category_name(r["dimension"], r["category"]),
            "amount": r["amount"],
        })
    return dict(result)


# --- lists -----------------------------------------------------------------------------------
def indicator_queryset():
    return Indicator.objects.select_related(
        "result", "result__period", "outcome", "output", "output__outcome", "project", "project__lead_unit")


RUNNING_PROJECT = ("approved", "in_implementation")  # portfolio.selectors.RUNNING


def without_value_for(qs, year: int):
    """Indicators measuring ``year`` (within their start and end years) of running projects, with no
    value recorded for that year (in any state of review)."""
    return (qs.filter(start_year__lte=year, end_year__gte=year, project__status__in=RUNNING_PROJECT)
            .exclude(pk__in=IndicatorValue.objects.filter(year=year).values("indicator_id")))


def indicator_list(user, *, search: str = "", level: str = "", project=None, result=None, unit=None,
                   missing_year: int | None = None):
    qs = permissions.visible(user, indicator_queryset())
    if missing_year is not None:
        qs = without_value_for(qs, missing_year)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(code__icontains=search) | Q(project__code__icontains=search))
    if level == "result":
        qs = qs.filter(result__isnull=False)
    elif level == "outcome":
        qs = qs.filter(outcome__isnull=False)
    elif level == "output":
        qs = qs.filter(output__isnull=False)
    if project is not None:
        qs = qs.filter(project=project)
    if result is not None:
        qs = qs.filter(Q(result=result) | Q(outcome__results=result) | Q(output__results=result)
                       | Q(project__results=result)).distinct()
    if unit is not None:
        qs = qs.filter(project__lead_unit__path__startswith=unit.path)
    return qs.order_by("result__sort_key", "project__code", "code", "title", "id")


def values_for(user, indicator: Indicator):
    return permissions.visible(user, indicator.values.select_related("submitted_by", "approved_by")).order_by("year")


def pending_values(user):
    """Submitted values the user may review, oldest first."""
    qs = IndicatorValue.objects.filter(status=IndicatorValue.Status.SUBMITTED).select_related(
        "indicator", "indicator__project", "indicator__result", "submitted_by")
    return permissions.visible(user, qs, "transition").order_by("submitted_at", "id")


def activities_without_delivery(user, *, unit=None, ended_before=None, ending_by=None):
    """Activities of running projects, visible to ``user``, with no delivery recorded against them:
    ended before ``ended_before`` (overdue) or ending by ``ending_by`` (reminders)."""
    from mandates.portfolio.models import Activity, Project

    projects = permissions.visible(user, Project.objects.filter(status__in=RUNNING_PROJECT))
    if unit is not None:
        projects = projects.filter(lead_unit__path__startswith=unit.path)
    qs = (Activity.objects.filter(output__outcome__project__in=projects.values("pk"), deliveries__isnull=True)
          .select_related("output__outcome__project", "responsible_unit"))
    if ended_before is not None:
        qs = qs.filter(end_date__lt=ended_before)
    if ending_by is not None:
        qs = qs.filter(end_date__lte=ending_by)
    return qs.order_by("end_date", "output__outcome__project__code", "code", "pk")


def delivery_queryset():
    return Delivery.objects.select_related("project", "project__lead_unit", "country", "area", "output", "activity",
                                           "recorded_by")


def delivery_list(user, *, kind: str = "", year: int | None = None, country=None, project=None, unit=None,
                  search: str = ""):
    qs = permissions.visible(user, delivery_queryset())
    if kind:
        qs = qs.filter(kind=kind)
    qs = filter_year(qs, "end_date", year)
    if country is not None:
        qs = qs.filter(Q(country=country) | Q(participant_rows__dimension="country",
                                              participant_rows__category=country.iso3)).distinct()
    if project is not None:
        qs = qs.filter(project=project)
    if unit is not None:
        qs = qs.filter(project__lead_unit__path__startswith=unit.path)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(place__icontains=search) | Q(project__code__icontains=search))
    return qs.order_by("-end_date", "-id")


def delivery_summary(deliveries) -> dict:
    """Totals of a (filtered) delivery queryset, computed in the database: by kind, participants by
    sex, and the States assisted (countries where deliveries took place or whose officials took part)."""
    ids = deliveries.order_by().values("pk")
    # one query, a UNION ALL of two groupings, each row marked by its part: per kind and host State (count and
    # participants), and participants by sex and attending States
    per_kind = (Delivery.objects.filter(pk__in=ids).values("kind", "country__iso3")
                .annotate(part=Value(0), n=Count("id"), people=Sum("participants")).order_by()
                .values_list("part", "kind", "country__iso3", "n", "people"))
    per_category = (DeliveryParticipants.objects.filter(delivery__in=ids, dimension__in=("sex", "country"))
                    .values("dimension", "category").annotate(part=Value(1), n=Sum("count"), people=Value(0)).order_by()
                    .values_list("part", "dimension", "category", "n", "people"))
    by_kind, participants, hosted = {}, 0, set()
    by_sex, attending = {}, set()
    for part, first, second, n, people in per_kind.union(per_category, all=True):
        if part == 0:  # kind, host State
            by_kind[first] = by_kind.get(first, 0) + n
            participants += people or 0
            if second is not None:
                hosted.add(second)
        elif first == "sex":
            by_sex[second] = n
        else:
            attending.add(second)
    labels = dict(Delivery.Kind.choices)
    return {
        "deliveries": sum(by_kind.values()),
        "participants": participants,
        "by_kind": [(labels[k], by_kind[k]) for k in labels if k in by_kind],
        "women": by_sex.get("female", 0),
        "men": by_sex.get("male", 0),
        "states": len(hosted | attending),
    }


def participants_for(delivery: Delivery) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in delivery.participant_rows.all():
        grouped[dimensions.dimension_name(row.dimension)].append(
            {"category": dimensions.category_name(row.dimension, row.category), "count": row.count})
    return dict(grouped)


def indicators_for_delivery_choice(project):
    """Indicators a delivery of this project may count towards."""
    return Indicator.objects.filter(project=project).exclude(actual_source=Indicator.ActualSource.REPORTED).order_by(
        "code", "title")


def proposed_actuals(indicator) -> dict[int, int]:
    """For a reported output indicator: per year, the participants of the deliveries recorded under its
    output (one query) — proposed as the actual, so nobody types the figure twice."""
    if not indicator.output_id or not indicator.is_quantitative:
        return {}
    rows = (Delivery.objects.filter(output_id=indicator.output_id).annotate(year=ExtractYear("end_date"))
            .values("year").annotate(participants=Sum("participants")).order_by("year"))
    return {r["year"]: r["participants"] or 0 for r in rows if r["participants"]}


def targets_version(indicator) -> dict:
    """An indicator's targets as its targets form shows them: the version that form is opened on (issue 14)."""
    return {f"Target {t.year}": t.value if t.value is not None else t.text
            for t in IndicatorTarget.objects.filter(indicator=indicator).order_by("year")}
