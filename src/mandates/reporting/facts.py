"""The fact engine: every figure a report states, computed by aggregate queries through the other
apps' selectors, with what it counts, its filters, its as-at date and the records behind it.

A fact is named ``kind`` or ``kind:argument`` (``states_parties:XVIII-12``, ``gp_income:CPCJF``).
Facts are computed in groups (treaties, deliveries, funding): each group runs a fixed number of
queries the first time one of its facts is asked for, whatever the size of the data.
A fact whose period or as-at date has no record says so (status ``no_data``) instead of giving 0;
a fact the reader may not see has status ``not_permitted``.
"""
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import facts_scoped, stats
from .periods import Period, ReportError
from .stats import STAT_KINDS

OK, NO_DATA, NOT_PERMITTED = "ok", "no_data", "not_permitted"
COUNT, USD, PERCENT, RATE = "count", "USD", "percent", "rate"

# kind -> (label, definition); the labels and definitions are shown on screen and in the annex.
KINDS = {
    "states_parties": (gettext_lazy("States parties to %(arg)s"), gettext_lazy(
        "Participants (States, not regional economic integration organizations) that had ratified, accepted, "
        "approved, acceded or succeeded to the instrument on or before the as-at date, from the imported "
        "UN Treaty Collection status.")),
    "ratified_in_period": (gettext_lazy("States that became parties to %(arg)s during the reporting period"),
                           gettext_lazy(
        "States that ratified, accepted, approved, acceded or succeeded to the instrument during the reporting "
        "period, which runs from the day after the as-at date of the previous report on the item (see filter "
        "“since”; the day before the biennium began when there is none) to the as-at date: States parties as at "
        "the as-at date less States parties as at the previous report.")),
    "signatories": (gettext_lazy("Signatories of %(arg)s"), gettext_lazy(
        "Participants that had signed the instrument on or before the as-at date.")),
    "deliveries": (gettext_lazy("Technical assistance deliveries"), gettext_lazy(
        "Deliveries (workshops, trainings, advisory missions, legislative assistance, tools and publications) "
        "ending between the start of the period and the as-at date, that the reader may see.")),
    "workshops": (gettext_lazy("Workshops and seminars held"), gettext_lazy(
        "Deliveries of kind “workshop or seminar” ending between the start of the period and the as-at date.")),
    "trainings": (gettext_lazy("Training courses held"), gettext_lazy(
        "Deliveries of kind “training course” ending between the start of the period and the as-at date.")),
    "officials_trained": (gettext_lazy("Officials trained"), gettext_lazy(
        "Sum of participants in workshops and training courses ending between the start of the period and "
        "the as-at date.")),
    "advisory_missions": (gettext_lazy("Advisory missions"), gettext_lazy(
        "Deliveries of kind “advisory mission” ending between the start of the period and the as-at date.")),
    "publications": (gettext_lazy("Tools and publications produced"), gettext_lazy(
        "Deliveries of kind “tool or publication” ending between the start of the period and the as-at date.")),
    "countries_assisted": (gettext_lazy("Countries assisted"), gettext_lazy(
        "Distinct countries where deliveries of the period took place or whose officials took part in them.")),
    "gp_income": (gettext_lazy("General-purpose income of %(arg)s"), gettext_lazy(
        "Projected general-purpose income of the fund for the whole biennium (contributions, allotments and "
        "support cost recorded, pledged and expected), as in the finance projections.")),
    "gp_expenditure": (gettext_lazy("General-purpose expenditure of %(arg)s"), gettext_lazy(
        "Projected general-purpose expenditure of the fund for the whole biennium (spent plus budget still to "
        "be spent at the fund's delivery rate), as in the finance projections.")),
    "gp_shortfall": (gettext_lazy("General-purpose shortfall of %(arg)s"), gettext_lazy(
        "Projected general-purpose expenditure less income for the biennium, when positive.")),
    "gp_balance": (gettext_lazy("General-purpose fund balance of %(arg)s at the end of the biennium"), gettext_lazy(
        "Opening balance plus projected income less projected expenditure.")),
    "apportionment_share": (gettext_lazy("Share of apportioned general-purpose requirements of %(arg)s"),
                            gettext_lazy("The fund's share of the general-purpose requirements apportioned "
                                         "between the funds for the biennium.")),
}
TREATY_KINDS = {"states_parties", "ratified_in_period", "signatories"}
DELIVERY_KINDS = {"deliveries", "workshops", "trainings", "officials_trained", "advisory_missions", "publications",
                  "countries_assisted"}
