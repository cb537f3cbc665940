"""``/api/v1/treaties/...``: instruments with their counts, the status of an instrument as at a date,
State profiles. Public read; bad parameters answer 400 with a message per parameter."""
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from mandates.core.api import OptionalSlashRouter
from mandates.core.kept_rows import KeptRows
from mandates.geography.models import Country
from mandates.people import permissions

from . import selectors
from .models import Instrument, Participant
from .parsing import parse_as_of

TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off", ""}
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Status as at this date (YYYY-MM-DD); default today")
INCLUDE_REI = OpenApiParameter("include_rei", OpenApiTypes.BOOL, description=(
    "Count regional economic integration organizations (the European Union); default false"))
INSTRUMENT = OpenApiParameter("instrument", OpenApiTypes.STR, required=True,
                              description="Instrument code (UN Treaty Collection number), e.g. XVIII-12")


def as_of_param(request):
    try:
        return parse_as_of(request.query_params.get("as_of"))
    except ValueError as exc:
        raise ValidationError({"as_of": [str(exc)]}) from exc


def include_rei_param(request) -> bool:
    value = request.query_params.get("include_rei", "false").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValidationError({"include_rei": [_("“%(value)s” is not true or false.") % {"value": value}]})


def _iso(day):
    return day.isoformat() if day else None


class InstrumentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parties = serializers.IntegerField(read_only=True)
    signatories = serializers.IntegerField(read_only=True)

    class Meta:
        model = Instrument
        fields = ["code", "short_name", "title", "group", "parent", "depositary", "adoption_date", "adoption_place",
                  "entry_into_force", "status_source", "status_date", "parties", "signatories"]


@extend_schema(parameters=[AS_OF, INCLUDE_REI])
class InstrumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Instruments with the number of parties and signatories as at ``as_of``."""

    serializer_class = InstrumentSerializer
    permission_model = Instrument
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def list(self, request, *args, **kwargs):
        # The counts as at a date are the same for everyone who may see the same instruments (core.kept_rows).
        rows = KeptRows(self.filter_queryset(self.get_queryset()),
                        lambda page: [dict(row) for row in self.get_serializer(page, many=True).data],
                        name="api:treaty-instruments")
        return self.get_paginated_response(self.paginate_queryset(rows))

    def get_queryset(self):
        return selectors.instruments_with_counts(
            self.request.user, as_of=as_of_param(self.request), include_rei=include_rei_param(self.request),
            group=self.request.query_params.get("group", ""),
        ).order_by("position", "code")

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True)
    def series(self, request, code=None):
        """Parties and signatories at the end of each year, up to ``as_of``."""
        instrument = self.get_object()
        as_of = as_of_param(request)
        return Response({
            "instrument": instrument.code,
            "series": selectors.parties_series(instrument, until=selectors.series_end(instrument, as_of),
                                               include_rei=include_rei_param(request)),
        })


class StatusViewSet(viewsets.ViewSet):
    """``GET /api/v1/treaties/status?instrument=CODE&as_of=YYYY-MM-DD&include_rei=false``."""

    permission_model = Instrument

    @extend_schema(parameters=[INSTRUMENT, AS_OF, INCLUDE_REI], responses=OpenApiTypes.OBJECT,
                   operation_id="treaties_status")
    def list(self, request):
        code = request.query_params.get("instrument", "").strip()
        errors = {}
        if not code:
            errors["instrument"] = [_("Give the instrument’s code, e.g. instrument=XVIII-12.")]
        try:
            as_of = parse_as_of(request.query_params.get("as_of"))
        except ValueError as exc:
            errors["as_of"] = [str(exc)]
        try:
            include_rei = include_rei_param(request)
        except ValidationError as exc:
            errors.update(exc.detail)
        instrument = selectors.instruments(request.user).filter(code__iexact=code).first() if code else None
        if code and instrument is None:
            known = ", ".join(selectors.instruments(request.user).order_by("position", "code").values_list("code", flat=True))
            errors["instrument"] = [_("Unknown instrument “%(code)s”. Known codes: %(known)s.") % {
                "code": code, "known": known or _("none yet")}]
        if errors:
            raise ValidationError(errors)
        counts = selectors.status_counts(instrument, as_of=as_of, include_rei=include_rei)
        rows = selectors.status_rows(instrument, as_of=as_of, include_rei=include_rei)
        return Response({
            "instrument": {"code": instrument.code, "short_name": instrument.short_name, "title": instrument.title,
                           "entry_into_force": _iso(instrument.entry_into_force)},
            "as_of": as_of.isoformat(), "include_rei": include_rei, "in_force": instrument.in_force_on(as_of),
            "parties": counts["parties"], "signatories": counts["signatories"],
            "states": [_status_row(row) for row in rows],
        })


def _status_row(row) -> dict:
    event = row.defining_event
    return {
        "name": row.participant.name, "iso3": row.participant.iso3 or None, "code": row.participant.code,
        "is_rei": row.participant.is_rei, "status": row.status,
        "event_kind": event.kind, "event_date": event.date.isoformat(),
        "signature_date": _iso(row.signature.date if row.signature else None),
        "consent_kind": row.consent.kind if row.consent else None,
        "consent_date": _iso(row.consent.date if row.consent else None),
    }


class StateViewSet(viewsets.ViewSet):
    """State profiles: every instrument with the State's signature and consent, and what it has not ratified."""

    permission_model = Participant
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}},
                   operation_id="treaties_states_list")
    def list(self, request):
        rows = permissions.visible(request.user, Participant.objects.order_by("name")).values("code", "name", "is_rei")
        return Response([{**row, "iso3": None if row["is_rei"] else row["code"]} for row in rows])

    @extend_schema(parameters=[AS_OF], responses=OpenApiTypes.OBJECT)
    def retrieve(self, request, code=None):
        as_of = as_of_param(request)
        participant = selectors.participant_for(code)
        country = participant.country if participant else Country.objects.filter(iso3__iexact=code).first()
        if participant is None and country is None:
            raise NotFound(_("No State or organization with the code “%(code)s”.") % {"code": code})
        rows = selectors.profile(request.user, participant, as_of=as_of)
        return Response({
            "name": participant.name if participant else country.name,
            "iso3": country.iso3 if country else None, "is_rei": bool(participant and participant.is_rei),
            "as_of": as_of.isoformat(),
            "parties_to": sum(r.status == "party" for r in rows),
            "instruments": [{
                "code": r.instrument.code, "short_name": r.instrument.short_name, "status": r.status,
                "signature_date": _iso(r.signature.date if r.signature else None),
                "consent_kind": r.consent.kind if r.consent else None,
                "consent_date": _iso(r.consent.date if r.consent else None),
                "assisted_by_projects": [p.code for p in r.consent.assisted_by_projects.all()] if r.consent else [],
            } for r in rows],
            "not_yet_party_to": [r.instrument.code for r in rows if r.status != "party"],
        })


router = OptionalSlashRouter()
router.register("treaties/instruments", InstrumentViewSet, basename="treaty-instrument")
router.register("treaties/status", StatusViewSet, basename="treaty-status")
router.register("treaties/states", StateViewSet, basename="treaty-state")
urlpatterns = [path("", include(router.urls))]
