"""``/api/v1/partners``: list, detail, create, update."""
import django_filters
from django.urls import include, path
from rest_framework import mixins, serializers, viewsets

from mandates.core.api import OptionalSlashRouter, ServiceViewSetMixin
from mandates.core.params import FilterSet as BoundedFilterSet

from . import services
from .models import Partner


class PartnerSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="iso3", queryset=Partner._meta.get_field("country").related_model.objects.all(),
        required=False, allow_null=True,
    )

    class Meta:
        model = Partner
        fields = ["id", "name", "acronym", "kind", "country", "iati_organisation_ref", "website", "description"]


class PartnerFilter(BoundedFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")

    class Meta:
        model = Partner
        fields = ["kind", "q"]


class PartnerViewSet(ServiceViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    permission_model = Partner

    def base_queryset(self):
        return Partner.objects.select_related("country").order_by("name")

    def perform_service_create(self, data):
        return services.save_partner(None, by=self.request.user, **data)

    def perform_service_update(self, instance, data):
        return services.save_partner(instance, by=self.request.user, **data)


router = OptionalSlashRouter()
router.register("partners", PartnerViewSet, basename="partner")
urlpatterns = [path("", include(router.urls))]
