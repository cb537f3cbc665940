"""``/api/v1/strategy/...``: strategy periods, their results (with ancestors) and nodes.

Readable by anyone (the strategy is public); nodes are created and changed through the services by
those the permission matrix allows (planning officers and administrators).
"""
from django.http import Http404
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.kept_rows import KeptRows
from mandates.people import permissions

from . import selectors, services
from .models import StrategyNode, StrategyPeriod, Track
from .models.period import level_key


class PeriodSerializer(serializers.ModelSerializer):
    level_keys = serializers.SerializerMethodField(
        help_text="How the ancestors of a result are named in /strategy/results, top first (e.g. theme, "
                  "result_area); the last one names the results themselves.")

    class Meta:
        model = StrategyPeriod
        fields = ["id", "code", "title", "start_year", "end_year", "adopted_by", "mission", "level_names",
                  "management_level_names", "level_keys"]

    def get_level_keys(self, period) -> list[str]:
        return [level_key(name) for name in period.level_names]


class AncestorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    level = serializers.IntegerField()
    level_name = serializers.CharField()


class NodeSerializer(serializers.ModelSerializer):
    """A node of a strategy tree. Besides the fields below, each ancestor also appears under the name of
    its level (for 2008-2011: ``theme`` and ``result_area``, each {id, code, title})."""

    period = serializers.SlugRelatedField(slug_field="code", queryset=StrategyPeriod.objects.all(), required=False,
                                          help_text="Code of the strategy period, e.g. 2008-2011")
    track = serializers.ChoiceField(choices=Track.choices, required=False)
    parent = serializers.PrimaryKeyRelatedField(queryset=StrategyNode.objects.all(), required=False,
                                                allow_null=True, help_text="Id of the node above; none at the top")
    code = serializers.CharField(required=False, allow_blank=True, max_length=30)
    title = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    position = serializers.IntegerField(required=False, min_value=0, max_value=9999)
    level = serializers.IntegerField(read_only=True)
    level_name = serializers.CharField(read_only=True)
    is_result = serializers.BooleanField(read_only=True)
    ancestors = serializers.SerializerMethodField()

    class Meta:
        model = StrategyNode
        fields = ["id", "period", "track", "parent", "level", "level_name", "is_result", "code", "title",
                  "description", "position", "ancestors"]
        validators = []  # the services check codes (unique in the period), parents and depth

    @extend_schema_field(AncestorSerializer(many=True))
    def get_ancestors(self, node):
        if not hasattr(node, "ancestors"):
            selectors.attach_ancestors([node])
        return AncestorSerializer(
            [{"id": a.pk, "code": a.code, "title": a.title, "level": a.level, "level_name": a.level_name}
             for a in node.ancestors], many=True).data

    def to_representation(self, node):
        data = super().to_representation(node)
        for item in selectors.named_ancestors(node):
            if item["key"] not in data:
                data[item["key"]] = {"id": item["node"].pk, "code": item["node"].code, "title": item["node"].title}
        return data


def node_data(node) -> dict:
    """What ``NodeSerializer`` gives for a node whose ancestors are attached, without its field objects (a
    serializer per node and one per node's ancestors cost most of a list's CPU); a test compares the two."""
    data = {"id": node.pk, "period": node.period.code, "track": node.track, "parent": node.parent_id,
            "level": node.level, "level_name": str(node.level_name), "is_result": node.is_result, "code": node.code,
            "title": node.title, "description": node.description, "position": node.position,
            "ancestors": [{"id": a.pk, "code": a.code, "title": a.title, "level": a.level,
                           "level_name": str(a.level_name)} for a in node.ancestors]}
    for item in selectors.named_ancestors(node):
        if item["key"] not in data:
            data[item["key"]] = {"id": item["node"].pk, "code": item["node"].code, "title": item["node"].title}
    return data


class NodeWriteMixin(ServiceViewSetMixin):
    """Reads with ancestors attached in one query; writes through ``services.create_node``/``update_node``."""

    permission_model = StrategyNode
    as_result = False  # writes must leave the node a result (the last level of the period)
    branches = None  # branch nodes loaded while filtering, reused for the ancestors of the page

    def perform_service_create(self, data):
        return services.create_node(by=self.request.user, as_result=self.as_result, **data)

    def perform_service_update(self, instance, data):
        return services.update_node(instance, by=self.request.user, as_result=self.as_result, **data)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        rows = KeptRows(queryset, lambda page: [node_data(node) for node in selectors.attach_ancestors(
            page, self.branches)], name=f"api:{self.basename}")
        return self.get_paginated_response(self.paginate_queryset(rows))

    def retrieve(self, request, *args, **kwargs):
        node = self.get_object()
        selectors.attach_ancestors([node])
        return Response(self.get_serializer(node).data)

    def _periods(self):
        code = self.request.query_params.get("period", "").strip()
        if not code:
            return list(selectors.periods())
        period = selectors.period_by_code(code)
        if period is None:
            raise ValidationError({"period": [_("There is no strategy period “%(code)s”.") % {"code": code}]})
        return [period]