FINANCE_KINDS = {"gp_income", "gp_expenditure", "gp_shortfall", "gp_balance", "apportionment_share"}
DELIVERY_KIND_OF = {"workshops": "workshop", "trainings": "training", "advisory_missions": "advisory_mission",
                    "publications": "publication"}


@dataclass
class Fact:
    key: str
    kind: str
    arg: str
    label: str
    definition: str
    as_of: date
    filters: dict
    unit: str = COUNT
    value: int | Decimal | None = None
    status: str = OK
    records_url: str = ""
    subject: str = ""  # e.g. the instrument's name
    note: str = ""  # a footnote the document adds after the figure (a statistic's source and coverage)

    @property
    def has_value(self) -> bool:
        return self.status == OK and self.value is not None

    def display(self) -> str:
        """The figure as the narrative states it ("149", "$5.1 million", "25 per cent") or why there is none."""
        if self.status == NOT_PERMITTED:
            return _("[not available to you]")
        if not self.has_value:
            return _("[no data]")
        if self.unit == USD:
            if abs(self.value) >= 1_000_000:
                millions = (self.value / Decimal(1_000_000)).quantize(Decimal("0.1"), ROUND_HALF_UP)
                return _("$%(amount)s million") % {"amount": number_format(millions, 1, force_grouping=True)}
            return _("$%(amount)s") % {"amount": number_format(self.value, 0, force_grouping=True)}
        if self.unit == RATE:
            return _("%(n)s per 100,000 population") % {"n": number_format(self.value, 1, force_grouping=True)}
        if self.unit == PERCENT:
            return _("%(n)s per cent") % {"n": number_format(self.value.normalize(), force_grouping=True)}
        return number_format(self.value, 0, force_grouping=True)

    def as_json(self) -> dict:
        value = self.value
        if isinstance(value, Decimal):
            value = str(value)
        return {"key": self.key, "label": self.label, "definition": self.definition, "as_of": self.as_of.isoformat(),
                "filters": self.filters, "unit": self.unit, "value": value, "status": self.status,
                "display": self.display(), "records": self.records_url,
                "subject": self.subject, "note": self.note}


def _label(kind: str, subject: str) -> tuple[str, str]:
    label, definition = KINDS[kind]
    return str(label) % {"arg": subject}, str(definition)


