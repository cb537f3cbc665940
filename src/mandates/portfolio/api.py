"""``/api/v1/programmes`` and ``/api/v1/projects``: list (filters as the pages), detail, create, update,
delete (draft projects), lifecycle steps. Same permissions as the pages; writes go through the services."""
from django.db.models import Prefetch
from django.urls import include, path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.kept_rows import KeptRows
from mandates.people import permissions
from mandates.strategy.models import StrategyNode

from . import api_rows, selectors, services
from .filters import ProgrammeFilterSet, ProjectFilterSet
from .models import Activity, Outcome, Output, Programme, ProgrammeComponent, ProgrammeConsultation, Project
from .serializers import (
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    ProgrammeWriteSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    ProjectWriteSerializer,
)

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

    # api_rows: the list's rows as values, the same JSON as read_serializer; count and pages kept (core.kept_rows)
    values_rows = values_data = None

    def list(self, request, *args, **kwargs):
        # Not a docstring: drf-spectacular would take it for the operation's description.
        listed = self.filter_queryset(self.get_queryset())
        # counted without the joins of the values' codes (a programme, period and unit per row)
        rows = KeptRows(self.values_rows(listed), self.values_data, name=f"api:{self.basename}",
                        counted=listed.select_related(None).prefetch_related(None).order_by())
        return self.get_paginated_response(self.paginate_queryset(rows))

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
    """Projects. Lists filter as the project list page does (one filter set, ``portfolio.filters``): ``q``,
    ``status``, ``programme``, ``period``, ``theme``/``result_area``/``result`` (a strategy node code at any level
    matches every result below it), ``region`` (M49), ``country`` (ISO3), ``unit`` (work unit code, units below
    included) and ``ending`` (running projects ending within that many days)."""

    permission_model = Project
    filterset_class = ProjectFilterSet  # the project list page's own filters
    read_serializer, detail_serializer, write_serializer = (ProjectSerializer, ProjectDetailSerializer,
                                                            ProjectWriteSerializer)
    values_rows, values_data = staticmethod(api_rows.project_values), staticmethod(api_rows.project_data)

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
    filterset_class = ProgrammeFilterSet  # the programme list page's own filters
    read_serializer, detail_serializer, write_serializer = (ProgrammeSerializer, ProgrammeDetailSerializer,
                                                            ProgrammeWriteSerializer)
    values_rows, values_data = staticmethod(api_rows.programme_values), staticmethod(api_rows.programme_data)

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
