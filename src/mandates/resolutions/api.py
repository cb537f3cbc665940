"""``/api/v1/resolutions``: resolutions, their operative paragraphs, obligations and links to results.

* ``GET /api/v1/resolutions`` (``?q=``, ``?body=``, ``?year=``) and ``/api/v1/resolutions/{id}``;
* ``POST /api/v1/resolutions/import`` (planning officers): ``file`` (multipart: text, Markdown, .docx or
  PDF) or ``text``, with ``symbol``, ``body``, ``date``, optional ``title``, ``replace`` and
  ``duplicate_reason`` — the same reading, refusals and duplicate rule as the import page;
* ``GET /api/v1/resolutions/paragraphs?symbol=A/RES/64/179`` — symbols hold slashes, so the symbol
  is a query parameter; operative paragraphs by default (``?kind=preambular`` or ``all``);
* ``GET /api/v1/resolutions/obligations`` (``?status=due|overdue|answered``, ``?body=``, ``?year=``,
  ``?symbol=``, ``?deadline_after=``, ``?deadline_before=``);
* ``GET /api/v1/resolutions/links`` (``?symbol=``, ``?state=``) and
  ``POST /api/v1/resolutions/links/{id}/confirm`` or ``/reject`` (planning officers).
"""
import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter, Pagination

from . import selectors, services
from .models import Obligation, Paragraph, Resolution, ResultLink


class ResolutionSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(read_only=True)
    operative_count = serializers.IntegerField(read_only=True)
    open_obligations = serializers.IntegerField(read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "symbol", "kind", "body", "body_name", "date", "title", "session", "operative_count",
                  "open_obligations"]


class ParagraphSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(source="resolution.symbol", read_only=True)
    deadline = serializers.DateField(read_only=True, allow_null=True,
                                     help_text="The earliest deadline of the paragraph's obligations, or null")

    class Meta:
        model = Paragraph
        fields = ["id", "symbol", "kind", "number", "position", "verb", "addressee", "addressee_category",
                  "deadline", "text"]


class ObligationSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(source="paragraph.resolution.symbol", read_only=True)
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    status = serializers.CharField(source="state", read_only=True, help_text="due, overdue or answered")
    next_due = serializers.DateField(read_only=True, allow_null=True,
                                     help_text="A recurring obligation's next occurrence; else the deadline")
    programmes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    projects = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Obligation
        fields = ["id", "symbol", "paragraph", "kind", "actor", "recipient_body", "recipient", "deadline",
                  "deadline_text", "deadline_precision", "recurrence", "recurrence_months", "next_due", "status", "report_symbol", "report_title", "report_date", "report_section",
                  "programmes", "projects"]


class LinkSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(source="paragraph.resolution.symbol", read_only=True)
    paragraph = serializers.IntegerField(source="paragraph.number", read_only=True)
    period = serializers.CharField(source="result.period.code", read_only=True)
    result = serializers.CharField(source="result.code", read_only=True)
    result_title = serializers.CharField(source="result.title", read_only=True)
    decided_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = ResultLink
        fields = ["id", "symbol", "paragraph", "period", "result", "result_title", "state", "source", "score",
                  "rank", "decided_by", "decided_at"]


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    text = serializers.CharField(required=False, trim_whitespace=False)
    symbol = serializers.CharField(max_length=60, required=False, allow_blank=True)  # default: as the text prints it
    body = serializers.CharField(max_length=120, required=False, allow_blank=True)
    date = serializers.DateField(required=False, allow_null=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    replace = serializers.BooleanField(required=False, default=False)
    duplicate_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        if not attrs.get("file") and not (attrs.get("text") or "").strip():
            raise serializers.ValidationError({"file": [_("Send the file, or the text in “text”.")]})
        return attrs


class ResolutionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ResolutionSerializer
    permission_model = Resolution
    permission_action = None  # "add" for the import
    lookup_value_regex = r"\d+"

    @extend_schema(parameters=[
        OpenApiParameter("q", str, description="Symbol or title contains"),
        OpenApiParameter("body", str, description="Body code, e.g. GA, ECOSOC, CND, CCPCJ"),
        OpenApiParameter("year", int, description="Year of adoption"),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ImportSerializer, responses=ResolutionSerializer)
    @action(detail=False, methods=["post"], url_path="import", permission_action="add")
    def import_text(self, request):
        """Import a resolution from its text or file at once (no review): refused, with the reason, when it
        is not a resolution or is a text already imported (unless ``duplicate_reason`` is given)."""
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        source = values.get("file") or values.get("text") or ""
        try:
            resolution = services.import_resolution(
                source, symbol=values.get("symbol", ""), body=values.get("body", ""), date=values.get("date"),
                title=values.get("title") or None, replace=values.get("replace", False), by=request.user,
                duplicate_reason=values.get("duplicate_reason", ""), name=getattr(source, "name", ""))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"source": exc.messages}) from exc
        saved = selectors.resolution_list(request.user).get(pk=resolution.pk)  # with its counts
        body = dict(ResolutionSerializer(saved, context={"request": request}).data)
        body["warnings"] = resolution.import_warnings
        return Response(body, status=201)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Resolution.objects.none()
        params = self.request.query_params
        year = params.get("year")
        if year and not year.isdigit():
            raise ValidationError({"year": [_("Give a year such as 2009.")]})
        return selectors.resolution_list(self.request.user, search=params.get("q", "").strip(),
                                         body=params.get("body", ""), year=int(year) if year else None)


