"""``/api/v1/assistance-requests``: list, detail, create, update, a lifecycle ``transition`` and ``statistics``."""
import datetime

import django_filters
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.params import FilterSet as BoundedFilterSet
from mandates.core.params import YearFilter
from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.portfolio.models import Activity, Project
from mandates.strategy.models import StrategyNode

from . import selectors, services
from .models import AssistanceRequest


class ResultSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.code", read_only=True)

    class Meta:
        model = StrategyNode
        fields = ["id", "period", "code", "title"]


class AssistanceRequestSerializer(serializers.ModelSerializer):
    requesting_state = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all())
    # Uniqueness of the reference is checked by the service (a message on the field).
    reference = serializers.CharField(required=False, allow_blank=True, max_length=40)
    results = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=StrategyNode.objects.all(),
        help_text="Ids of result areas or expected results",
    )
    result_details = ResultSerializer(source="results", many=True, read_only=True)
    assigned_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    partner = serializers.StringRelatedField(read_only=True)
    response_days = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = AssistanceRequest
        fields = ["id", "reference", "requesting_state", "received_on", "channel", "state_reference", "subject",
                  "description", "results", "result_details", "urgency", "status", "assigned_unit",
                  "responded_on", "response_days", "project", "activity", "partner", "decline_reason"]
        read_only_fields = ["status", "responded_on", "activity", "decline_reason"]


class AssistanceRequestDetailSerializer(AssistanceRequestSerializer):
    timeline = serializers.SerializerMethodField()

    class Meta(AssistanceRequestSerializer.Meta):
        fields = AssistanceRequestSerializer.Meta.fields + ["timeline"]

    def get_timeline(self, obj) -> list[dict]:
        return [{"status": row["status"], "code": row["code"], "date": row["date"].isoformat(),
                 "comment": row["comment"]} for row in selectors.status_timeline(obj)]


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(services.TRANSITION_FIELDS))
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    assigned_unit = serializers.SlugRelatedField(slug_field="code", queryset=WorkUnit.objects.all(), required=False,
                                                 help_text="Work unit code (assign)")
    responded_on = serializers.DateField(required=False, help_text="Date of the response (accept, decline, refer)")
    project = serializers.SlugRelatedField(slug_field="code", queryset=Project.objects.all(), required=False,
                                           help_text="Project code (accept)")
    activity = serializers.PrimaryKeyRelatedField(queryset=Activity.objects.select_related("output__outcome__project"),
                                                  required=False, help_text="Activity id (accept)")
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False,
                                                 help_text="Partner id (refer)")
    decline_reason = serializers.CharField(required=False, allow_blank=True, help_text="Reason (decline)")


class AssistanceRequestFilter(BoundedFilterSet):
    state = django_filters.CharFilter(method="filter_noop", label="Requesting State (ISO3)")
    region = django_filters.CharFilter(method="filter_noop", label="M49 code of a region or sub-region")
    status = django_filters.ChoiceFilter(choices=AssistanceRequest.Status.choices)
    urgency = django_filters.ChoiceFilter(choices=AssistanceRequest.Urgency.choices)
    unit = django_filters.CharFilter(method="filter_noop", label="Work unit code (and the units below)")
    result = django_filters.NumberFilter(method="filter_noop", label="Strategy node id (and the nodes below)")
    year = YearFilter(field_name="received_on", label="Year received")
    q = django_filters.CharFilter(method="filter_noop", label="Text in reference, subject or description")

    class Meta:
        model = AssistanceRequest
        fields = ["state", "region", "status", "urgency", "unit", "result", "year", "q"]

    def filter_noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset (see ``to_filters``)

    def to_filters(self) -> selectors.RequestFilters:
        data = self.form.cleaned_data
        errors = {}

        def lookup(model, key, **where):
            value = data.get(key)
            if value in (None, ""):
                return None
            found = model.objects.filter(**where).first()
            if found is None:
                errors[key] = [_("Nothing found for “%(value)s”.") % {"value": value}]
            return found

        filters = selectors.RequestFilters(
            state=lookup(Country, "state", iso3=str(data.get("state") or "").upper()),
            region=lookup(Area, "region", m49_code=data.get("region")),
            unit=lookup(WorkUnit, "unit", code=data.get("unit")),
            result=lookup(StrategyNode, "result", pk=data.get("result")),
            q=(data.get("q") or "").strip(),
        )
        if errors:
            raise DRFValidationError(errors)
        return filters

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return self.to_filters().apply(queryset)


class AssistanceRequestViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                               mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Requests for technical assistance from Member States. A Member State reader sees their own State's."""

    serializer_class = AssistanceRequestSerializer
    filterset_class = AssistanceRequestFilter
    permission_model = AssistanceRequest

    @property
    def permission_action(self):
        return "transition" if getattr(self, "action", None) == "transition" else None

    def get_serializer_class(self):
        if self.action == "retrieve":
            return AssistanceRequestDetailSerializer
        if self.action == "transition":
            return TransitionSerializer
        return AssistanceRequestSerializer

    def base_queryset(self):
        return (
            AssistanceRequest.objects.select_related("requesting_state", "assigned_unit", "project", "partner")
            .prefetch_related("results", "results__period")
            .annotate(response_days=selectors.DaysBetween("responded_on", "received_on"))
            .order_by("-received_on", "-id")
        )

    def perform_service_create(self, data):
        data = dict(data)
        return services.save_request(None, by=self.request.user, results=data.pop("results", None), **data)

    def perform_service_update(self, instance, data):
        data = dict(data)
        return services.save_request(instance, by=self.request.user, results=data.pop("results", None), **data)

    @extend_schema(request=TransitionSerializer, responses=AssistanceRequestDetailSerializer,
                   description="Move the request along its lifecycle: start_triage; assign (assigned_unit); "
                               "accept (project and/or activity); decline (decline_reason); refer (partner); close.")
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        req = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        name, comment = data.pop("action"), data.pop("comment", "")
        services.transition(AssistanceRequest.objects.get(pk=req.pk), name, by=request.user, comment=comment,
                            **data)
        fresh = self.base_queryset().get(pk=req.pk)
        return Response(AssistanceRequestDetailSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", str, description="YYYY-MM-DD; default today")],
        description="Days from receipt to the first response: median and average overall, per year received, "
                    "per region and per work unit; shares answered within 30 and 90 days; open requests.",
        responses={200: dict},
    )
    @action(detail=False, methods=["get"])
    def statistics(self, request):
        as_of = None
        if request.query_params.get("as_of"):
            try:
                as_of = datetime.date.fromisoformat(request.query_params["as_of"])
            except ValueError:
                raise DRFValidationError({"as_of": [_("Give the date as YYYY-MM-DD.")]}) from None
        filterset = self.filterset_class(request.query_params, queryset=AssistanceRequest.objects.none(),
                                         request=request)
        if not filterset.is_valid():
            raise DRFValidationError(filterset.errors)
        filters = filterset.to_filters()
        filters.status = filterset.form.cleaned_data.get("status") or ""
        filters.urgency = filterset.form.cleaned_data.get("urgency") or ""
        filters.year = filterset.form.cleaned_data.get("year")
        stats = selectors.response_statistics(request.user, filters, as_of=as_of)
        return Response({
            "as_of": stats["as_of"].isoformat(),
            "overall": stats["overall"],
            "by_year": stats["by_year"],
            "by_region": stats["by_region"],
            "by_work_unit": stats["by_work_unit"],
            "oldest_open": [
                {"id": r.pk, "reference": r.reference, "requesting_state": r.requesting_state.iso3,
                 "status": r.status, "received_on": r.received_on.isoformat(), "age_days": r.age}
                for r in stats["oldest_open"]
            ],
        })


router = OptionalSlashRouter()
router.register("assistance-requests", AssistanceRequestViewSet, basename="assistance-request")
urlpatterns = [path("", include(router.urls))]
