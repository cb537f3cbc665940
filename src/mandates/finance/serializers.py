"""API shapes of the finance objects. Money is a string with two decimals (never a float)."""
from rest_framework import serializers

from mandates.geography.models import Area
from mandates.portfolio.models import Programme, Project
from mandates.strategy.models import StrategyNode

from .models import BudgetLine, BudgetRevision, Contribution, Donor, ExchangeRate, Expenditure
from .selectors.sums import cents

MONEY = {"max_digits": 16, "decimal_places": 2}


def money(value) -> str:
    return f"{value:.2f}" if value is not None else None


def ratio(value) -> str | None:
    return f"{value:.4f}" if value is not None else None


class DonorSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso3", queryset=Donor._meta.get_field("country")
                                           .related_model.objects.all(), required=False, allow_null=True)
    total_usd = serializers.SerializerMethodField()
    received_usd = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()

    class Meta:
        model = Donor
        fields = ["id", "name", "short_name", "kind", "country", "iati_organisation_ref", "contributions",
                  "total_usd", "received_usd"]

    def get_total_usd(self, obj) -> str:
        return money(cents(getattr(obj, "total", None)))

    def get_received_usd(self, obj) -> str:
        return money(cents(getattr(obj, "received", None)))

    def get_contributions(self, obj) -> int:
        return getattr(obj, "count", None) or 0


class ContributionSerializer(serializers.ModelSerializer):
    donor_name = serializers.CharField(source="donor.name", read_only=True)
    segment = serializers.CharField(source="segment.code", read_only=True)
    fund = serializers.CharField(source="segment.fund.code", read_only=True)
    biennium = serializers.CharField(source="segment.biennium.code", read_only=True)
    theme = serializers.CharField(source="theme.code", read_only=True, default=None)
    area = serializers.CharField(source="area.m49_code", read_only=True, default=None)
    programme = serializers.CharField(source="programme.code", read_only=True, default=None)
    project = serializers.CharField(source="project.code", read_only=True, default=None)

    class Meta:
        model = Contribution
        fields = ["id", "reference", "donor", "donor_name", "biennium", "fund", "segment", "date", "currency",
                  "amount", "rate", "rate_month", "usd_amount", "received_amount", "received_usd", "status",
                  "earmarking", "theme", "area", "programme", "project", "psc_rate", "description"]


class ContributionWriteSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=60)
    donor = serializers.PrimaryKeyRelatedField(queryset=Donor.objects.all())
    segment = serializers.CharField(max_length=20, help_text="Segment code in the biennium of the date, e.g. CPCJF-GP")
    date = serializers.DateField()
    currency = serializers.CharField(max_length=3)
    amount = serializers.DecimalField(**MONEY)
    received_amount = serializers.DecimalField(**MONEY, required=False, default=0)
    earmarking = serializers.ChoiceField(choices=Contribution.Earmarking.choices)
    theme = serializers.PrimaryKeyRelatedField(queryset=StrategyNode.objects.all(), required=False, allow_null=True)
    area = serializers.SlugRelatedField(slug_field="m49_code", queryset=Area.objects.all(), required=False,
                                        allow_null=True)
    programme = serializers.SlugRelatedField(slug_field="code", queryset=Programme.objects.all(), required=False,
                                             allow_null=True)
    project = serializers.SlugRelatedField(slug_field="code", queryset=Project.objects.all(), required=False,
                                           allow_null=True)
    psc_rate = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class BudgetLineSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", read_only=True, default=None)
    revision = serializers.IntegerField(source="revision.number", read_only=True)
    segment = serializers.CharField(source="segment.code", read_only=True)
    biennium = serializers.CharField(source="segment.biennium.code", read_only=True)
    budget_class = serializers.CharField(source="budget_class.code", read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", "project", "revision", "biennium", "year", "segment", "budget_class", "amount", "currency",
                  "apportioned"]


class LineInSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    segment = serializers.CharField(max_length=20)
    budget_class = serializers.CharField(max_length=30)
    amount = serializers.DecimalField(**MONEY)


class BudgetRevisionSerializer(serializers.ModelSerializer):
    project = serializers.CharField(source="project.code", read_only=True, default=None)
    biennium = serializers.CharField(source="biennium.code", read_only=True, default=None)
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = BudgetRevision
        fields = ["id", "project", "biennium", "number", "reason", "is_current", "created_at", "lines"]


class BudgetRevisionWriteSerializer(serializers.Serializer):
    project = serializers.SlugRelatedField(slug_field="code", queryset=Project.objects.all(), required=False,
                                           allow_null=True, help_text="Project code (or give biennium)")
    biennium = serializers.CharField(required=False, allow_null=True, allow_blank=True,
                                     help_text="For an office-level budget: the biennium code")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    lines = LineInSerializer(many=True)


class ExpenditureSerializer(serializers.ModelSerializer):
    segment = serializers.CharField(source="segment.code", read_only=True)
    biennium = serializers.CharField(source="segment.biennium.code", read_only=True)
    project = serializers.CharField(source="project.code", read_only=True, default=None)
    budget_class = serializers.CharField(source="budget_class.code", read_only=True)
    contribution = serializers.CharField(source="contribution.reference", read_only=True, default=None)

    class Meta:
        model = Expenditure
        fields = ["id", "document_number", "line", "date", "kind", "biennium", "segment", "apportioned", "project",
                  "budget_class", "currency", "amount", "rate", "usd_amount", "contribution", "psc_rate",
                  "psc_amount", "description"]


class ExchangeRateSerializer(serializers.ModelSerializer):
    month = serializers.DateField(format="%Y-%m")

    class Meta:
        model = ExchangeRate
        fields = ["currency", "month", "units_per_usd", "is_demo"]
