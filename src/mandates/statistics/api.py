"""``/api/v1/statistics/...``: series and values (public reference data; the matrix decides), filtered and
paginated, and ``values/bulk``, every matching value streamed as CSV whatever their number."""
import csv

from django.http import StreamingHttpResponse
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError

from mandates.core.api import OptionalSlashRouter
from mandates.core.spreadsheet import safe_cell
from mandates.people import permissions

from .models import Series, Value

SERIES_FILTERS = ["collection", "indicator", "dimension", "category", "sex", "age", "unit"]
VALUE_PARAMS = [
    OpenApiParameter("series", OpenApiTypes.INT, description="Series id"),
    OpenApiParameter("area", OpenApiTypes.STR, description="Area code: ISO alpha-3 (KEN), a UNODC special code "
                                                           "(GBR_S) or a published aggregate (M49_002)"),
    OpenApiParameter("year", OpenApiTypes.INT), OpenApiParameter("year_from", OpenApiTypes.INT),
    OpenApiParameter("year_to", OpenApiTypes.INT),
    *[OpenApiParameter(name, OpenApiTypes.STR, description=f"Series {name} (exact)") for name in SERIES_FILTERS],
]


class SeriesSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Series
        fields = ["id", "collection", "indicator", "dimension", "category", "sex", "age", "unit", "label"]


class ValueSerializer(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    area_kind = serializers.CharField(source="area.kind")
    m49 = serializers.SerializerMethodField()
    value = serializers.DecimalField(max_digits=30, decimal_places=15, coerce_to_string=True)
    file = serializers.CharField(source="run.file_name")

    class Meta:
        model = Value
        fields = ["series", "area", "area_name", "area_kind", "m49", "year", "value", "text", "source", "file"]

    def get_m49(self, obj) -> str | None:
        return obj.area.country.m49_code if obj.area.country_id else None


def _int_param(request, name):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError({name: [_("“%(raw)s” is not a whole number.") % {"raw": raw}]}) from None


@extend_schema(parameters=[OpenApiParameter(n, OpenApiTypes.STR) for n in SERIES_FILTERS])
class SeriesViewSet(viewsets.ReadOnlyModelViewSet):
    """Statistical series (indicator, dimension, category, sex, age, unit within a collection)."""

    serializer_class = SeriesSerializer
    permission_model = Series

    def get_queryset(self):
        qs = permissions.visible(self.request.user, Series.objects.all())
        filters = {n: self.request.query_params[n] for n in SERIES_FILTERS if self.request.query_params.get(n)}
        return qs.filter(**filters).order_by("pk")


@extend_schema(parameters=VALUE_PARAMS)
class ValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Values per area and year with their source and the file they came from."""

    serializer_class = ValueSerializer
    permission_model = Value

    def get_queryset(self):
        params = self.request.query_params
        qs = permissions.visible(self.request.user, Value.objects.all())
        series = _int_param(self.request, "series")
        if series is not None:
            qs = qs.filter(series_id=series)
        if params.get("area"):
            qs = qs.filter(area__code=params["area"].strip().upper())
        for name, lookup in (("year", "year"), ("year_from", "year__gte"), ("year_to", "year__lte")):
            number = _int_param(self.request, name)
            if number is not None:
                qs = qs.filter(**{lookup: number})
        qs = qs.filter(**{f"series__{n}": params[n] for n in SERIES_FILTERS if params.get(n)})
        return qs.select_related("area", "area__country", "run").order_by("series_id", "area__code", "year", "pk")

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    @action(detail=False)
    def bulk(self, request):
        """Every matching value as CSV, streamed in chunks (no pagination)."""
        rows = self.get_queryset().values_list(
            "series_id", "series__indicator", "series__dimension", "series__category", "series__sex", "series__age",
            "series__unit", "area__code", "area__name", "year", "value", "source", "run__file_name")

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def stream():
            yield writer.writerow(["series", "indicator", "dimension", "category", "sex", "age", "unit", "area",
                                   "area_name", "year", "value", "source", "file"])
            for row in rows.iterator(chunk_size=5000):
                yield writer.writerow([safe_cell(c) for c in row])

        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="statistics-values.csv"'
        return response


router = OptionalSlashRouter()
router.register("statistics/series", SeriesViewSet, basename="statistics-series")
router.register("statistics/values", ValueViewSet, basename="statistics-value")
urlpatterns = [path("", include(router.urls))]
