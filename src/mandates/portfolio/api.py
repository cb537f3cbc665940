"""``/api/v1/programmes`` and ``/api/v1/projects``: list (filters as the pages), detail, create, update,
delete (draft projects), lifecycle steps. Same permissions as the pages; writes go through the services."""
import django_filters
from django.db.models import Prefetch
from django.urls import include, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.params import FilterSet as BoundedFilterSet
from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.people import permissions
from mandates.strategy.models import StrategyNode, StrategyPeriod

from . import selectors, services
from .models import Activity, Outcome, Output, Programme, ProgrammeComponent, ProgrammeConsultation, Project
from .serializers import (
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    ProgrammeWriteSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ProjectWriteSerializer,
)


class PortfolioFilter(BoundedFilterSet):
    q = django_filters.CharFilter(label="Text in the code, title, objective or summary", method="keep")
    status = django_filters.CharFilter(method="keep")
    period = django_filters.ModelChoiceFilter(queryset=StrategyPeriod.objects.all(), to_field_name="code",
                                              method="keep", label="Strategy period code")
    theme = django_filters.CharFilter(method="keep", label="Strategy node code (any level)")
    result_area = django_filters.CharFilter(method="keep", label="Strategy node code (any level)")
    result = django_filters.CharFilter(method="keep", label="Strategy node code: matches it and every result below")
    region = django_filters.ModelChoiceFilter(queryset=Area.objects.all(), to_field_name="m49_code", method="keep",
                                              label="M49 area code")
    country = django_filters.ModelChoiceFilter(queryset=Country.objects.all(), to_field_name="iso3", method="keep",
                                               label="ISO alpha-3 code")
    unit = django_filters.ModelChoiceFilter(queryset=WorkUnit.objects.all(), to_field_name="code", method="keep",
                                            label="Work unit code (includes the units below it)")

    selector = None
    extra = ()

    def keep(self, queryset, name, value: str):
        return queryset  # all filters are applied together by the selector

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        kwargs = {"search": data.get("q") or "", "status": data.get("status") or ""}
        for name in ("period", "region", "country", "unit") + self.extra:
            kwargs[name] = data.get(name) or ("" if name == "kind" else None)
        for name in ("theme", "result_area", "result"):
            kwargs[name] = self._nodes(name, data.get(name), data.get("period"))
        return type(self).selector(queryset, **kwargs)

    @staticmethod
    def _nodes(name, code, period):
        if not code:
            return None
        nodes = StrategyNode.objects.filter(code=code, track="results").select_related("period")
        if period is not None:
            nodes = nodes.filter(period=period)
        nodes = list(nodes)
        if not nodes:
            raise DRFValidationError({name: [f"No strategy node with code “{code}”."]})
        return nodes


class ProjectFilter(PortfolioFilter):
    programme = django_filters.ModelChoiceFilter(queryset=Programme.objects.all(), to_field_name="code",
                                                 method="keep", label="Programme code")
    selector = staticmethod(selectors.filter_projects)
    extra = ("programme",)

    class Meta:
        model = Project
        fields = []


class ProgrammeFilter(PortfolioFilter):
    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, method="keep")
    selector = staticmethod(selectors.filter_programmes)
    extra = ("kind",)

    class Meta:
        model = Programme
        fields = []


TransitionInput = inline_serializer("TransitionInput", {
    "transition": serializers.CharField(), "comment": serializers.CharField(required=False, allow_blank=True)})


class PortfolioViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    read_serializer = detail_serializer = write_serializer = None
    permission_action = None  # set per action (lifecycle steps need "transition")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer
        return self.detail_serializer if self.action == "retrieve" else self.read_serializer

    def respond(self, instance, code=status.HTTP_200_OK):
        obj = self.detail_queryset().get(pk=instance.pk)
        return Response(self.detail_serializer(obj, context=self.get_serializer_context()).data, status=code)

    def get_queryset(self):
        if self.action == "retrieve":
            from mandates.people import permissions

            return permissions.visible(self.request.user, self.detail_queryset())
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        permissions.require(request.user, "add", self.permission_model(lead_unit=serializer.validated_data["lead_unit"]))
        return self.respond(self.perform_service_create(serializer.validated_data), status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        new_unit = serializer.validated_data.get("lead_unit")
        if new_unit is not None and new_unit.pk != instance.lead_unit_id:
            permissions.require(request.user, "change", self.permission_model(lead_unit=new_unit))
        return self.respond(self.perform_service_update(instance, serializer.validated_data))

    @extend_schema(request=TransitionInput)
    @action(detail=True, methods=["post"], permission_action="transition")
    def transition(self, request, pk=None):
        """Run a lifecycle step (e.g. ``submit``, ``approve``, ``endorse``) with an optional comment."""
        instance = self.get_object()
        services.transition(instance, str(request.data.get("transition", "")), by=request.user,
                            comment=str(request.data.get("comment", "")))
        return self.respond(instance)


class ProjectViewSet(mixins.DestroyModelMixin, PortfolioViewSet):
    """Projects. Lists filter by ``q``, ``status``, ``programme``, ``period``, ``theme``/``result_area``/``result``
    (a strategy node code at any level matches every result below it), ``region`` (M49), ``country`` (ISO3) and
    ``unit`` (work unit code, units below included)."""

    permission_model = Project
    filterset_class = ProjectFilter
    read_serializer, detail_serializer, write_serializer = (ProjectSerializer, ProjectDetailSerializer,
                                                            ProjectWriteSerializer)

    def base_queryset(self):
        return selectors.project_rows().order_by("code")

    def detail_queryset(self):
        nodes = StrategyNode.objects.select_related("period")
        activities = Activity.objects.select_related("country", "area", "responsible_unit")
        outputs = Output.objects.prefetch_related(Prefetch("results", queryset=nodes),
                                                  Prefetch("activities", queryset=activities))
        return self.base_queryset().select_related("component").prefetch_related(Prefetch(
            "outcomes", queryset=Outcome.objects.prefetch_related(Prefetch("results", queryset=nodes),
                                                                  Prefetch("outputs", queryset=outputs))))

    def perform_service_create(self, data):
        return services.create_project(by=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.update_project(instance, by=self.request.user, **data)

    def perform_destroy(self, instance):
        services.delete_project(instance, by=self.request.user)


class ProgrammeViewSet(PortfolioViewSet):
    """Programmes. Lists filter by ``q``, ``status``, ``kind``, ``period``, ``theme``/``result_area``/``result``,
    ``region``, ``country`` and ``unit``, like the projects."""

    permission_model = Programme
    filterset_class = ProgrammeFilter
    read_serializer, detail_serializer, write_serializer = (ProgrammeSerializer, ProgrammeDetailSerializer,
                                                            ProgrammeWriteSerializer)

    def base_queryset(self):
        return selectors.programme_rows().order_by("code")

    def detail_queryset(self):
        return self.base_queryset().prefetch_related(
            Prefetch("components", queryset=ProgrammeComponent.objects.order_by("code")),
            Prefetch("consultations", queryset=ProgrammeConsultation.objects.order_by("date", "pk")))

    def perform_service_create(self, data):
        return services.create_programme(by=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.update_programme(instance, by=self.request.user, **data)


router = OptionalSlashRouter()
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("projects", ProjectViewSet, basename="project")
urlpatterns = [path("", include(router.urls))]