@dataclass
class FactEngine:
    """Computes the facts of one report: a reader (permissions), a period and an as-at date."""

    user: object
    period: Period
    as_of: date
    since: date | None = None  # as-at date of the previous report: the reporting period starts the day after
    _cache: dict = field(default_factory=dict)
    _groups: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.since is None:
            from .periods import previous_report_as_of

            self.since = previous_report_as_of(self.as_of) or self.period.start - timedelta(days=1)

    # ----- public API ------------------------------------------------------------------------------------------
    def get(self, key: str) -> Fact:
        if key not in self._cache:
            kind, _sep, arg = key.partition(":")
            if kind not in KINDS and kind not in facts_scoped.KINDS and kind not in STAT_KINDS:
                raise ReportError(_("Unknown fact “%(key)s”.") % {"key": key})
            if kind in facts_scoped.KINDS:
                fact = Fact(key=key, kind=kind, arg=arg, label="", definition="", as_of=self.as_of, filters={})
                facts_scoped.compute(self, kind, arg, fact)
            elif kind in STAT_KINDS:
                fact = Fact(key=key, kind=kind, arg=arg, label="", definition="", as_of=self.as_of, filters={})
                stats.compute(self, arg, fact)
            elif kind in TREATY_KINDS:
                fact = self._treaty_fact(kind, arg)
            elif kind in DELIVERY_KINDS:
                fact = self._delivery_fact(kind)
            else:
                fact = self._finance_fact(kind, arg)
            fact.records_url = self.records_url(key)
            self._cache[key] = fact
        return self._cache[key]

    def used(self) -> list[Fact]:
        return list(self._cache.values())

    def records_url(self, key: str) -> str:
        return reverse("reporting:fact_records") + "?" + urlencode(
            {"fact": key, "period": self.period.code, "as_of": self.as_of.isoformat(), "since": self.since.isoformat()})

    def treaty_instruments(self, group: str = "") -> list:
        """Instruments with their counts (as at the as-at date and before the period), in display order."""
        rows = self._treaties()
        return [r for r in rows.values() if not group or r["instrument"].group == group]

    def family(self, code: str) -> list[str]:
        """An instrument's code and those of its protocols (imported ones only), in display order."""
        key = f"family:{code}"
        if key not in self._groups:
            self._groups[key] = [c for c, r in self._treaties().items()
                                 if c == code or r["instrument"].parent_id and r["instrument"].parent.code == code]
        return self._groups[key]

    def annex(self, code: str, build) -> dict:
        key = f"annex:{code}"
        if key not in self._groups:
            self._groups[key] = build(self, code)
        return self._groups[key]

    def freeze(self) -> dict:
        """Everything a final report needs to be reproduced without the live data."""
        return {"facts": [f.as_json() for f in self.used()],
                "families": {k[7:]: v for k, v in self._groups.items() if k.startswith("family:")},
                "annexes": {k[6:]: v for k, v in self._groups.items() if k.startswith("annex:")}}

    def base_filters(self) -> dict:
        return {"period": self.period.code, "from": self.period.start.isoformat(), "as_of": self.as_of.isoformat()}

    # ----- treaties ----------------------------------------------------------------------------------------------
    def _treaties(self) -> dict:
        if "treaties" not in self._groups:
            from mandates.treaties import selectors

            before = self.since
            now = {i.code: i for i in selectors.instruments_with_counts(self.user, as_of=self.as_of)
                   .order_by("position", "code")}
            then = {i.code: i.parties for i in selectors.instruments_with_counts(self.user, as_of=before)}
            self._groups["treaties"] = {code: {"instrument": inst, "parties": inst.parties,
                                               "signatories": inst.signatories, "before": then.get(code, 0)}
                                        for code, inst in now.items()}
        return self._groups["treaties"]

    def _treaty_fact(self, kind: str, code: str) -> Fact:
        row = self._treaties().get(code)
        subject = row["instrument"].short_name if row else code
        label, definition = _label(kind, subject)
        filters = {**self.base_filters(), "instrument": code}
        if kind == "ratified_in_period":
            filters["since"] = self.since.isoformat()
        fact = Fact(key=f"{kind}:{code}", kind=kind, arg=code, label=label, definition=definition,
                    as_of=self.as_of, filters=filters, subject=subject)
        if row is None:
            fact.status = NO_DATA
        elif not (row["parties"] or row["signatories"]):
            fact.status = NO_DATA  # nothing recorded for this instrument by the as-at date
        elif kind == "states_parties":
            fact.value = row["parties"]
        elif kind == "signatories":
            fact.value = row["signatories"]
        else:
            fact.value = row["parties"] - row["before"]
        return fact

    # ----- deliveries --------------------------------------------------------------------------------------------
    def delivery_queryset(self):
        from mandates.people import permissions
        from mandates.results import selectors

        return permissions.visible(self.user, selectors.delivery_queryset()).filter(
            end_date__gte=self.period.start, end_date__lte=self.as_of)

    def _deliveries(self) -> dict:
        if "deliveries" not in self._groups:
            from django.db.models import Count, Sum

            from mandates.results import selectors
            from mandates.results.models import Delivery

            qs = self.delivery_queryset()
            summary = selectors.delivery_summary(qs)
            per_kind = {r["kind"]: r for r in Delivery.objects.filter(pk__in=qs.order_by().values("pk"))
                        .order_by().values("kind").annotate(n=Count("id"), participants=Sum("participants"))}
            self._groups["deliveries"] = {"summary": summary, "per_kind": per_kind}
        return self._groups["deliveries"]

    def _delivery_fact(self, kind: str) -> Fact:
        label, definition = _label(kind, "")
        filters = {**self.base_filters()}
        if kind in DELIVERY_KIND_OF:
            filters["kind"] = DELIVERY_KIND_OF[kind]
        elif kind == "officials_trained":
            filters["kind"] = "workshop,training"
        fact = Fact(key=kind, kind=kind, arg="", label=label, definition=definition, as_of=self.as_of,
                    filters=filters)
        data = self._deliveries()
        summary, per_kind = data["summary"], data["per_kind"]
        if not summary["deliveries"]:
            fact.status = NO_DATA
        elif kind == "deliveries":
            fact.value = summary["deliveries"]
        elif kind == "countries_assisted":
            fact.value = summary["states"]
        elif kind == "officials_trained":
            fact.value = sum((per_kind.get(k, {}).get("participants") or 0) for k in ("workshop", "training"))
        else:
            fact.value = per_kind.get(DELIVERY_KIND_OF[kind], {}).get("n", 0)
        return fact

    # ----- funding -----------------------------------------------------------------------------------------------
    def may_see_finance(self) -> bool:
        from mandates.finance.models import Biennium
        from mandates.people import permissions

        return permissions.can(self.user, "view", Biennium)

    def _finance(self) -> dict:
        if "finance" not in self._groups:
            from mandates.finance import selectors
            from mandates.finance.selectors.overview import apportionment

            biennium = self.period.biennium
            rows = selectors.projections(biennium, biennium.end_date)
            gp = {p.target.fund.code: p for p in rows
                  if p.role in ("segment", "member") and p.target.kind == "general_purpose"}
            shares = {a["fund"].code: a for a in apportionment(biennium)}
            self._groups["finance"] = {"gp": gp, "apportionment": shares}
        return self._groups["finance"]

    def _finance_fact(self, kind: str, fund: str) -> Fact:
        label, definition = _label(kind, fund)
        fact = Fact(key=f"{kind}:{fund}", kind=kind, arg=fund, label=label, definition=definition, as_of=self.as_of,
                    filters={"biennium": self.period.code, "fund": fund, "projection_date":
                             self.period.end.isoformat()}, unit=PERCENT if kind == "apportionment_share" else USD)
        if not self.may_see_finance():
            fact.status = NOT_PERMITTED
            return fact
        data = self._finance()
        if kind == "apportionment_share":
            row = data["apportionment"].get(fund)
            if row is None:
                fact.status = NO_DATA
            else:
                fact.label = _label(kind, row["fund"].name)[0]
                fact.value = row["share"]
            return fact
        p = data["gp"].get(fund)
        if p is None or not (p.projected_income or p.projected_uses):
            fact.status = NO_DATA
            return fact
        fact.label = _label(kind, p.target.fund.name)[0]
        fact.value = {"gp_income": p.projected_income, "gp_expenditure": p.projected_uses,
                      "gp_shortfall": p.shortfall, "gp_balance": p.closing}[kind]
        return fact


