"""``/api/v1/indicators``, ``/indicator-values`` (with approve/return/reopen), ``/deliveries`` and
``/implementation-plan``. Reads are narrowed by the permission matrix; writes go through the services."""
from decimal import Decimal

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.gc_pause import paused
from mandates.core.params import FilterSet as BoundedFilterSet
from mandates.core.params import YearFilter
from mandates.people import permissions

from . import selectors, services
from .models import Delivery, ImplementationPlan, Indicator, IndicatorValue
from .plan import filters as plan_filters
from .plan import funding as plan_money
from .plan import implementation_plan
from .plan import stored as plan_stored

CENT = Decimal("0.01")


class TargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    text = serializers.CharField(required=False, allow_blank=True)


class IndicatorSerializer(serializers.ModelSerializer):
    level = serializers.CharField(read_only=True)
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    result_code = serializers.CharField(source="result.code", read_only=True, default=None)
    targets = TargetSerializer(many=True, required=False)
    disaggregate_by = serializers.ListField(child=serializers.CharField(), required=False)
    start_year = serializers.IntegerField(required=False)
    end_year = serializers.IntegerField(required=False)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = ["id", "code", "title", "definition", "level", "result", "result_code", "outcome", "output", "project",
                  "kind", "unit", "currency", "allow_above_100", "aggregation", "actual_source", "baseline_value",
                  "baseline_text", "baseline_date", "start_year", "end_year", "disaggregate_by",
                  "disaggregation_must_add_up", "source", "means_of_verification", "targets", "progress"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["targets"] = [{"year": t.year, "value": None if t.value is None else str(t.value), "text": t.text}
                           for t in instance.targets.all()]
        return data

    def get_progress(self, obj) -> dict:
        series = self.context.get("series") or selectors.series_for([obj])
        return series[obj.pk].progress.as_dict()


class IndicatorFilter(BoundedFilterSet):
    project = django_filters.CharFilter(field_name="project__code")
    level = django_filters.ChoiceFilter(choices=Indicator.Level.choices, method="filter_level")

    class Meta:
        model = Indicator
        fields = ["project", "result", "outcome", "output", "kind", "level"]

    def filter_level(self, qs, name, value):
        return qs.filter(**{f"{value}__isnull": False})


class SeriesMixin:
    """Lists compute targets/actuals/progress for the whole page at once."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        objects = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), "series": selectors.series_for(objects)}
        data = self.get_serializer_class()(objects, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)


class IndicatorViewSet(SeriesMixin, ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    permission_model = Indicator

    def base_queryset(self):
        return selectors.indicator_queryset().prefetch_related("targets").order_by("id")

    def perform_service_create(self, data):
        draft = Indicator(result=data.get("result"), outcome=data.get("outcome"), output=data.get("output"))
        draft.project = (data["outcome"].project if data.get("outcome") else
                         data["output"].outcome.project if data.get("output") else None)
        if not permissions.can(self.request.user, "add", draft):
            raise PermissionDenied(_("You may not add indicators here."))
        return services.save_indicator(None, by=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.save_indicator(instance, by=self.request.user, **data)


class BreakdownRowSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    category = serializers.CharField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)


class IndicatorValueSerializer(serializers.ModelSerializer):
    disaggregation = BreakdownRowSerializer(many=True, required=False)
    submitted_by = serializers.StringRelatedField(read_only=True)
    approved_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "indicator", "year", "value", "text", "rating", "note", "status", "disaggregation",
                  "submitted_by", "submitted_at", "approved_by", "approved_at", "review_comment"]
        read_only_fields = ["status", "submitted_at", "approved_at", "review_comment"]
        validators = []  # one value per year: the service corrects the existing one

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["disaggregation"] = [{"dimension": r.dimension, "category": r.category, "value": str(r.amount)}
                                  for r in instance.breakdown.all()]
        return data


class ReviewSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True)


class IndicatorValueViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = IndicatorValueSerializer
    permission_model = IndicatorValue
    filterset_fields = ["indicator", "year", "status"]

    @property
    def permission_action(self):
        return "transition" if getattr(self, "action", None) in ("approve", "return_value", "reopen") else None

    def base_queryset(self):
        return IndicatorValue.objects.select_related(
            "indicator", "indicator__project__lead_unit", "submitted_by", "approved_by").prefetch_related(
            "breakdown").order_by("indicator_id", "year")

    def _record(self, indicator, data, year):
        rows = [(r["dimension"], r["category"], r["value"]) for r in data.get("disaggregation", [])]
        return services.record_value(indicator, by=self.request.user, year=year, value=data.get("value"),
                                     text=data.get("text", ""), rating=data.get("rating", ""),
                                     note=data.get("note", ""), disaggregation=rows)

    def perform_service_create(self, data):
        indicator = data["indicator"]
        if not permissions.can(self.request.user, "add", IndicatorValue(indicator=indicator)):
            raise PermissionDenied(_("You may not record values for this indicator."))
        return self._record(indicator, data, data.get("year"))

    def perform_service_update(self, instance, data):
        if "indicator" in data and data["indicator"] != instance.indicator:
            raise DRFValidationError({"indicator": [_("A value cannot move to another indicator.")]})
        merged = {"value": instance.value, "text": instance.text, "rating": instance.rating, "note": instance.note,
                  "disaggregation": [{"dimension": r.dimension, "category": r.category, "value": r.amount}
                                     for r in instance.breakdown.all()], **data}
        return self._record(instance.indicator, merged, instance.year)

    def _review(self, request, pk, what):
        value = self.get_object()
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.review_value(value, by=request.user, action=what, comment=body.validated_data.get("comment", ""))
        return Response(self.get_serializer(self.base_queryset().get(pk=value.pk)).data)

    @extend_schema(request=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._review(request, pk, "approve")

    @extend_schema(request=ReviewSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_value(self, request, pk=None):
        return self._review(request, pk, "return")

    @extend_schema(request=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._review(request, pk, "reopen")


class ParticipantRowSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    category = serializers.CharField()
    count = serializers.IntegerField(min_value=0)


class DeliverySerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", required=False, allow_null=True,
                                           queryset=Delivery._meta.get_field("project").related_model.objects.all())
    country = serializers.SlugRelatedField(slug_field="iso3", required=False, allow_null=True,
                                           queryset=Delivery._meta.get_field("country").related_model.objects.all())
    area = serializers.SlugRelatedField(slug_field="m49_code", required=False, allow_null=True,
                                        queryset=Delivery._meta.get_field("area").related_model.objects.all())
    participant_rows = ParticipantRowSerializer(many=True, required=False)
    end_date = serializers.DateField(required=False, allow_null=True)
    recorded_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "kind", "publication_type", "title", "description", "project", "output", "activity",
                  "start_date", "end_date", "place", "country", "area", "participants", "participant_rows",
                  "indicators", "recorded_by"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["participant_rows"] = [{"dimension": r.dimension, "category": r.category, "count": r.count}
                                    for r in instance.participant_rows.all()]
        return data


class DeliveryFilter(BoundedFilterSet):
    project = django_filters.CharFilter(field_name="project__code")
    country = django_filters.CharFilter(field_name="country__iso3")
    year = YearFilter(field_name="end_date")

    class Meta:
        model = Delivery
        fields = ["kind", "project", "country", "year", "indicators"]


class DeliveryViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    permission_model = Delivery

    def base_queryset(self):
        return selectors.delivery_queryset().prefetch_related("participant_rows", "indicators").order_by("-end_date",
                                                                                                          "-id")

    def _save(self, instance, data):
        data = dict(data)
        rows = data.pop("participant_rows", None)
        if rows is not None:
            rows = [(r["dimension"], r["category"], r["count"]) for r in rows]
        indicators = data.pop("indicators", None)
        project = (data.get("activity").output.outcome.project if data.get("activity") else
                   data["output"].outcome.project if data.get("output") else
                   data.get("project") or (instance.project if instance else None))
        if project is not None and not permissions.can(self.request.user, "change" if instance else "add",
                                                       instance or Delivery(project=project)):
            raise PermissionDenied(_("You may not record deliveries for this project."))
        return services.save_delivery(instance, by=self.request.user, participant_rows=rows, indicators=indicators,
                                      **data)

    def perform_service_create(self, data):
        return self._save(None, data)

    def perform_service_update(self, instance, data):
        return self._save(instance, data)


class MayViewPlan(BasePermission):
    def has_permission(self, request, view):
        return permissions.can(request.user, "view", ImplementationPlan)


def _money(amounts):
    return None if amounts is None else {cur: str(Decimal(amount).quantize(CENT)) for cur, amount in sorted(amounts.items())}


def plan_as_json(plan, *, detail_url=None) -> dict:
    """The plan as JSON. A summary plan (``implementation_plan(..., summary=...)``) lists per result
    its first outputs, projects and indicators with the counts of all, and ``detail_url(row)``: the
    address of that result's row in full."""
    def node(n):
        return None if n is None else {"code": n.code, "title": n.title}

    def entry(r):
        out = {
            "code": r.result.code, "title": r.result.title, "theme": node(r.theme), "result_area": node(r.area),
            "how": {"outputs": [{"project": o["project"], "code": o["code"], "title": o["title"],
                                 "activities": o["activities"]} for o in r.outputs],
                    "output_count": r.counts["outputs"], "activities": r.activity_count},
            "how_much": {"source": plan.source, "budget": _money(r.budget), "expenditure": _money(r.expenditure)},
            "where": {"countries": r.countries, "regions": r.regions, "global": r.is_global},
            "who": r.units,
            "projects": [{"code": p["code"], "title": p["title"], "status": p["status"]} for p in r.projects],
            "project_count": r.counts["projects"],
            "indicators": [{"id": i["indicator"].pk, "code": i["indicator"].code, "title": i["indicator"].title,
                            "level": i["indicator"].level, **i["progress"].as_dict()} for i in r.indicators],
            "indicator_count": r.counts["indicators"],
            "gaps": r.gaps,
        }
        if detail_url is not None:
            out["detail"] = detail_url(r)
        return out

    return {
        "period": plan.period.code, "year": plan.year, "reporting_year": plan.reporting_year,
        "as_of": plan.as_of.isoformat() if plan.as_of else None,
        "money_source": plan.source, "attribution": plan.attribution,
        "conversions": [{"currency": c.currency, "amount": str(c.amount), "activities_start_month": c.month.isoformat()[:7] if c.month else None,
                         "rate_month": c.rate_month.isoformat()[:7] if c.rate_month else None,
                         "units_per_usd": str(c.rate) if c.rate else None, "usd": str(c.usd) if c.usd is not None else None}
                        for c in plan.conversions], "count": len(plan.rows),
        "summary": detail_url is not None,
        "totals": {**plan.totals, "budget": _money(plan.totals["budget"]),
                   "expenditure": _money(plan.totals["expenditure"])},
        "results": [entry(r) for r in plan.rows],
    }


#: How many outputs, projects and indicators each result of the API's default (summary) answer lists.
API_SHOWN = {"outputs": 10, "projects": 20, "indicators": 20}

PLAN_DESCRIPTION = """The implementation plan (strategy para. 6 (a)-(f)): one entry per expected result of the period.

By default each entry is a **summary**: its money, places, work units and gaps in full, the number of
contributing outputs, projects and indicators (`output_count`, `project_count`, `indicator_count`) with
the first {outputs} outputs, {projects} projects and {indicators} indicators (in the plan's order), and `detail`: the
address of that result's entry in full (`?result=<code>` with the same filters), which lists every
output, project and indicator. Totals and gaps are those of the full plan.

""".format(**API_SHOWN)


class ImplementationPlanView(APIView):
    """The implementation plan (strategy para. 6 (a)-(f)): one entry per expected result of the period;
    a summary per result by default, one result in full with ``result``."""

    permission_classes = [MayViewPlan]

    @extend_schema(parameters=[
        OpenApiParameter("period", str, description="Strategy period code, e.g. 2008-2011 (default: the latest)"),
        OpenApiParameter("year", int), OpenApiParameter("region", str, description="M49 code of a region"),
        OpenApiParameter("country", str, description="ISO alpha-3"), OpenApiParameter("work_unit", str),
        OpenApiParameter("theme", str, description="Code of a theme of the period"),
        OpenApiParameter("as_of", str, description="As-at date YYYY-MM-DD for the no-recent-data gap"),
        OpenApiParameter("result", str, description="Code of one expected result of the period: its entry in full "
                                                    "(every output, project and indicator) instead of the summary "
                                                    "of all results"),
    ], responses={200: OpenApiResponse(description="The plan: a summary per result, or one result in full", examples=[
        OpenApiExample("A summary entry", response_only=True, value={
            "period": "2008-2011", "summary": True, "count": 53, "totals": {"results": 53, "projects": 480},
            "results": [{"code": "1.4.3", "title": "…", "how": {"outputs": ["…"], "output_count": 31, "activities": 240},
                         "how_much": {"source": "finance", "budget": {"USD": "1200000.00"},
                                      "expenditure": {"USD": "800000.00"}},
                         "projects": ["…"], "project_count": 25, "indicators": ["…"], "indicator_count": 60,
                         "gaps": [], "detail": "https://…/api/v1/implementation-plan?period=2008-2011&result=1.4.3"}]}),
    ]), 400: OpenApiResponse(description="A filter that cannot be read: one message per parameter")},
        description=PLAN_DESCRIPTION + (plan_money.__doc__ or ""))
    @paused()  # the plan built and written without collector passes (core.gc_pause)
    def get(self, request):
        from mandates.strategy.models import StrategyNode

        filters, errors = plan_filters.parse(request.query_params)
        code = (request.query_params.get("result") or "").strip()
        node = None
        if code and filters["period"] is not None:
            node = StrategyNode.objects.filter(period=filters["period"], track="results", code=code,
                                               level=filters["period"].result_level).first()
            if node is None:
                errors["result"] = _("No expected result “%(code)s” in %(period)s.") % {
                    "code": code[:40], "period": filters["period"].code}
        if errors:
            return Response({k: [v] for k, v in errors.items()}, status=400)
        if filters["period"] is None:
            return Response({"period": ["No strategy period exists yet."]}, status=400)
        kwargs = {k: v for k, v in filters.items() if k != "period"}
        if node is not None:  # one result in full
            return Response(plan_as_json(implementation_plan(request.user, filters["period"], result=node, **kwargs)))
        plan = plan_stored.summary_plan(request.user, filters["period"], shown=API_SHOWN, **kwargs)
        base = request.build_absolute_uri(request.path)
        query = request.query_params.copy()

        def detail_url(row):
            query["result"] = row.result.code
            return f"{base}?{query.urlencode()}"
        return Response(plan_as_json(plan, detail_url=detail_url))


router = OptionalSlashRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-values", IndicatorValueViewSet, basename="indicator-value")
router.register("deliveries", DeliveryViewSet, basename="delivery")
urlpatterns = [
    re_path(r"^implementation-plan/?$", ImplementationPlanView.as_view(), name="implementation-plan"),
    path("", include(router.urls)),
]
