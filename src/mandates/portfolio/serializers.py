"""API shapes of programmes and projects. Reads name things by code; writes accept codes too
(results by code within the strategy period, work units by code, countries by ISO alpha-3, areas by M49)."""
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mandates.geography.models import Area, Country
from mandates.organisation.models import WorkUnit
from mandates.partners.models import Partner
from mandates.strategy.models import StrategyNode, StrategyPeriod

from .models import Programme, ProgrammeComponent, Project, ProjectPartner

# --- reading -------------------------------------------------------------------------------------------

def location_data(loc):
    """{"country": ISO3} | {"area": M49, "name": ...} | "global" (percentage added when recorded)."""
    if loc.country_id:
        data = {"country": loc.country.iso3, "name": loc.country.name}
    elif loc.area.level == Area.Level.WORLD:
        return "global"
    else:
        data = {"area": loc.area.m49_code, "name": loc.area.name}
    if loc.percentage is not None:
        data["percentage"] = str(loc.percentage)
    return data


def area_data(area):
    return "global" if area.level == Area.Level.WORLD else {"area": area.m49_code, "name": area.name}


def codes(nodes):
    return [n.code for n in nodes]


class ActivitySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    where = serializers.SerializerMethodField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    responsible_unit = serializers.SerializerMethodField()
    planned_cost = serializers.DecimalField(max_digits=16, decimal_places=2)
    currency = serializers.CharField()

    def get_where(self, activity) -> dict | str | None:
        if activity.country_id:
            return {"country": activity.country.iso3, "name": activity.country.name}
        if activity.area_id:
            return area_data(activity.area)
        return None

    def get_responsible_unit(self, activity) -> str | None:
        return activity.responsible_unit.code if activity.responsible_unit_id else None


class OutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    results = serializers.SerializerMethodField()
    activities = ActivitySerializer(many=True, read_only=True)

    def get_results(self, row) -> list[str]:
        return codes(row.results.all())


class OutcomeSerializer(OutputSerializer):
    activities = None
    outputs = OutputSerializer(many=True, read_only=True)


class ProjectSerializer(serializers.ModelSerializer):
    programme = serializers.SerializerMethodField()
    strategy_period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    results = serializers.SerializerMethodField()
    locations = serializers.SerializerMethodField()
    partners = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", "code", "title", "objective", "status", "programme", "strategy_period", "lead_unit",
                  "start_date", "end_date", "results", "locations", "partners", "is_public", "iati_identifier"]

    def get_programme(self, project) -> str | None:
        return project.programme.code if project.programme_id else None

    def get_results(self, project) -> list[str]:
        return codes(project.results.all())

    def get_locations(self, project) -> list:
        return [location_data(loc) for loc in project.locations.all()]

    def get_partners(self, project) -> list[dict]:
        return [{"name": r.partner.name, "acronym": r.partner.acronym, "role": r.role}
                for r in project.partner_roles.all()]


class ProjectDetailSerializer(ProjectSerializer):
    component = serializers.SerializerMethodField()
    outcomes = OutcomeSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = ProjectSerializer.Meta.fields + ["description", "component", "outcomes"]

    def get_component(self, project) -> str | None:
        return project.component.code if project.component_id else None


class ProgrammeSerializer(serializers.ModelSerializer):
    strategy_period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    countries = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    areas = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = ["id", "code", "title", "kind", "status", "summary", "strategy_period", "lead_unit", "start_date",
                  "end_date", "countries", "areas", "results", "is_public"]

    def get_areas(self, programme) -> list:
        return [area_data(a) for a in programme.areas.all()]

    def get_results(self, programme) -> list[str]:
        return codes(programme.results.all())


class ProgrammeDetailSerializer(ProgrammeSerializer):
    components = serializers.SerializerMethodField()
    consultations = serializers.SerializerMethodField()

    class Meta(ProgrammeSerializer.Meta):
        fields = ProgrammeSerializer.Meta.fields + ["components", "consultations"]

    def get_components(self, programme) -> list[dict]:
        return [{"code": c.code, "title": c.title} for c in programme.components.all()]

    def get_consultations(self, programme) -> list[dict]:
        return [{"kind": c.kind, "date": c.date.isoformat(), "place": c.place, "summary": c.summary}
                for c in programme.consultations.all()]


# --- writing ---------------------------------------------------------------------------------------------