class FrozenEngine(FactEngine):
    """The facts of a final report as they were stored when it was frozen."""

    def __init__(self, user, period, as_of, frozen: dict, since=None):
        super().__init__(user, period, as_of, since=since)
        self.frozen = frozen
        self._groups.update({f"family:{k}": v for k, v in frozen.get("families", {}).items()})
        self._groups.update({f"annex:{k}": v for k, v in frozen.get("annexes", {}).items()})
        for data in frozen.get("facts", []):
            kind, _sep, arg = data["key"].partition(":")
            value = data["value"]
            if value is not None and data["unit"] in (USD, PERCENT, RATE):
                value = Decimal(value)
            fact = Fact(key=data["key"], kind=kind, arg=arg, label=data["label"], definition=data["definition"],
                        as_of=date.fromisoformat(data["as_of"]), filters=data["filters"], unit=data["unit"],
                        value=value, status=data["status"], records_url=data["records"],
                        subject=data.get("subject", ""), note=data.get("note", ""))
            self._cache[fact.key] = fact

    def get(self, key: str) -> Fact:
        if key not in self._cache:
            raise ReportError(_("The final report has no stored fact “%(key)s”.") % {"key": key})
        return self._cache[key]


def differences(live: FactEngine, frozen: FrozenEngine) -> list[dict]:
    """The stored figures of a final report beside what the data gives now."""
    out = []
    for key, stored in frozen._cache.items():
        try:
            now = live.get(key)
        except ReportError:
            continue
        out.append({"fact": stored, "now": now, "changed": (stored.value, stored.status) != (now.value, now.status)})
    return out


