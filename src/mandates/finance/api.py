"""``/api/v1/finance/...``: funds, projections, delivery, donors, contributions, budgets, expenditure
(with the ERP import), rates and a project's money. Same permissions as the pages; writes go
through the services (400 with a message per field, nothing half-saved)."""
from django.shortcuts import get_object_or_404
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from mandates.core.api import OptimisticLockingMixin, OptionalSlashRouter
from mandates.people import permissions

from . import selectors, services
from .models import (
    Biennium,
    BudgetLine,
    BudgetRevision,
    Contribution,
    Donor,
    ExchangeRate,
    Expenditure,
    FundSegment,
    ProjectFinance,
)
from .selectors.projections import default_as_of
from .serializers import (
    BudgetLineSerializer,
    BudgetRevisionSerializer,
    BudgetRevisionWriteSerializer,
    ContributionSerializer,
    ContributionWriteSerializer,
    DonorSerializer,
    ExchangeRateSerializer,
    ExpenditureSerializer,
    money,
    ratio,
)

BIENNIUM = OpenApiParameter("biennium", str, description="Biennium code, e.g. 2008-2009 (default: the current one)")


def _biennium(request, required=True) -> Biennium | None:
    code = request.query_params.get("biennium", "").strip()
    if code:
        found = Biennium.objects.filter(code=code).first()
        if found is None:
            raise ValidationError({"biennium": [_("Unknown biennium “%(code)s”.") % {"code": code}]})
        return found
    if not required:
        return None
    from .views.common import pick_biennium

    return pick_biennium(request._request)


def _line_data(line) -> dict:
    f = line.flows
    return {
        "code": line.code, "name": line.label, "role": line.role,
        "fund": line.segment.fund.code if line.segment else None,
        "kind": line.segment.kind if line.segment else None,
        "group": line.segment.group.code if line.segment and line.segment.group_id else None,
        "opening_balance": money(line.opening), "contributions": money(f.contributions),
        "allotments": money(f.allotments), "psc_credited": money(f.psc_credited), "income": money(f.income),
        "expenditure": money(f.expenditure), "psc_charged": money(f.psc_charged), "uses": money(f.uses),
        "net": money(f.net), "balance": money(line.closing), "budget": money(f.budget),
        "delivery": ratio(line.delivery),
    }


class FundsView(APIView):
    """Each fund segment of a biennium with its income, expenditure and balance."""

    permission_model = Biennium

    @extend_schema(parameters=[BIENNIUM], responses={200: dict})
    def get(self, request):
        biennium = _biennium(request)
        ov = selectors.fund_overview(biennium)
        lines = ov["lines"]
        return Response({
            "biennium": biennium.code, "general_purpose": biennium.general_purpose,
            "psc_rate": str(biennium.psc_rate),
            "apportionment": [{"fund": a["fund"].code, "share": str(a["share"]), "budget": money(a["budget"]),
                               "expenditure": money(a["expenditure"])} for a in ov["apportionment"]],
            "segments": [_line_data(x) for x in lines if x.role in ("segment", "member")],
            "groups": [_line_data(x) for x in lines if x.role == "group"],
            "subtotals": [_line_data(x) for x in lines if x.role == "subtotal"],
            "total": _line_data(ov["total"]),
            "shares": {"general_purpose": ratio(ov["gp_share"]), "special_purpose": ratio(ov["sp_share"]),
                       "regular_budget": ratio(ov["rb_share"])},
            "sources": [{"source": s["source"], "kind": s["kind"], "amount": money(s["amount"]),
                         "share": ratio(s["share"])} for s in ov["sources"]],
        })


class ProjectionsView(APIView):
    permission_model = Biennium

    @extend_schema(parameters=[BIENNIUM, OpenApiParameter("as_of", str, description="YYYY-MM-DD")],
                   responses={200: dict})
    def get(self, request):
        biennium = _biennium(request)
        from .views.common import parse_date

        raw = request.query_params.get("as_of", "")
        as_of = parse_date(raw)
        if raw and as_of is None:
            raise ValidationError({"as_of": [_("Give a date as YYYY-MM-DD.")]})
        as_of = as_of or default_as_of(biennium)
        rows = selectors.projections(biennium, as_of)
        return Response({"biennium": biennium.code, "as_of": as_of.isoformat(), "segments": [{
            "code": p.code, "name": p.label, "role": p.role, "opening_balance": money(p.opening),
            "income_to_date": money(p.income_to_date), "pledged_later": money(p.pledged_later),
            "expected_from_history": money(p.expected_from_history), "projected_income": money(p.projected_income),
            "uses_to_date": money(p.uses_to_date), "projected_expenditure": money(p.projected_uses),
            "surplus": money(p.net), "shortfall": money(p.shortfall), "closing_balance": money(p.closing),
            "reserve": money(p.reserve), "at_risk": p.at_risk} for p in rows]})