PERIOD_PARAM = OpenApiParameter("period", OpenApiTypes.STR, description="Code of the strategy period, e.g. 2008-2011")
TEXT_PARAM = OpenApiParameter("q", OpenApiTypes.STR, description="Words in the title or description, or the exact code")


@extend_schema_view(list=extend_schema(parameters=[
    PERIOD_PARAM,
    OpenApiParameter("theme", OpenApiTypes.STR, description=(
        "Code of an ancestor at the level named “theme”. Every level name of the period works the same way, "
        "written in lower case with underscores (see the period's level_keys).")),
    OpenApiParameter("result_area", OpenApiTypes.STR, description="Code of an ancestor at the level named "
                                                                  "“result area” (see theme)."),
    OpenApiParameter("ancestor", OpenApiTypes.STR, description="Code of an ancestor at any level"),
    TEXT_PARAM,
]))
class ResultViewSet(NodeWriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """The results of strategy periods — the nodes at the last level of each period's results tree (for
    2008-2011, the expected results) — each with its ancestors, named by the period's level names.
    POST creates a result (its parent must be at the level above); PATCH changes one."""

    serializer_class = NodeSerializer
    filter_backends = []
    as_result = True

    def base_queryset(self):
        return (StrategyNode.objects.filter(track=Track.RESULTS).select_related("period", "parent")
                .order_by("-period__start_year", "period__code", "sort_key"))

    def get_object(self):
        node = super().get_object()
        if not node.is_result:  # a theme or a result area is not a result
            raise Http404
        return node

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        periods = self._periods()
        queryset = queryset.filter(selectors.results_q(periods))
        keys = {level_key(name) for p in periods for name in p.level_names}
        params = self.request.query_params
        ancestors = [(key, params[key]) for key in sorted(keys) if params.get(key, "").strip()]
        if params.get("ancestor", "").strip():
            ancestors.append(("", params["ancestor"]))
        self.branches = selectors.branch_nodes(periods)
        return selectors.filter_results(queryset, periods, ancestors=ancestors, text=params.get("q", "").strip(),
                                        branches=self.branches)


@extend_schema_view(list=extend_schema(parameters=[
    PERIOD_PARAM,
    OpenApiParameter("track", OpenApiTypes.STR, enum=Track.values),
    OpenApiParameter("level", OpenApiTypes.INT, description="0 for the top level"),
    OpenApiParameter("parent", OpenApiTypes.INT, description="Id of the node above"),
    TEXT_PARAM,
]))
class NodeViewSet(NodeWriteMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Every node of the strategy trees (themes, result areas, results, management support objectives).
    POST creates a node at any level; PATCH changes its code, title, description, parent or position."""

    serializer_class = NodeSerializer
    filter_backends = []

    def base_queryset(self):
        return StrategyNode.objects.select_related("period").order_by("-period__start_year", "period__code",
                                                                      "track", "sort_key")

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("period", "").strip():
            queryset = queryset.filter(period__in=self._periods())
        if params.get("track") in Track.values:
            queryset = queryset.filter(track=params["track"])
        for name in ("level", "parent"):
            value = params.get(name, "").strip()
            if value:
                if not value.isdigit():
                    raise ValidationError({name: [_("Give a whole number.")]})
                queryset = queryset.filter(**{f"{name}_id" if name == "parent" else name: int(value)})
        return selectors.filter_results(queryset, [], text=params.get("q", "").strip())


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Strategy periods and the names of the levels of their trees."""

    serializer_class = PeriodSerializer
    permission_model = StrategyPeriod
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filter_backends = []

    def get_queryset(self):
        return permissions.visible(self.request.user, selectors.periods())


router = OptionalSlashRouter()
router.register("strategy/periods", PeriodViewSet, basename="strategy-period")
router.register("strategy/results", ResultViewSet, basename="strategy-result")
router.register("strategy/nodes", NodeViewSet, basename="strategy-node")
urlpatterns = [path("", include(router.urls))]