def records(engine: FactEngine, key: str) -> dict:
    """The records behind a fact, for the page a click on the figure opens: headings and rows of
    (cells, link). Bounded: a fixed number of queries."""
    fact = engine.get(key)
    out = {"fact": fact, "headings": [], "rows": [], "links": []}
    if fact.status == NOT_PERMITTED:
        return out
    if fact.kind in facts_scoped.KINDS:
        facts_scoped.records(engine, fact, out)
        return out
    if fact.kind in STAT_KINDS:
        stats.records(engine, fact, out)
        return out
    if fact.kind in TREATY_KINDS:
        from mandates.treaties.models import CONSENT_KINDS, SIGNATURE_KINDS, TreatyEvent

        kinds = SIGNATURE_KINDS if fact.kind == "signatories" else CONSENT_KINDS
        qs = (TreatyEvent.objects.filter(instrument__code=fact.arg, kind__in=kinds, date__lte=engine.as_of,
                                         participant__is_rei=False)
              .select_related("participant").order_by("participant__name", "date"))
        if fact.kind == "ratified_in_period":
            earlier = TreatyEvent.objects.filter(instrument__code=fact.arg, kind__in=kinds,
                                                 date__lte=engine.since).values("participant")
            qs = qs.filter(date__gt=engine.since).exclude(participant__in=earlier)
        out["headings"] = [_("State"), _("Action"), _("Date")]
        seen = set()
        for e in qs:
            if e.participant_id in seen:
                continue
            seen.add(e.participant_id)
            out["rows"].append(([e.participant.name, e.get_kind_display(), e.date.isoformat()],
                                reverse("treaties:state", args=[e.participant.code])))
        out["links"].append((_("Status of the instrument as at this date"),
                             reverse("treaties:detail", args=[fact.arg]) + "?" + urlencode(
                                 {"as_of": engine.as_of.isoformat()})))
    elif fact.kind in DELIVERY_KINDS:
        qs = engine.delivery_queryset()
        kinds = fact.filters.get("kind", "")
        if kinds:
            qs = qs.filter(kind__in=kinds.split(","))
        out["headings"] = [_("Delivery"), _("Kind"), _("Ended"), _("Where"), _("Participants"), _("Project")]
        for d in qs.order_by("end_date", "id"):
            out["rows"].append(([d.title, d.get_kind_display(), d.end_date.isoformat(), d.where, d.participants,
                                 d.project.code], reverse("results:delivery_detail", args=[d.pk])))
    else:
        out["headings"] = [_("Figure"), _("Amount (USD)")]
        if fact.kind != "apportionment_share":
            p = engine._finance()["gp"].get(fact.arg)
            if p is not None:
                for name, value in ((_("Opening balance"), p.opening), (_("Income to date"), p.income_to_date),
                                    (_("Pledged, later dated"), p.pledged_later),
                                    (_("Expected from history"), p.expected_from_history),
                                    (_("Projected income"), p.projected_income), (_("Uses to date"), p.uses_to_date),
                                    (_("Remaining uses"), p.remaining_uses), (_("Projected uses"), p.projected_uses),
                                    (_("Shortfall"), p.shortfall), (_("Closing balance"), p.closing)):
                    out["rows"].append(([str(name), number_format(value, 2, force_grouping=True)], ""))
        out["links"].append((_("Finance projections of the biennium"), reverse("finance:projections") + "?" + urlencode(
            {"biennium": engine.period.code, "as_of": engine.period.end.isoformat()})))
        out["links"].append((_("General-purpose contributions to the fund"), reverse("finance:contribution_list")
                             + "?" + urlencode({"biennium": engine.period.code, "fund": fact.arg,
                                                "earmarking": "general_purpose"})))
    return out