@extend_schema_field({"oneOf": [
    {"type": "string", "enum": ["global"]},
    {"type": "object", "properties": {"country": {"type": "string", "description": "ISO alpha-3"},
                                      "percentage": {"type": "number"}}, "required": ["country"]},
    {"type": "object", "properties": {"area": {"type": "string", "description": "M49 code"},
                                      "percentage": {"type": "number"}}, "required": ["area"]},
]})
class LocationField(serializers.Field):
    """"global" | {"country": "KEN"} | {"area": "014"}, each with an optional "percentage"."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip().lower() == "global":
            return {"area": Area.objects.get(level=Area.Level.WORLD)}
        if not isinstance(data, dict):
            raise serializers.ValidationError(_('Give "global", {"country": ISO3} or {"area": M49 code}.'))
        out = {"percentage": data.get("percentage")}
        if data.get("country"):
            out["country"] = Country.objects.filter(iso3__iexact=str(data["country"])).first()
            if out["country"] is None:
                raise serializers.ValidationError(_("No country with ISO code “%(code)s”.") % {"code": data["country"]})
        if data.get("area"):
            out["area"] = Area.objects.filter(m49_code=str(data["area"]).zfill(3)).first()
            if out["area"] is None:
                raise serializers.ValidationError(_("No M49 area with code “%(code)s”.") % {"code": data["area"]})
        return out

    def to_representation(self, value):  # pragma: no cover - write only
        return value


@extend_schema_field({"type": "object", "properties": {
    "name": {"type": "string", "description": "Name or acronym"}, "id": {"type": "integer"},
    "role": {"type": "string", "enum": list(ProjectPartner.Role.values)}}, "required": ["role"]})
class PartnerRoleField(serializers.Field):
    """{"name": "UNDP" (name or acronym) | "id": 3, "role": "implementing"}."""

    def to_internal_value(self, data):
        if not isinstance(data, dict) or "role" not in data:
            raise serializers.ValidationError(_('Give {"name": ..., "role": ...}.'))
        if data.get("id"):
            if isinstance(data["id"], bool) or not isinstance(data["id"], (int, str)) or \
                    not str(data["id"]).isdigit() or len(str(data["id"])) > 18:
                raise serializers.ValidationError(_("“%(id)s” is not a partner id (a whole number).") % {"id": data["id"]})
            partner = Partner.objects.filter(pk=int(data["id"])).first()
        else:
            name = str(data.get("name", "")).strip()
            partner = (Partner.objects.filter(name__iexact=name).first()
                       or Partner.objects.filter(acronym__iexact=name).first()) if name else None
        if partner is None:
            raise serializers.ValidationError(_("No partner “%(partner)s”.") % {
                "partner": data.get("name") or data.get("id")})
        if not isinstance(data["role"], str) or data["role"] not in ProjectPartner.Role.values:
            raise serializers.ValidationError(
                _("“%(role)s” is not a role (%(roles)s).") % {
                    "role": data["role"], "roles": ", ".join(ProjectPartner.Role.values)})
        return (partner, data["role"])

    def to_representation(self, value):  # pragma: no cover - write only
        return value


def resolve_results(result_codes, period, field="results"):
    if period is None:
        raise serializers.ValidationError({field: [_("Give the strategy period (or a programme) first.")]})
    nodes = {n.code: n for n in StrategyNode.objects.filter(period=period, track="results", code__in=result_codes)
             .select_related("period")}
    missing = [c for c in result_codes if c not in nodes]
    if missing:
        raise serializers.ValidationError({field: [_("No %(code)s in the strategy %(period)s.") % {"code": c, "period": period.code}
                                                   for c in missing]})
    return [nodes[c] for c in result_codes]


class CodeRelated(serializers.SlugRelatedField):
    def __init__(self, model, slug_field="code", **kwargs):
        super().__init__(slug_field=slug_field, queryset=model.objects.all(), **kwargs)


class ProjectWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    objective = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True)
    programme = CodeRelated(Programme, required=False, allow_null=True)
    component = serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                      help_text="Component code within the programme")
    strategy_period = CodeRelated(StrategyPeriod, required=False)
    lead_unit = CodeRelated(WorkUnit)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    results = serializers.ListField(child=serializers.CharField(), required=False, help_text="Result codes")
    locations = serializers.ListField(child=LocationField(), required=False)
    partners = serializers.ListField(child=PartnerRoleField(), required=False)
    is_public = serializers.BooleanField(required=False)
    iati_identifier = serializers.CharField(required=False, allow_blank=True, max_length=120)

    def validate(self, attrs):
        instance = self.instance
        programme = attrs["programme"] if "programme" in attrs else (instance.programme if instance else None)
        if attrs.get("component"):
            component = ProgrammeComponent.objects.filter(programme=programme, code=attrs["component"]).first() \
                if programme else None
            if component is None:
                raise serializers.ValidationError(
                    {"component": [
                        _("No component %(component)s in %(programme)s.") % {
                            "component": attrs["component"], "programme": programme.code}
                        if programme else
                        _("No component %(component)s in the programme (give the programme).") % {
                            "component": attrs["component"]}]})
            attrs["component"] = component
        elif "component" in attrs:
            attrs["component"] = None
        if "results" in attrs:
            period = attrs.get("strategy_period") or (programme.strategy_period if programme and not instance
                                                      else None) or (instance.strategy_period if instance else None)
            attrs["results"] = resolve_results(attrs["results"], period)
        return attrs


class ProgrammeWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Programme.Kind.choices)
    summary = serializers.CharField(required=False, allow_blank=True)
    strategy_period = CodeRelated(StrategyPeriod)
    lead_unit = CodeRelated(WorkUnit)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    countries = serializers.ListField(child=serializers.CharField(), required=False, help_text="ISO alpha-3 codes")
    areas = serializers.ListField(child=serializers.CharField(), required=False,
                                  help_text='M49 codes, or "global"')
    results = serializers.ListField(child=serializers.CharField(), required=False, help_text="Result codes")
    is_public = serializers.BooleanField(required=False)

    def validate_countries(self, values):
        found = {c.iso3: c for c in Country.objects.filter(iso3__in=[v.upper() for v in values])}
        missing = [v for v in values if v.upper() not in found]
        if missing:
            raise serializers.ValidationError([_("No country with ISO code “%(code)s”.") % {"code": v} for v in missing])
        return [found[v.upper()] for v in values]

    def validate_areas(self, values):
        wanted = ["001" if v.lower() == "global" else v.zfill(3) for v in values]
        found = {a.m49_code: a for a in Area.objects.filter(Q(m49_code__in=wanted))}
        missing = [v for v, w in zip(values, wanted) if w not in found]
        if missing:
            raise serializers.ValidationError([_("No M49 area with code “%(code)s”.") % {"code": v} for v in missing])
        return [found[w] for w in wanted]

    def validate(self, attrs):
        if "results" in attrs:
            period = attrs.get("strategy_period") or (self.instance.strategy_period if self.instance else None)
            attrs["results"] = resolve_results(attrs["results"], period)
        return attrs
