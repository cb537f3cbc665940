"""``/api/v1/countries`` and ``/api/v1/areas`` (read-only reference data)."""
from django.urls import include, path
from rest_framework import serializers, viewsets

from mandates.core.api import OptionalSlashRouter
from mandates.people import permissions

from .models import Area, Country


class CountrySerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.name", default=None)
    sub_region = serializers.CharField(source="sub_region.name", default=None)
    intermediate_region = serializers.CharField(source="intermediate_region.name", default=None)

    class Meta:
        model = Country
        fields = ["m49_code", "iso2", "iso3", "name", "region", "sub_region", "intermediate_region",
                  "is_ldc", "is_lldc", "is_sids"]


class AreaSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent.m49_code", default=None)

    class Meta:
        model = Area
        fields = ["m49_code", "name", "level", "parent"]


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CountrySerializer
    permission_model = Country
    lookup_field = "iso3"
    filterset_fields = ["iso2", "is_ldc", "is_lldc", "is_sids"]

    def get_queryset(self):
        qs = Country.objects.select_related("region", "sub_region", "intermediate_region").order_by("name")
        return permissions.visible(self.request.user, qs)


class AreaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AreaSerializer
    permission_model = Area
    lookup_field = "m49_code"
    filterset_fields = ["level"]

    def get_queryset(self):
        return permissions.visible(self.request.user, Area.objects.select_related("parent").order_by("m49_code"))


router = OptionalSlashRouter()
router.register("countries", CountryViewSet, basename="country")
router.register("areas", AreaViewSet, basename="area")
urlpatterns = [path("", include(router.urls))]
