"""``/api/v1/evaluations``, ``/recommendations`` (with ``/response``), ``/action-items`` and ``/lessons``."""
import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.params import FilterSet as BoundedFilterSet
from mandates.people import permissions

from . import selectors, services
from .models import ActionItem, Evaluation, Lesson, ManagementResponse, Recommendation


def _slug(model_field, slug):
    return serializers.SlugRelatedField(slug_field=slug, queryset=model_field.related_model.objects.all(),
                                        required=False, allow_null=True)


class ResponseSerializer(serializers.ModelSerializer):
    responded_by = serializers.StringRelatedField(read_only=True)
    responded_on = serializers.DateField(required=False)

    class Meta:
        model = ManagementResponse
        fields = ["decision", "reason", "responded_on", "responded_by"]


class ActionItemSerializer(serializers.ModelSerializer):
    owner_unit = _slug(ActionItem._meta.get_field("owner_unit"), "code")
    owner_person = _slug(ActionItem._meta.get_field("owner_person"), "username")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ActionItem
        fields = ["id", "recommendation", "description", "owner_unit", "owner_person", "due_date", "status",
                  "completed_on", "progress_note", "overdue"]
        read_only_fields = ["completed_on"]

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue()


class RecommendationSerializer(serializers.ModelSerializer):
    owner_unit = _slug(Recommendation._meta.get_field("owner_unit"), "code")
    owner_person = _slug(Recommendation._meta.get_field("owner_person"), "username")
    response = ResponseSerializer(read_only=True)
    actions = ActionItemSerializer(many=True, read_only=True)
    number = serializers.IntegerField(required=False)

    class Meta:
        model = Recommendation
        fields = ["id", "evaluation", "number", "text", "finding", "owner_unit", "owner_person", "response", "actions"]
        validators = []


class EvaluationSerializer(serializers.ModelSerializer):
    project = _slug(Evaluation._meta.get_field("project"), "code")
    programme = _slug(Evaluation._meta.get_field("programme"), "code")
    responsible_unit = _slug(Evaluation._meta.get_field("responsible_unit"), "code")
    managed_by = _slug(Evaluation._meta.get_field("managed_by"), "code")
    findings = serializers.SerializerMethodField()
    recommendations = RecommendationSerializer(many=True, read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "title", "subject", "modality", "project", "programme", "results", "responsible_unit",
                  "managed_by", "evaluators", "start_date", "completion_date", "status", "summary", "report_url",
                  "is_public", "findings", "recommendations"]

    def get_findings(self, obj) -> list[dict]:
        return [{"number": f.number, "text": f.text} for f in obj.findings.all()]


class EvaluationViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = EvaluationSerializer
    permission_model = Evaluation
    filterset_fields = ["subject", "modality", "status"]

    def base_queryset(self):
        return (Evaluation.objects.select_related("project", "programme", "responsible_unit", "managed_by")
                .prefetch_related("results", "findings", "recommendations__owner_unit",
                                  "recommendations__owner_person", "recommendations__response__responded_by",
                                  "recommendations__actions__owner_unit", "recommendations__actions__owner_person")
                .order_by("-completion_date", "-id"))

    def _save(self, instance, data):
        data = dict(data)
        results = data.pop("results", None)
        return services.save_evaluation(instance, by=self.request.user, results=results, **data)

    def perform_service_create(self, data):
        return self._save(None, data)

    def perform_service_update(self, instance, data):
        return self._save(instance, data)


class RecommendationViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Recommendations; ``POST /recommendations/{id}/response`` records the management response."""

    serializer_class = RecommendationSerializer
    permission_model = Recommendation
    filterset_fields = ["evaluation"]

    @property
    def permission_action(self):
        return "change" if getattr(self, "action", None) == "response" else None

    def base_queryset(self):
        return (Recommendation.objects.select_related("evaluation", "owner_unit", "owner_person", "response",
                                                      "response__responded_by")
                .prefetch_related("actions__owner_unit", "actions__owner_person").order_by("evaluation_id", "number"))

    def perform_service_create(self, data):
        evaluation = data.pop("evaluation")
        if not permissions.can(self.request.user, "change", evaluation):
            raise PermissionDenied(_("You may not add recommendations to this evaluation."))
        return services.save_recommendation(None, by=self.request.user, evaluation=evaluation, **data)

    def perform_service_update(self, instance, data):
        data.pop("evaluation", None)
        data.pop("number", None)
        return services.save_recommendation(instance, by=self.request.user, **data)

    @extend_schema(request=ResponseSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"])
    def response(self, request, pk=None):
        rec = self.get_object()
        body = ResponseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.record_response(rec, by=request.user, **body.validated_data)
        return Response(self.get_serializer(self.base_queryset().get(pk=rec.pk)).data)


class ActionItemFilter(BoundedFilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Open and past the due date")
    unit = django_filters.CharFilter(method="filter_unit", label="Owner work unit (code; includes the units below)")

    class Meta:
        model = ActionItem
        fields = ["status", "recommendation", "overdue", "unit"]

    def filter_overdue(self, qs, name, value):
        today = timezone.localdate()
        late = qs.filter(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)
        return late if value else qs.exclude(pk__in=late.values("pk"))

    def filter_unit(self, qs, name, value):
        from mandates.organisation.models import WorkUnit

        unit = WorkUnit.objects.filter(code=value).first()
        return qs.none() if unit is None else qs.filter(selectors._unit_q(unit))


class ActionItemViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = ActionItemSerializer
    filterset_class = ActionItemFilter
    permission_model = ActionItem

    def base_queryset(self):
        return ActionItem.objects.select_related("owner_unit", "owner_person", "recommendation").order_by("due_date",
                                                                                                         "id")

    def perform_service_create(self, data):
        rec = data.pop("recommendation")
        if not permissions.can(self.request.user, "change", rec):
            raise PermissionDenied(_("You may not add action items to this recommendation."))
        return services.save_action_item(None, by=self.request.user, recommendation=rec, **data)

    def perform_service_update(self, instance, data):
        data.pop("recommendation", None)
        return services.save_action_item(instance, by=self.request.user, **data)


class LessonSerializer(serializers.ModelSerializer):
    areas = serializers.SlugRelatedField(slug_field="m49_code", many=True, required=False,
                                         queryset=Lesson._meta.get_field("areas").related_model.objects.all())
    project = _slug(Lesson._meta.get_field("project"), "code")

    class Meta:
        model = Lesson
        fields = ["id", "title", "text", "evaluation", "project", "results", "areas", "is_public", "created_at"]
        extra_kwargs = {"results": {"required": False}}


class LessonViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Lessons learned. Search with ``q`` (words), ``theme`` / ``result_area`` (node ids) and ``region``
    (M49 code; areas within it included)."""

    serializer_class = LessonSerializer
    permission_model = Lesson

    def base_queryset(self):
        return selectors.lesson_queryset().order_by("-created_at", "-id")

    def get_queryset(self):
        if self.action != "list":
            return super().get_queryset()
        from mandates.geography.models import Area
        from mandates.strategy.models import StrategyNode

        p = self.request.query_params
        nodes = {key: StrategyNode.objects.filter(pk=p[key]).first() if p.get(key, "").isdigit() else None
                 for key in ("theme", "result_area")}
        region = Area.objects.filter(m49_code=p["region"]).first() if p.get("region") else None
        qs = selectors.lesson_search(self.request.user, q=p.get("q", ""), region=region, **nodes)
        if (p.get("region") and region is None) or any(p.get(k) and nodes[k] is None for k in nodes):
            return qs.none()
        return qs

    def _save(self, instance, data):
        data = dict(data)
        results, areas = data.pop("results", None), data.pop("areas", None)
        return services.save_lesson(instance, by=self.request.user, results=results, areas=areas, **data)

    def perform_service_create(self, data):
        return self._save(None, data)

    def perform_service_update(self, instance, data):
        return self._save(instance, data)


router = OptionalSlashRouter()
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
router.register("action-items", ActionItemViewSet, basename="action-item")
router.register("lessons", LessonViewSet, basename="lesson")
urlpatterns = [path("", include(router.urls))]
