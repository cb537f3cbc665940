"""``/api/v1/work-units``: list, detail, create, update (the tree is given by ``parent``)."""
from django.urls import include, path
from rest_framework import mixins, serializers, viewsets

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.geography.models import Country

from . import services
from .models import WorkUnit


class WorkUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField()
    parent_code = serializers.SlugRelatedField(
        slug_field="code", queryset=WorkUnit.objects.all(), write_only=True, required=False, allow_null=True,
        help_text="Code of the unit above (create only)",
    )
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Country.objects.all(), required=False, allow_null=True)

    class Meta:
        model = WorkUnit
        fields = ["id", "code", "name", "kind", "location", "country", "parent", "parent_code", "depth"]
        read_only_fields = ["depth"]

    def get_parent(self, obj) -> str | None:
        parents = self.context.get("parent_codes")
        if parents is not None:
            return parents.get(obj.path[: -WorkUnit.steplen])
        parent = WorkUnit.objects.get_parent(obj)
        return parent.code if parent else None


class WorkUnitViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = WorkUnitSerializer
    permission_model = WorkUnit
    lookup_field = "code"
    filterset_fields = ["kind"]

    def base_queryset(self):
        return WorkUnit.objects.select_related("country").order_by("path")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["parent_codes"] = dict(WorkUnit.objects.values_list("path", "code"))
        return context

    def perform_service_create(self, data):
        parent = data.pop("parent_code", None)
        return services.create_work_unit(by=self.request.user, parent=parent, **data)

    def perform_service_update(self, instance, data):
        data.pop("parent_code", None)
        return services.update_work_unit(instance, by=self.request.user, **data)


router = OptionalSlashRouter()
router.register("work-units", WorkUnitViewSet, basename="work-unit")
urlpatterns = [path("", include(router.urls))]