class ParagraphPagination(Pagination):
    page_size = 200


class ParagraphViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The paragraphs of one resolution, given by its symbol."""

    serializer_class = ParagraphSerializer
    permission_model = Paragraph
    pagination_class = ParagraphPagination

    @extend_schema(parameters=[
        OpenApiParameter("symbol", str, required=True, description="Document symbol, e.g. A/RES/64/179"),
        OpenApiParameter("kind", str, enum=["operative", "preambular", "all"], description="Default: operative"),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Paragraph.objects.none()
        params = self.request.query_params
        symbol = params.get("symbol", "").strip()
        if not symbol:
            raise ValidationError({"symbol": [_("Give the resolution's symbol, e.g. ?symbol=A/RES/64/179.")]})
        kind = params.get("kind", Paragraph.Kind.OPERATIVE)
        if kind not in ("operative", "preambular", "all"):
            raise ValidationError({"kind": [_("Use operative, preambular or all.")]})
        if not selectors.resolution_list(self.request.user).filter(symbol=symbol).exists():
            raise NotFound(_("No resolution %(symbol)s.") % {"symbol": symbol})
        return selectors.paragraphs_for_api(self.request.user, symbol, kind)


def _date_param(params, name):
    value = params.get(name)
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]}) from None


class ObligationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ObligationSerializer
    permission_model = Obligation
    lookup_value_regex = r"\d+"

    @extend_schema(parameters=[
        OpenApiParameter("status", str, enum=["due", "overdue", "answered"]),
        OpenApiParameter("body", str), OpenApiParameter("year", int, description="Year of the deadline"),
        OpenApiParameter("symbol", str), OpenApiParameter("deadline_after", OpenApiTypes.DATE),
        OpenApiParameter("deadline_before", OpenApiTypes.DATE),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Obligation.objects.none()
        params = self.request.query_params
        status = params.get("status", "")
        if status and status not in dict(selectors.OBLIGATION_STATES):
            raise ValidationError({"status": [_("Use due, overdue or answered.")]})
        year = params.get("year")
        if year and not year.isdigit():
            raise ValidationError({"year": [_("Give a year such as 2010.")]})
        filters = selectors.ObligationFilters(
            body=params.get("body", ""), year=int(year) if year else None, status=status,
            symbol=params.get("symbol", "").strip(), deadline_after=_date_param(params, "deadline_after"),
            deadline_before=_date_param(params, "deadline_before"),
        )
        return selectors.obligation_list(self.request.user, filters).prefetch_related("programmes", "projects")


class LinkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = LinkSerializer
    permission_model = ResultLink
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ResultLink.objects.none()
        params = self.request.query_params
        state = params.get("state", "")
        if state and state not in ResultLink.State.values:
            raise ValidationError({"state": [_("Use suggested, confirmed or rejected.")]})
        return selectors.links_list(self.request.user, symbol=params.get("symbol", "").strip(), state=state)

    def _decide(self, request, state):
        link = self.get_object()
        services.decide_link(link, state=state, by=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=link.pk)).data)

    @extend_schema(request=None, responses=LinkSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._decide(request, ResultLink.State.CONFIRMED)

    @extend_schema(request=None, responses=LinkSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, ResultLink.State.REJECTED)

    def get_permissions(self):
        if self.action in ("confirm", "reject"):
            self.permission_action = "change"
        return super().get_permissions()


router = OptionalSlashRouter()
router.register("resolutions/paragraphs", ParagraphViewSet, basename="resolution-paragraph")
router.register("resolutions/obligations", ObligationViewSet, basename="resolution-obligation")
router.register("resolutions/links", LinkViewSet, basename="resolution-link")
router.register("resolutions", ResolutionViewSet, basename="resolution")
urlpatterns = [path("", include(router.urls))]