class DeliveryView(APIView):
    permission_model = ProjectFinance

    @extend_schema(parameters=[BIENNIUM, OpenApiParameter("by", str, enum=list(selectors.DIMENSIONS))],
                   responses={200: dict})
    def get(self, request):
        by = request.query_params.get("by", "project")
        if by not in selectors.DIMENSIONS:
            raise ValidationError({"by": [_("Choose one of %(choices)s.") % {"choices": ", ".join(selectors.DIMENSIONS)}]})
        biennium = _biennium(request, required=False)
        rows = selectors.delivery(request.user, by, biennium)
        return Response({"by": by, "biennium": biennium.code if biennium else None, "rows": [{
            "label": r["label"], "budget": money(r["budget"]), "expenditure": money(r["expenditure"]),
            "delivery": ratio(r["delivery"])} for r in rows]})


class ProjectFinanceView(APIView):
    permission_model = ProjectFinance

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        project = get_object_or_404(ProjectFinance, pk=pk)
        self.check_object_permissions(request, project)
        pf = selectors.project_finance(request.user, project)
        return Response({
            "project": project.code, "total": {k: money(v) if k != "delivery" else ratio(v)
                                               for k, v in pf["total"].items()},
            "by_year": [{"year": y["year"], "budget": money(y["budget"]), "expenditure": money(y["expenditure"]),
                         "delivery": ratio(y["delivery"])} for y in pf["years"]],
            "lines": [{"year": r["year"], "budget_class": r["budget_class"].code, "budget": money(r["budget"]),
                       "expenditure": money(r["expenditure"]), "obligations": money(r["obligations"]),
                       "psc": money(r["psc"]), "delivery": ratio(r["delivery"])} for r in pf["lines"]],
            "revisions": [{"number": r.number, "reason": r.reason, "is_current": r.is_current,
                           "total": money(r.total or 0)} for r in pf["revisions"]],
        })


