from django import forms
from django.utils.translation import gettext_lazy as _

from mandates.core.forms import DateWidget
from mandates.core.locking import VersionedFormMixin
from mandates.geography.forms import PlaceChoiceField, sort_places
from mandates.geography.models import Area
from mandates.portfolio.models import Programme, Project
from mandates.strategy.models import StrategyNode

from .models import Biennium, BudgetClass, Contribution, Donor, FundSegment


class DonorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["name", "short_name", "kind", "country", "partner", "iati_organisation_ref"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sort_places(self, "country")


class SegmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.biennium} · {obj.name}"


class ContributionForm(VersionedFormMixin, forms.ModelForm):
    segment = SegmentChoiceField(
        queryset=FundSegment.objects.filter(kind__in=[FundSegment.Kind.GENERAL_PURPOSE,
                                                      FundSegment.Kind.SPECIAL_PURPOSE])
        .select_related("biennium").order_by("-biennium__start_year", "order"),
        label=_("Fund segment"), help_text="General-purpose money goes to a general-purpose segment, earmarked money to a "
                                        "special-purpose one, in the biennium of the date")
    currency = forms.CharField(max_length=3, initial="USD", help_text=_("ISO 4217 code, e.g. EUR"))
    amount = forms.DecimalField(max_digits=16, decimal_places=2, help_text=_("In the contribution's currency"))
    received_amount = forms.DecimalField(max_digits=16, decimal_places=2, required=False, initial=0,
                                         label=_("Amount received"), help_text=_("In the contribution's currency"))
    theme = forms.ModelChoiceField(queryset=StrategyNode.objects.filter(track="results").order_by("period", "sort_key"),
                                   required=False, label=_("Theme, result area or expected result (soft earmark)"))
    area = PlaceChoiceField(queryset=Area.objects.exclude(level=Area.Level.WORLD).order_by("name"),
                            required=False, label=_("Region (soft earmark)"))
    programme = forms.ModelChoiceField(queryset=Programme.objects.order_by("code"), required=False,
                                       label=_("Programme (soft earmark)"))
    project = forms.ModelChoiceField(queryset=Project.objects.order_by("code"), required=False,
                                     label=_("Project (hard earmark)"))

    class Meta:
        model = Contribution
        fields = ["reference", "donor", "date", "segment", "earmarking", "theme", "area", "programme", "project",
                  "currency", "amount", "received_amount", "psc_rate", "description"]
        widgets = {"date": forms.DateInput(attrs=DateWidget.attrs()), "description": forms.Textarea(attrs={"rows": 3})}

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()


class ReceiptForm(forms.Form):
    amount = forms.DecimalField(max_digits=16, decimal_places=2, help_text=_("In the contribution's currency"))


class SegmentSettingsForm(forms.Form):
    reserve = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0, label=_("Operating reserve (USD)"),
                                 help_text=_("A projected closing balance below this amount is flagged as a risk"))
    opening_balance = forms.DecimalField(max_digits=16, decimal_places=2, required=False,
                                         label=_("Opening balance (USD)"),
                                         help_text="Leave empty to carry forward the previous biennium's "
                                                   "closing balance")


class GroupSettingsForm(forms.Form):
    reserve = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0, label=_("Operating reserve (USD)"))


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(min_value=1900, max_value=2200)
    segment = forms.ChoiceField(label=_("Fund segment"))
    budget_class = forms.ModelChoiceField(queryset=BudgetClass.objects.all(), to_field_name="code",
                                          label=_("Budget class"))
    amount = forms.DecimalField(max_digits=16, decimal_places=2, label=_("Amount (USD)"))

    def __init__(self, *args, segment_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", "---------"), *segment_choices]


class BaseBudgetLineFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "segment_choices": self.form_kwargs.get("segment_choices", ())}


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, formset=BaseBudgetLineFormSet, extra=4, can_delete=True)


def segment_choices(bienniums) -> list[tuple[str, str]]:
    """Codes a budget line may use in these bienniums (segments, and apportionment codes)."""
    seen, out = set(), []
    for b in bienniums:
        if b.is_apportioned and b.apportionment_code and b.apportionment_code not in seen:
            seen.add(b.apportionment_code)
            out.append((b.apportionment_code, f"{b.apportionment_code} — {b.apportionment_name} ({b})"))
        for s in b.segments.all():
            if s.code not in seen:
                seen.add(s.code)
                out.append((s.code, f"{s.code} — {s.name}"))
    return out


class BudgetReasonForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                             help_text=_("Why the budget is revised (required for every revision after the original)"))


class ImportForm(forms.Form):
    file = forms.FileField(help_text=_("The ERP export in the template's format, CSV (UTF-8) or XLSX"))


class RatesImportForm(forms.Form):
    file = forms.FileField(help_text=_("CSV with the columns month, currency, units_per_usd"))


class AllotmentForm(forms.Form):
    segment = SegmentChoiceField(queryset=FundSegment.objects.filter(kind=FundSegment.Kind.REGULAR_BUDGET)
                                 .select_related("biennium").order_by("-biennium__start_year", "order"),
                                 label=_("Regular-budget section"))
    year = forms.IntegerField(min_value=1900, max_value=2200)
    amount = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0, label=_("Amount (USD)"))
    reference = forms.CharField(max_length=120, required=False)


def biennium_choices():
    return [(b.code, b.code) for b in Biennium.objects.order_by("-start_year")]