class DonorViewSet(OptimisticLockingMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    serializer_class = DonorSerializer
    permission_model = Donor

    def get_queryset(self):
        return selectors.donors(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.save_donor(None, by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.save_donor(serializer.instance, by=self.request.user,
                                                  **serializer.validated_data)


class ContributionViewSet(OptimisticLockingMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Pledges and contributions. Filters: donor (id, short name, name or ISO3), biennium, donor_kind, fund,
    segment, earmarking, status, currency, year, q."""

    serializer_class = ContributionSerializer
    permission_model = Contribution

    def get_queryset(self):
        params = {k: self.request.query_params.get(k, "") for k in selectors.registers.CONTRIBUTION_FILTERS}
        return selectors.contributions(self.request.user, **params)

    def _save(self, instance, data):
        data = dict(data)
        code = data.pop("segment")
        segment = FundSegment.objects.filter(code=code, biennium__start_year__lte=data["date"].year,
                                             biennium__end_year__gte=data["date"].year).first()
        if segment is None:
            raise ValidationError({"segment": [_("No segment “%(code)s” in the biennium of %(date)s.") % {
                "code": code, "date": data["date"]}]})
        return services.save_contribution(instance, by=self.request.user, segment=segment, **data)

    @extend_schema(request=ContributionWriteSerializer, responses={201: ContributionSerializer})
    def create(self, request, *args, **kwargs):
        write = ContributionWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        saved = self._save(None, write.validated_data)
        return Response(ContributionSerializer(self.get_queryset().get(pk=saved.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=ContributionWriteSerializer, responses={200: ContributionSerializer})
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        write = ContributionWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        saved = self._save(instance, write.validated_data)
        return Response(ContributionSerializer(self.get_queryset().get(pk=saved.pk)).data)


class BudgetLineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Current budget lines. Filters: project (code), biennium, segment, year."""

    serializer_class = BudgetLineSerializer
    permission_model = BudgetLine

    def get_queryset(self):
        qs = BudgetLine.objects.filter(is_current=True).select_related(
            "project", "revision", "segment", "segment__biennium", "budget_class").order_by("project__code", "year",
                                                                                            "segment__order")
        p = self.request.query_params
        if p.get("project"):
            qs = qs.filter(project__code=p["project"])
        if p.get("biennium"):
            qs = qs.filter(segment__biennium__code=p["biennium"])
        if p.get("segment"):
            qs = qs.filter(segment__code=p["segment"])
        if p.get("year", "").isdigit():
            qs = qs.filter(year=int(p["year"]))
        return permissions.visible(self.request.user, qs)


class BudgetRevisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Budget revisions, each with its lines; POST records a new revision (a complete new version)."""

    serializer_class = BudgetRevisionSerializer
    permission_model = BudgetRevision

    def get_queryset(self):
        qs = BudgetRevision.objects.select_related("project", "biennium").prefetch_related(
            "lines__segment__biennium", "lines__budget_class", "lines__project", "lines__revision")
        if self.request.query_params.get("project"):
            qs = qs.filter(project__code=self.request.query_params["project"])
        return permissions.visible(self.request.user, qs).order_by("project__code", "-number")

    @extend_schema(request=BudgetRevisionWriteSerializer, responses={201: BudgetRevisionSerializer})
    def create(self, request, *args, **kwargs):
        write = BudgetRevisionWriteSerializer(data=request.data)
        write.is_valid(raise_exception=True)
        data = write.validated_data
        biennium = None
        if data.get("biennium"):
            biennium = Biennium.objects.filter(code=data["biennium"]).first()
            if biennium is None:
                raise ValidationError({"biennium": [_("Unknown biennium “%(code)s”.") % {"code": data["biennium"]}]})
        revision = services.revise_budget(project=data.get("project"), biennium=biennium, lines=data["lines"],
                                          reason=data["reason"], by=request.user)
        return Response(BudgetRevisionSerializer(self.get_queryset().get(pk=revision.pk)).data,
                        status=status.HTTP_201_CREATED)


class ExpenditureViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Expenditure and obligations. Filters: project (code), biennium, segment, kind, document_number.
    ``POST .../expenditure/import`` (multipart, field ``file``) imports an ERP export."""

    serializer_class = ExpenditureSerializer
    permission_model = Expenditure

    def get_queryset(self):
        qs = Expenditure.objects.select_related("segment", "segment__biennium", "project", "budget_class",
                                                "contribution")
        p = self.request.query_params
        for param, lookup in (("project", "project__code"), ("biennium", "segment__biennium__code"),
                              ("segment", "segment__code"), ("kind", "kind"), ("document_number", "document_number")):
            if p.get(param):
                qs = qs.filter(**{lookup: p[param]})
        return permissions.visible(self.request.user, qs).order_by("-date", "document_number", "line")


class ExpenditureImportView(APIView):
    permission_model = Expenditure
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}}}, responses={201: dict})
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise ValidationError({"file": [_("Attach the ERP export as “file”.")]})
        batch = services.import_expenditure(upload, by=request.user, file_name=upload.name)
        return Response({"file": batch.file_name, "rows": batch.rows, "created": batch.created,
                         "updated": batch.updated, "unchanged": batch.unchanged}, status=status.HTTP_201_CREATED)


class ExchangeRateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ExchangeRateSerializer
    permission_model = ExchangeRate

    def get_queryset(self):
        qs = ExchangeRate.objects.order_by("currency", "month")
        if self.request.query_params.get("currency"):
            qs = qs.filter(currency=self.request.query_params["currency"].upper())
        return qs


router = OptionalSlashRouter()
router.register("finance/donors", DonorViewSet, basename="finance-donor")
router.register("finance/contributions", ContributionViewSet, basename="finance-contribution")
router.register("finance/budgets", BudgetLineViewSet, basename="finance-budget")
router.register("finance/budget-revisions", BudgetRevisionViewSet, basename="finance-budget-revision")
router.register("finance/expenditure", ExpenditureViewSet, basename="finance-expenditure")
router.register("finance/rates", ExchangeRateViewSet, basename="finance-rate")

urlpatterns = [
    re_path(r"^finance/funds/?$", FundsView.as_view(), name="finance-funds"),
    re_path(r"^finance/projections/?$", ProjectionsView.as_view(), name="finance-projections"),
    re_path(r"^finance/delivery/?$", DeliveryView.as_view(), name="finance-delivery"),
    re_path(r"^finance/projects/(?P<pk>[0-9]+)/?$", ProjectFinanceView.as_view(), name="finance-project"),
    re_path(r"^finance/expenditure/import/?$", ExpenditureImportView.as_view(), name="finance-expenditure-import"),
    path("", include(router.urls)),
]
